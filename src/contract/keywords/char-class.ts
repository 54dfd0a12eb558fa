/**
 * Reads the simple patterns specs use for identifiers, `^[...]+$` (also `*` and `{m,n}`), into their
 * character classes, so cases can show every class accepted and characters outside them rejected.
 * Anything richer yields undefined: the generator then makes no pattern cases and the coverage test fails.
 */
export interface CharRange {
  readonly from: string;
  readonly to: string;
}

export interface CharClassPattern {
  readonly ranges: readonly CharRange[];
}

const SIMPLE = /^\^\[((?:\\.|[^\]\\])+)\](?:\+|\*|\{\d+(?:,\d*)?\})\$$/u;

const ESCAPES: Record<string, readonly CharRange[]> = {
  d: [{ from: '0', to: '9' }],
  w: [
    { from: 'a', to: 'z' },
    { from: 'A', to: 'Z' },
    { from: '0', to: '9' },
    { from: '_', to: '_' },
  ],
};

export function parseCharClassPattern(pattern: string): CharClassPattern | undefined {
  const body = SIMPLE.exec(pattern)?.[1];
  if (body === undefined || body.startsWith('^')) return undefined;
  const chars = [...body];
  const ranges: CharRange[] = [];
  let i = 0;
  const atom = (): readonly CharRange[] | string | undefined => {
    const char = chars[i++];
    if (char !== '\\') return char;
    const escaped = chars[i++];
    if (escaped === undefined) return undefined;
    if (ESCAPES[escaped]) return ESCAPES[escaped];
    return /[a-zA-Z0-9]/.test(escaped) ? undefined : escaped;
  };
  while (i < chars.length) {
    const first = atom();
    if (first === undefined) return undefined;
    if (typeof first !== 'string') {
      ranges.push(...first);
      continue;
    }
    // "a-z" is a range; a "-" first, last or after a range is a literal (as ECMA-262 reads `[0-9-_]`).
    if (chars[i] === '-' && i + 1 < chars.length) {
      i++;
      const last = atom();
      if (typeof last !== 'string') return undefined;
      ranges.push({ from: first, to: last });
    } else ranges.push({ from: first, to: first });
  }
  return { ranges };
}

/** Both ends of every range, e.g. "azAZ09-_" for `^[a-zA-Z0-9-_]+$`. */
export function classSample(pattern: CharClassPattern): string {
  const chars = pattern.ranges.flatMap((range) =>
    range.from === range.to ? [range.from] : [range.from, range.to],
  );
  return [...new Set(chars)].join('');
}

const isIn = (range: CharRange, low: string, high: string): boolean => range.from >= low && range.to <= high;

/** Which kinds of ASCII characters the classes admit, to pick non-ASCII look-alikes outside them. */
export function admitsAsciiLetters(pattern: CharClassPattern): boolean {
  return pattern.ranges.some(
    (range) => range.from !== range.to && (isIn(range, 'a', 'z') || isIn(range, 'A', 'Z')),
  );
}

export function admitsAsciiDigits(pattern: CharClassPattern): boolean {
  return pattern.ranges.some((range) => range.from !== range.to && isIn(range, '0', '9'));
}
