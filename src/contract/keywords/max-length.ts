import { pointerOf } from '../shape';
import type { CaseDraft, Keyword } from './keyword';
import { asciiStringOfLength, emailOfLength, mixedStringOfLength, RFC5321_MAX_ADDRESS } from './values';

/**
 * `maxLength`, counted in Unicode code points as JSON Schema counts: at the limit accepted (with characters
 * on which bytes, UTF-16 units and code points disagree), one past it rejected (ASCII, where they agree).
 */
export const maxLength: Keyword<'maxLength'> = {
  name: 'maxLength',
  at: 'value',
  cases: ({ field, node }) => {
    const max = node.maxLength;
    if (typeof max !== 'number') return [];
    const draft = (
      variant: string,
      outcome: CaseDraft['outcome'],
      description: string,
      value: (current: unknown) => unknown,
    ): CaseDraft => ({
      variant,
      keyword: 'maxLength',
      outcome,
      description,
      specPointer: `${pointerOf(node)}/maxLength`,
      change: { value },
    });
    if (node.format === 'email') {
      // RFC 5321 as a whole: the accepted case stays within 254 even where maxLength allows more, nothing is
      // asserted between 254 and maxLength (the spec and the RFC disagree there), one past maxLength is rejected.
      const accepted = Math.min(max, RFC5321_MAX_ADDRESS);
      const exact = emailOfLength(accepted);
      const over = emailOfLength(max + 1);
      return [
        ...(exact
          ? [
              draft(
                accepted === max ? 'maxLength.exact' : 'maxLength.rfc5321',
                'accepted',
                accepted === max
                  ? `${field}: a valid address of exactly ${max} characters (local part 64, labels ≤ 63) is accepted`
                  : `${field}: a valid address of ${accepted} characters, the RFC 5321 limit within maxLength ${max}, is accepted`,
                () => exact,
              ),
            ]
          : []),
        ...(over
          ? [
              draft(
                'maxLength.over',
                'rejected',
                `${field}: a well-formed address of ${max + 1} ASCII characters, one past maxLength, is rejected`,
                () => over,
              ),
            ]
          : []),
      ];
    }
    const prefix = (current: unknown) => (typeof current === 'string' ? current : 'Conformance test value');
    return [
      draft(
        'maxLength.exact',
        'accepted',
        `${field} of exactly ${max} code points, with 2-byte, 3-byte and astral characters, is accepted`,
        (current) => mixedStringOfLength(prefix(current), max),
      ),
      draft(
        'maxLength.over',
        'rejected',
        `${field} of ${max + 1} ASCII characters, one past maxLength under every way of counting, is rejected`,
        (current) => asciiStringOfLength(prefix(current), max + 1),
      ),
      // validator.js' isLength (class-validator, express-validator) does not count U+FE0F/U+FE0E; JSON Schema
      // counts every code point, so this is one past maxLength.
      draft(
        'maxLength.over-ignorable',
        'rejected',
        `${field} of ${max} ASCII characters and a variation selector (U+FE0F), ${max + 1} code points, is rejected`,
        (current) => `${asciiStringOfLength(prefix(current), max)}\ufe0f`,
      ),
    ];
  },
  statement: (field, node) =>
    `\`${field}\` of up to ${String(node?.maxLength)} characters is accepted; longer is rejected with 400`,
  expected: (error) =>
    error.keyword === 'maxLength'
      ? `at most ${error.params.limit} characters (Unicode code points)`
      : undefined,
};
