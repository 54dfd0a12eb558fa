import { pointerOf } from '../shape';
import { admitsAsciiDigits, admitsAsciiLetters, classSample, parseCharClassPattern } from './char-class';
import type { CaseDraft, Keyword } from './keyword';

/**
 * `pattern` of the simple `^[...]+$` kind specs use for identifiers: every character class accepted in one
 * value, and values outside it (empty, a space, punctuation, non-ASCII look-alikes) rejected. A richer
 * pattern yields no cases, and the coverage test then fails.
 */
export const pattern: Keyword<'pattern'> = {
  name: 'pattern',
  at: 'value',
  cases: ({ field, node }) => {
    const source = node.pattern;
    const parsed = typeof source === 'string' ? parseCharClassPattern(source) : undefined;
    if (typeof source !== 'string' || !parsed) return [];
    const regex = new RegExp(source, 'u');
    const fresh = (current: unknown) => (typeof current === 'string' && regex.test(current) ? current : '');
    const specPointer = `${pointerOf(node)}/pattern`;
    const classes = classSample(parsed);
    // One create covers every class: each class is one character of one value, and a rejection shows the
    // value whole, so separate creates would add conferences without adding diagnosis.
    const cases: CaseDraft[] = [
      {
        variant: 'pattern.classes',
        keyword: 'pattern',
        outcome: 'accepted',
        description: `${field} using every character class of ${source} ("${classes}") is accepted`,
        specPointer,
        change: { value: (current) => `${fresh(current)}${classes}` },
      },
    ];
    const outside: {
      variant: string;
      what: string;
      value: (current: string) => string;
      tolerated?: CaseDraft['tolerated'];
    }[] = [
      { variant: 'pattern.empty', what: 'empty', value: () => '' },
      { variant: 'pattern.space', what: 'with a space', value: (current) => `${current || 'x'} x` },
      {
        // `$` in PCRE, Python and Ruby matches before a final newline; in ECMA-262 (JSON Schema's) it does not.
        variant: 'pattern.trailing-newline',
        what: 'followed by a newline (PCRE, Python and Ruby let `$` match before a final "\\n")',
        value: (current) => `${current || 'x'}\n`,
        tolerated: {
          requirement: 'convention.echo-exact-whitespace',
          why: 'trimmed to a valid value before validation (trimming middleware), as its echo shows',
          ifTrimmed: true,
        },
      },
    ];
    const punctuation = ['.', '!', '/', '+', '@', '#'].find((char) => !regex.test(char));
    if (punctuation) {
      outside.push({
        variant: 'pattern.punctuation',
        what: `with "${punctuation}"`,
        value: (current) => `${current || 'x'}${punctuation}x`,
      });
    }
    if (admitsAsciiLetters(parsed))
      outside.push({ variant: 'pattern.non-ascii-letter', what: 'with "é"', value: (c) => `${c || 'x'}é` });
    if (admitsAsciiDigits(parsed)) {
      outside.push({
        variant: 'pattern.non-ascii-digit',
        what: 'with "٣" (Arabic-Indic 3)',
        value: (c) => `${c || 'x'}٣`,
      });
    }
    for (const { variant, what, value, tolerated } of outside) {
      if (regex.test(value('x'))) continue;
      cases.push({
        variant,
        keyword: 'pattern',
        outcome: 'rejected',
        description: `${field} ${what}, outside ${source}, is rejected`,
        specPointer,
        change: { value: (current) => value(fresh(current)) },
        ...(tolerated ? { tolerated } : {}),
      });
    }
    return cases;
  },
  statement: (field, node) =>
    `\`${field}\` matching ${String(node?.pattern)} is accepted; anything else is rejected with 400`,
  expected: (error) =>
    error.keyword === 'pattern' ? `a string matching ${error.params.pattern}` : undefined,
};
