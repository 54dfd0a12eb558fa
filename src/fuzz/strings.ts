import fc from 'fast-check';
import type { CharClassPattern } from '../contract/keywords/char-class';

/**
 * Strings over the whole range a JSON Schema `string` admits: any Unicode scalar value (never a lone
 * surrogate, which is not a character and not valid UTF-8), lengths counted in code points as JSON Schema
 * counts them. Weighted towards what frameworks and databases treat specially, so a few hundred samples
 * reach them: control characters, whitespace (at the ends too), combining marks, astral characters.
 */

const codePoint = (min: number, max: number): fc.Arbitrary<string> =>
  fc.integer({ min, max }).map((point) => String.fromCodePoint(point));

const printableAscii = codePoint(0x20, 0x7e);
/** C0 (NUL included), DEL and C1. */
const control = fc.oneof(codePoint(0x00, 0x1f), codePoint(0x7f, 0x9f));
/** What `trim()` and PCRE's `\s` remove, and the invisible characters Laravel's TrimStrings adds to them. */
export const WHITESPACE = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\u000b',
  '\f',
  '\u00a0',
  '\u1680',
  '\u2003',
  '\u2028',
  '\u3000',
  '\ufeff',
  '\u200b',
  '\u200e',
] as const;
const whitespace = fc.constantFrom(...WHITESPACE);
const combining = codePoint(0x0300, 0x036f);
/** The Basic Multilingual Plane without the surrogate block. */
const bmp = fc.oneof(codePoint(0xa0, 0xd7ff), codePoint(0xe000, 0xffff));
const astral = codePoint(0x10000, 0x10ffff);

export const anyCharacter: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: printableAscii, weight: 6 },
  { arbitrary: control, weight: 1 },
  { arbitrary: whitespace, weight: 1 },
  { arbitrary: combining, weight: 1 },
  { arbitrary: bmp, weight: 2 },
  { arbitrary: astral, weight: 1 },
);

/** Code points from `min` to `max`: mostly short, sometimes up to the limit, the empty string included. */
export function unicodeString(minLength: number, maxLength: number): fc.Arbitrary<string> {
  const chars = (size: fc.SizeForArbitrary) =>
    fc.array(anyCharacter, { minLength, maxLength, size }).map((list) => list.join(''));
  return fc.oneof({ arbitrary: chars('small'), weight: 3 }, { arbitrary: chars('max'), weight: 1 });
}

/** Characters inside a `^[...]+$` pattern's classes, e.g. `[a-zA-Z0-9-_]`. */
export function classCharacter(pattern: CharClassPattern): fc.Arbitrary<string> {
  return fc.oneof(
    ...pattern.ranges.map((range) => codePoint(range.from.codePointAt(0)!, range.to.codePointAt(0)!)),
  );
}

export function inClass(pattern: CharClassPattern, char: string): boolean {
  const point = char.codePointAt(0)!;
  return pattern.ranges.some(
    (range) => point >= range.from.codePointAt(0)! && point <= range.to.codePointAt(0)!,
  );
}

/** Any character the classes do not admit: what a pattern violation inserts. */
export function outsideClass(pattern: CharClassPattern): fc.Arbitrary<string> {
  return anyCharacter.filter((char) => !inClass(pattern, char));
}

const TRIMMED = new RegExp(`^[${WHITESPACE.join('')}\\s]+|[${WHITESPACE.join('')}\\s]+$`, 'gu');

/** What a trimming middleware (Laravel's TrimStrings, Rails' squish-free strip) leaves of a string. */
export function trimmed(value: string): string {
  return value.replace(TRIMMED, '');
}
