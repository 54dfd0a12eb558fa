import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import unhomoglyph from 'unhomoglyph';
import { fold } from '../../src/safety/fold';
import { anyOf, createSanitizer, decodeBase64Runs } from '../../src/safety/sanitize';

/**
 * The output sweep's costliest readings of a document and its search of them, written for speed, against what
 * they were written from: the same text out, for any text in. The searches for a credential then see the same readings, so the
 * sweep finds exactly what it found before (tests/unit/sanitize.test.ts and the hostile project say what that is).
 */

/** Every run of 8 or more base64(url) characters, a buffer for each reading (Node's own decoder). */
function decodeBase64RunsByBuffer(text: string): string {
  const out: string[] = [];
  for (const match of text.matchAll(/[A-Za-z0-9+/_-]{8,}/g)) {
    const run = match[0].replace(/-/g, '+').replace(/_/g, '/');
    for (let offset = 0; offset < 4; offset++)
      out.push(Buffer.from(run.slice(offset), 'base64').toString('latin1'));
  }
  return out.join('\n');
}

const HIDDEN = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{M}]/gu;
const foldUnicode = (text: string) =>
  unhomoglyph(text.toUpperCase().normalize('NFKD').replace(HIDDEN, ''))
    .normalize('NFKD')
    .replace(HIDDEN, '')
    .toLowerCase();
/** Each ASCII character other than a-h, j-z, 2-9 and space folded alone; each run of other characters whole. */
const foldByCharacter = (text: string) =>
  text.replace(/[\u0080-\uffff]+|[^a-hj-z2-9 ]/g, (part) => foldUnicode(part));

/** Text a report holds: base64 and base64url runs of every length, padding, words, JSON, escapes, look-alikes. */
const BASE64ISH = [...'ABCXYZabcxyz0189+/-_=', ...' \n".:,{}\\%&#;', 'é', 'Ｃ', '\u200b', 'С', '𝐀'];
const documents = fc.oneof(
  fc.string({ unit: fc.constantFrom(...BASE64ISH), maxLength: 400 }),
  fc.string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_'),
    maxLength: 2000,
  }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('base64')),
);

test('base64 runs decoded into one buffer read exactly as a buffer for each reading', () => {
  fc.assert(
    fc.property(documents, (text) => {
      expect(decodeBase64Runs(text)).toBe(decodeBase64RunsByBuffer(text));
    }),
    { numRuns: 3000, seed: 20261205 },
  );
  // The edges: runs of 7 (not read), 8 and 9 characters, runs at both ends, a 4-character remainder of each size.
  for (const text of ['abcdefg', 'abcdefgh', '-abcdefgh_', 'abcdefghi.abcdefghij', 'QUJDREVGR0g=QUJD', '']) {
    expect(decodeBase64Runs(text), text).toBe(decodeBase64RunsByBuffer(text));
  }
  expect(decodeBase64Runs('Y2FuYXJ5LWtleQ')).toContain('canary-key');
});

test('fold visits only what it changes, and gives what folding each character alone gives', () => {
  fc.assert(
    fc.property(documents, (text) => {
      expect(fold(text)).toBe(foldByCharacter(text));
    }),
    { numRuns: 3000, seed: 20261205 },
  );
  expect(fold('ＣＡＮＡＲＹ "Key" 01 |i`')).toBe(foldByCharacter('ＣＡＮＡＲＹ "Key" 01 |i`'));
  expect(fold('ＣＡＮＡＲＹ-Ke\u200by')).toBe('canary-key');
});

/** Literals as the exit builds them (fragments, encoded forms), with every character a regular expression treats specially. */
const LITERAL_UNITS = [
  ...'abAB019',
  ...('.*+?^$' + '{}()|[]\\/-~%&#;'),
  '\n',
  '\u2028',
  'é',
  'É',
  '\ud835',
  '\udc00',
  '𝐀',
];
const literals = fc.array(fc.string({ unit: fc.constantFrom(...LITERAL_UNITS), maxLength: 12 }), {
  maxLength: 20,
});

test('anyOf finds a literal exactly where some literal is included', () => {
  fc.assert(
    fc.property(
      literals,
      fc.string({ unit: fc.constantFrom(...LITERAL_UNITS), maxLength: 300 }),
      fc.nat(),
      (words, noise, pick) => {
        // Half the texts hold one of the literals (the case that matters), between noise on both sides.
        const planted = words.length > 0 && pick % 2 === 0 ? words[pick % words.length]! : '';
        const text = noise.slice(0, pick % 150) + planted + noise.slice(pick % 150);
        expect(anyOf(words)(text)).toBe(words.some((word) => text.includes(word)));
      },
    ),
    { numRuns: 1000, seed: 20261205 },
  );
  expect(anyOf([])('anything')).toBe(false);
  expect(anyOf([''])('')).toBe(true);
  expect(anyOf(['a.c'])('abc')).toBe(false);
  expect(anyOf(['(x|y)'])('y')).toBe(false);
  expect(anyOf(['\\d'])('1')).toBe(false);
});

test('anyOf with what long credentials make: literals of kilobytes, and more than one pattern holds', () => {
  // Four 16 KB secrets: their encoded forms made one pattern V8 refused ("Invalid regular expression").
  const secrets = [1, 2, 3, 4].map((seed) =>
    Array.from(
      { length: 16_384 },
      (_, at) => 'abcdefghijklmnopqrstuvwxyz0123456789-_'[(at * 7 + seed * 13 + (at >> 5)) % 38],
    ).join(''),
  );
  const sanitizer = createSanitizer(secrets);
  expect(sanitizer.finds(`${'x'.repeat(1000)}${secrets[2]!.slice(5000, 5030)}`)).toBe(true);
  expect(sanitizer.finds(JSON.stringify({ key: [...secrets[3]!].reverse().join('') }))).toBe(true);
  expect(sanitizer.finds('nothing of theirs')).toBe(false);
  expect(sanitizer.text(`key=${secrets[0]}`)).toBe('key=[REDACTED]');
  // Literals of every length around the bound between a pattern and `includes`, and thousands of them (so
  // several patterns): each found, and what is one character short of it read as the loop reads it.
  const words = Array.from({ length: 3000 }, (_, at) => `w${at}.`.padEnd(3 + (at % 400), '+'));
  const search = anyOf(words);
  for (let at = 0; at < words.length; at += 37) {
    for (const text of [`<${words[at]!}>`, `<${words[at]!.slice(0, -1)}>`, `<${words[2999 - at]!}>`]) {
      expect(search(text), `${at}`).toBe(words.some((word) => text.includes(word)));
    }
  }
});
