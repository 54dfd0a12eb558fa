import { expect, test } from '@playwright/test';
import { fold } from '../../src/safety/fold';
import { createSanitizer, escapeControls, WITHHELD } from '../../src/safety/sanitize';

/**
 * The output exit reads text as a person reads it (issue 20): a key written in look-alikes is withheld like
 * a key written plainly, and ordinary text in other scripts is left alone.
 */
const SECRET = 'CANARY/SECRET+9f8e7d6c/must-never-leak';
const clean = createSanitizer(['canary-key-id-0a1b2c3d', SECRET]);
const fullwidth = (text: string) =>
  text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const bold = (text: string) =>
  [...text]
    .map((c) =>
      /[A-Z]/.test(c)
        ? String.fromCodePoint(0x1d400 + c.charCodeAt(0) - 65)
        : /[a-z]/.test(c)
          ? String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97)
          : c,
    )
    .join('');
const interleaved = (text: string, mark: string) => [...text].join(mark);
const cyrillic = (text: string) =>
  text.replace(
    /[ACEKMOPTXaceopxy]/g,
    (c) =>
      ({
        A: 'А',
        C: 'С',
        E: 'Е',
        K: 'К',
        M: 'М',
        O: 'О',
        P: 'Р',
        T: 'Т',
        X: 'Х',
        a: 'а',
        c: 'с',
        e: 'е',
        o: 'о',
        p: 'р',
        x: 'х',
        y: 'у',
      })[c] ?? c,
  );

const LOOK_ALIKES: readonly (readonly [string, string])[] = [
  ['fullwidth', fullwidth(SECRET)],
  ['mathematical bold', bold(SECRET)],
  ['interleaved with U+200B', interleaved(SECRET, '\u200b')],
  ['interleaved with U+00AD', interleaved(SECRET, '\u00ad')],
  ['interleaved with U+FEFF', interleaved(SECRET, '\ufeff')],
  ['interleaved with U+2060', interleaved(SECRET, '\u2060')],
  ['with combining marks', interleaved(SECRET, '\u0301') + '\u0301'],
  ['Cyrillic look-alikes', cyrillic(SECRET)],
  ['fullwidth and lower case', fullwidth(SECRET.toLowerCase())],
  ['a fullwidth half', `${fullwidth(SECRET.slice(0, 20))} and more`],
];

for (const [name, form] of LOOK_ALIKES) {
  test(`the key in ${name} is withheld`, () => {
    expect(form).not.toContain(SECRET.slice(0, 10));
    expect(fold(form)).toContain(fold(SECRET).slice(0, 19));
    expect(clean.text(`{"title":"${form}"}`)).toBe(WITHHELD);
    expect(clean.finds(`<p>${form}</p>`)).toBe(true);
  });
}

test('with redaction off the look-alikes are written as they came: the cases above are not vacuous', () => {
  const open = createSanitizer([SECRET], { redact: false });
  for (const [, form] of LOOK_ALIKES) expect(open.text(form)).toBe(escapeControls(form));
  expect(open.finds(fullwidth(SECRET))).toBe(false);
});

test('lookalike_no_false_positive: ordinary text in other scripts and with accents is kept', () => {
  for (const text of [
    'Конференция по безопасности',
    'Réunion annuelle — café ＯＫ',
    '会議のタイトル',
    'The given data was invalid.',
    `mbct-20260101-abc123-w0-0001 ${fullwidth('public_id')}`,
  ])
    expect(clean.text(text)).toBe(text);
});

test('fold: NFKC letters, no invisible characters or marks, confusables to their prototype, lower case', () => {
  expect(fold('ＡＢＣ')).toBe('abc');
  expect(fold('𝐀𝐁𝐂')).toBe('abc');
  expect(fold('A\u200bB\u00adC\ufeff')).toBe('abc');
  expect(fold('Ａ\u0301')).toBe('a');
  expect(fold('САТ')).toBe(fold('CAT'));
});

test('bidi controls and what XML 1.0 forbids are written as \\uXXXX', () => {
  const hostile = 'a\u061cb\u200ec\u202ad\u2067e\ufffef\uffffg\ud800h\udc00i\u0001j';
  expect(escapeControls(hostile)).toBe(
    'a\\u061cb\\u200ec\\u202ad\\u2067e\\ufffef\\uffffg\\ud800h\\udc00i\\u0001j',
  );
  // A surrogate pair is a character (an emoji), not two lone halves.
  expect(escapeControls('ok \ud83d\ude00')).toBe('ok \ud83d\ude00');
});

test('finds: a long credential in a document, raw, encoded or folded; nothing in a clean one', () => {
  expect(clean.finds(`<testcase name="x">${SECRET}</testcase>`)).toBe(true);
  expect(clean.finds(Buffer.from(SECRET).toString('base64'))).toBe(true);
  expect(clean.finds(encodeURIComponent(SECRET))).toBe(true);
  expect(clean.finds('<testsuites tests="93" failures="0" time="4.242"/>')).toBe(false);
  expect(createSanitizer([SECRET], { redact: false }).finds(SECRET)).toBe(false);
});
