import { pointerOf } from '../shape';
import type { CaseDraft, Keyword } from './keyword';
import { INVALID_EMAILS, MISPLACED_DOT_EMAIL } from './values';

/** Past the range of the integer formats under every reading: beyond what a double can confuse. */
const INTEGER_RANGES: Record<string, { min: number; max: number }> = {
  int64: { min: -(2 ** 63) - 2048, max: 2 ** 63 + 2048 },
  int32: { min: -(2 ** 31) - 1, max: 2 ** 31 },
};

const FORMAT_HINTS: Record<string, string> = {
  'date-time': ' (RFC 3339 date and time with a time-zone offset, e.g. 2026-11-24T09:30:00Z)',
  email: ' (an e-mail address)',
  int64: ' (a whole number within the signed 64-bit range)',
  int32: ' (a whole number within the signed 32-bit range)',
};

/** `format`: e-mail addresses no reading of RFC 5322 accepts, and integers past their format's range. */
export const format: Keyword<'format'> = {
  name: 'format',
  at: 'value',
  cases: ({ field, node }) => {
    const name = node.format;
    if (typeof name !== 'string') return [];
    const reject = (variant: string, description: string, value: unknown): CaseDraft => ({
      variant,
      keyword: 'format',
      outcome: 'rejected',
      description,
      specPointer: `${pointerOf(node)}/format`,
      change: { value: () => value },
    });
    const cases: CaseDraft[] = [];
    if (name === 'email') {
      for (const invalid of INVALID_EMAILS)
        cases.push(
          reject(
            `format.invalid.${invalid.variant}`,
            `${field} with ${invalid.what} is rejected (format email)`,
            invalid.value,
          ),
        );
      // Validators disagree here (ajv-formats' default "fast" mode accepts it): a warning, not silence.
      cases.push({
        ...reject(
          'format.invalid.misplaced-dot',
          `${field} with a doubled dot in the local part (not an RFC 5322 dot-atom) is rejected`,
          MISPLACED_DOT_EMAIL,
        ),
        tolerated: {
          requirement: 'convention.email-dot-atom',
          why: "validators disagree on misplaced dots (ajv-formats' default mode accepts them)",
        },
      });
    }
    const range = INTEGER_RANGES[name];
    if (range) {
      cases.push(
        reject('format.over', `${field} ${range.max}, above the ${name} range, is rejected`, range.max),
      );
      cases.push(
        reject('format.under', `${field} ${range.min}, below the ${name} range, is rejected`, range.min),
      );
    }
    return cases;
  },
  statement: (field, node) => `\`${field}\` that is not ${String(node?.format)} is rejected with 400`,
  expected: (error) => {
    if (error.keyword !== 'format') return undefined;
    const name = error.params.format;
    // int32/int64 are formats of integers, the others of strings.
    return `${/^int(32|64)$/.test(name) ? 'an integer' : 'a string'} in format "${name}"${FORMAT_HINTS[name] ?? ''}`;
  },
};
