/**
 * The one exit for everything the suite writes (console, reports, attachments, annotations, matcher
 * messages). Pure: it knows the credentials it is given and nothing else.
 *
 * The rule, for each credential:
 * - long (LONG or more characters): removed in its raw form and in the common encodings a tenant or a
 *   framework may apply (JSON `\uXXXX` and `\/` escapes, percent-encoding, hex, base64 and base64url at
 *   each of the three byte alignments, HTML entities, reversed), in any letter case; any run of FRAGMENT
 *   or more of its consecutive characters is removed too, so a secret split in two leaves at most half.
 * - short (a 4-digit key id): removed only where it stands as a whole token, raw, because its encoded
 *   forms are ordinary text. This redacts an account id equal to the key id in what is written, which is
 *   fine: checks ran on the raw response in memory, and what is written is for people.
 * Then the result is decoded every way above once more and searched again, as written and folded
 * (fold.ts: NFKD, invisible characters and combining marks removed, Unicode confusables mapped to their
 * prototype, so fullwidth, mathematical, zero-width-interleaved and Cyrillic look-alikes read as the key);
 * a value that still holds a credential is not written at all (WITHHELD), so the exit fails closed.
 * What no reading of a value shows: an arbitrary transformation (encryption, a custom encoding, the key
 * spelled out in words), a fragment shorter than FRAGMENT, and a short key id in anything but its raw form.
 */
import { fold } from './fold';
import { MAX_DEPTH, TOO_DEEP } from './bounds';

export const REDACTED = '[REDACTED]';
export const WITHHELD = '[WITHHELD: this value held a credential in a form the suite could not remove]';
const LONG = 8;
const FRAGMENT = 10;
/** Longer text is cut before cleaning, which bounds the time spent on one value. */
const MAX_TEXT = 1_000_000;

export interface Sanitizer {
  /** Credentials removed and control characters escaped; for any text bound for an output. */
  text(value: string): string;
  /**
   * A JSON-like value cleaned deeply: strings, object keys (header names), numbers equal to a credential;
   * nested deeper than MAX_DEPTH (bounds.ts) becomes a note.
   */
  value<T>(value: T, options?: { readonly numbers?: boolean }): T;
  /**
   * Whether a document someone else wrote (Playwright's reports) holds a long credential in any form this
   * exit knows, raw, decoded or folded; uncut, for sweeping files after a run. Short key ids are left out:
   * their raw form is ordinary digits (durations, line numbers), which the exit removes where the suite
   * writes them.
   */
  finds(document: string): boolean;
}

export function createSanitizer(credentials: readonly string[], { redact = true } = {}): Sanitizer {
  const secrets = [...new Set(credentials.filter((c) => c.length > 0))];
  const long = secrets.filter((s) => s.length >= LONG);
  const short = secrets.filter((s) => s.length < LONG);
  const forms = longForms(long);
  const shortToken = short.length
    ? new RegExp(short.map((s) => `(?<![A-Za-z0-9])${escapeRegExp(s)}(?![A-Za-z0-9])`).join('|'), 'gi')
    : undefined;
  const formIn = anyOf(forms);
  const probes = {
    plain: anyOf(withReverses(long.flatMap((secret) => alignedFragments(secret.toLowerCase())))),
    folded: anyOf(withReverses(long.flatMap((secret) => alignedFragments(fold(secret))))),
  };
  // Reports repeat the same strings (header names, media types, messages): each is cleaned once.
  const seen = new Map<string, string>();
  const text = (whole: string): string => {
    const known = seen.get(whole);
    if (known !== undefined) return known;
    if (seen.size > 20_000) seen.clear();
    const cleaned = clean(whole);
    if (whole.length < 4096) seen.set(whole, cleaned);
    return cleaned;
  };
  const clean = (whole: string): string => {
    const input =
      whole.length > MAX_TEXT ? `${whole.slice(0, MAX_TEXT)}… (${whole.length} characters, cut)` : whole;
    if (!redact || secrets.length === 0) return escapeControls(input);
    let cleaned = removeForms(input, forms);
    if (shortToken) cleaned = cleaned.replace(shortToken, REDACTED);
    return escapeControls(holdsCredential(cleaned, probes, shortToken) ? WITHHELD : cleaned);
  };
  const finds = (document: string): boolean => {
    if (!redact || long.length === 0) return false;
    return formIn(document.toLowerCase()) || holdsCredential(document, probes, undefined);
  };
  // Numbers are the suite's own (counts, durations) unless a caller says they came from the tenant.
  const value = <T>(input: T, { numbers = false } = {}): T =>
    deepMap(input, text, (n) => (numbers && redact && secrets.includes(String(n)) ? REDACTED : n)) as T;
  return { text, value, finds };
}

/**
 * Written as `\uXXXX`: C0 (but newline and tab), DEL and C1; every bidi control (U+061C, U+200E/F,
 * U+202A-E, U+2066-9); line and paragraph separators; and what XML 1.0 forbids beyond those (U+FFFE,
 * U+FFFF, a surrogate without its pair), so junit.xml stays well-formed whatever a tenant sends.
 */
const CONTROLS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** At most this many values cleaned in one call: far above any report, far below a flood. */
const MAX_NODES = 2_000_000;

function deepMap(value: unknown, text: (s: string) => string, number: (n: number) => unknown): unknown {
  let visited = 0;
  const walk = (item: unknown, depth: number): unknown => {
    if (++visited > MAX_NODES) return '[cut: more values than the suite writes]';
    if (typeof item === 'string') return text(item);
    if (typeof item === 'number') return number(item);
    if (item instanceof Uint8Array || item === null || typeof item !== 'object') return item;
    if (depth >= MAX_DEPTH) return TOO_DEEP;
    if (Array.isArray(item)) return item.map((entry) => walk(entry, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(item)) out[text(key)] = walk(entry, depth + 1);
    return out;
  };
  return walk(value, 0);
}

/** Every encoded form of the long credentials, and every FRAGMENT-long run of them, lower case. */
function longForms(long: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of long) {
    for (const form of encodedForms(secret)) forms.add(form.toLowerCase());
    for (const form of encodedForms(reverse(secret))) forms.add(form.toLowerCase());
    for (let i = 0; i + FRAGMENT <= secret.length; i++)
      forms.add(secret.slice(i, i + FRAGMENT).toLowerCase());
  }
  return [...forms];
}

/**
 * Each occurrence of a form, in any case, becomes REDACTED; overlapping and adjacent occurrences are
 * one. Literal searches (indexOf) rather than one regex of hundreds of alternatives: linear and fast.
 */
function removeForms(text: string, forms: readonly string[]): string {
  const lower = text.toLowerCase();
  // Case folding that changes lengths (rare letters) would misplace ranges: fall back to exact case.
  const haystack = lower.length === text.length ? lower : text;
  const ranges: [number, number][] = [];
  for (const form of forms) {
    for (let at = haystack.indexOf(form); at >= 0; at = haystack.indexOf(form, at + 1)) {
      ranges.push([at, at + form.length]);
    }
  }
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let done = 0;
  let [start, end] = ranges[0]!;
  for (const [from, to] of ranges.slice(1)) {
    if (from <= end) end = Math.max(end, to);
    else {
      out += text.slice(done, start) + REDACTED;
      done = end;
      [start, end] = [from, to];
    }
  }
  return out + text.slice(done, start) + REDACTED + text.slice(end);
}

export function encodedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [
    secret,
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'),
    // A JSON pointer (an Ajv error's instancePath) writes a key's `/` as `~1`.
    secret.replace(/~/g, '~0').replace(/\//g, '~1'),
    [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
    encodeURIComponent(secret),
    [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
    bytes.toString('hex'),
    [...secret].map((c) => `&#${c.codePointAt(0)};`).join(''),
    [...secret].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join(''),
    htmlEscapeNamed(secret),
  ];
  for (let offset = 0; offset < 3; offset++) {
    const b64 = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    // Characters that also carry bits of the unknown neighbours are left out, at both ends.
    const middle = b64.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    forms.push(middle, middle.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms.filter((form) => form.length >= 4);
}

/**
 * The second look: any decoding of the cleaned text that still holds a credential, or FRAGMENT of its
 * characters at an aligned position (so any run of 2 * FRAGMENT - 1), in any case or reversed; and the
 * text folded (look-alikes read as the letters they imitate), as written, with its JSON and HTML escapes
 * decoded, and with percent-encoded UTF-8 decoded (as headers and URLs carry non-ASCII text). Look-alikes
 * inside hex or base64 are not read: that is a transformation on a transformation.
 * `probes` find each fragment and its reverse, so no text is reversed.
 */
function holdsCredential(text: string, probes: Probes, shortToken: RegExp | undefined): boolean {
  for (const view of decodedViews(text)) {
    if (probes.plain(view.toLowerCase())) return true;
    if (shortToken) {
      shortToken.lastIndex = 0;
      if (shortToken.test(view)) return true;
    }
  }
  // Mostly the same text four times: each distinct one is folded once.
  const readings = new Set([text, unescapeJson(text), decodeHtmlEntities(text), decodePercentUtf8(text)]);
  return [...readings].some((view) => probes.folded(fold(view)));
}

/** The aligned fragments of the long credentials and their reverses: lower-cased, and folded (fold.ts). */
interface Probes {
  readonly plain: (lowerCased: string) => boolean;
  readonly folded: (folded: string) => boolean;
}

/**
 * Whether a text holds any of `literals`, as `literals.some((literal) => text.includes(literal))` says, in one
 * search: one regular expression of them all, which V8 scans once, skipping ahead as a single literal's search
 * would (measured on a 457 KB report entry, 16 fragments: 3.6 ms for the `includes` of each, 0.2 ms so; the
 * output sweep spent a third of its time in such loops). No literals, no match.
 * Only for literals of a credential's length: the encoded forms of a long credential (kilobytes each) are
 * searched by `includes`, as before, since V8 compiles a pattern of them slowly or not at all (four 16 KB
 * secrets' forms: "Invalid regular expression"); the short ones in groups of at most MAX_PATTERN characters of
 * literals (their escapes at most double that).
 * tests/unit/sweep-readings.test.ts holds the two equal.
 */
export function anyOf(literals: readonly string[]): (text: string) => boolean {
  const searches: ((text: string) => boolean)[] = [];
  const long = literals.filter((literal) => literal.length > MAX_LITERAL);
  if (long.length > 0) searches.push((text) => long.some((literal) => text.includes(literal)));
  let group: string[] = [];
  let size = 0;
  for (const literal of literals.filter((literal) => literal.length <= MAX_LITERAL)) {
    if (group.length > 0 && size + literal.length > MAX_PATTERN) {
      searches.push(searchOf(group));
      group = [];
      size = 0;
    }
    group.push(literal);
    size += literal.length;
  }
  if (group.length > 0) searches.push(searchOf(group));
  return (text) => searches.some((search) => search(text));
}

const MAX_LITERAL = 256;
const MAX_PATTERN = 8_192;

function searchOf(literals: readonly string[]): (text: string) => boolean {
  try {
    // No flags: UTF-16 code units compared as they are, as `includes` compares them.
    const pattern = new RegExp(literals.map(escapeRegExp).join('|'));
    return (text) => pattern.test(text);
  } catch {
    return (text) => literals.some((literal) => text.includes(literal));
  }
}

/** Percent-encoded UTF-8 as the characters it encodes (how a header or URL carries a look-alike). */
function decodePercentUtf8(text: string): string {
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) =>
    Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'),
  );
}

function alignedFragments(secret: string): string[] {
  if (secret.length <= FRAGMENT) return [secret];
  const fragments: string[] = [];
  for (let i = 0; i + FRAGMENT <= secret.length; i += FRAGMENT) fragments.push(secret.slice(i, i + FRAGMENT));
  fragments.push(secret.slice(-FRAGMENT));
  return fragments;
}

function withReverses(fragments: readonly string[]): string[] {
  return [...new Set(fragments.flatMap((fragment) => [fragment, reverse(fragment)]))];
}

function unescapeJson(text: string): string {
  return text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\(.)/g, '$1');
}

const DECODERS: readonly ((text: string) => string)[] = [
  unescapeJson,
  (t) => t.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
  decodeHtmlEntities,
  (t) =>
    (t.match(/(?:[0-9a-fA-F]{2}){4,}/g) ?? [])
      .map((run) => Buffer.from(run, 'hex').toString('latin1'))
      .join('\n'),
  decodeBase64Runs,
];

/** The text, each decoding of it, and each decoding of those (two levels, e.g. base64 of a JSON escape). */
function decodedViews(text: string): string[] {
  const views = new Set([text]);
  const decodeAll = (from: string): string[] =>
    DECODERS.map((decode) => decode(from)).filter((view) => view.length > 0 && !views.has(view));
  const first = decodeAll(text);
  for (const view of first) views.add(view);
  for (const view of first) for (const next of decodeAll(view)) views.add(next);
  return [...views];
}

/**
 * Each run of 8 or more base64 or base64url characters decoded from each of its first four characters (so
 * whatever the alignment, one reading starts on a group boundary), as latin1, the readings joined by `\n`.
 * What `Buffer.from(run.slice(offset), 'base64')` gives, for every run at once into one buffer: a sweep
 * decodes tens of thousands of runs (every long word of a report is one): a buffer for each was 40% of the
 * sweep's time (130 of 322 ms for a bundled run's files; now 23 ms). tests/unit/sweep-readings.test.ts holds the
 * two equal.
 */
export function decodeBase64Runs(text: string): string {
  // Each reading of a run of n characters is at most 3n/4 bytes, and four readings of each run: 3n bytes
  // and a separator per reading. Runs are at least 8 characters, so at most n/8 runs: 3.5n in all.
  const out = Buffer.allocUnsafe(Math.ceil(text.length * 3.5) + 4);
  let length = 0;
  let runStart = -1;
  for (let at = 0; at <= text.length; at++) {
    const code = at < text.length ? text.charCodeAt(at) : -1;
    if (code >= 0 && code < 128 && BASE64_VALUE[code]! >= 0) {
      if (runStart < 0) runStart = at;
      continue;
    }
    if (runStart >= 0 && at - runStart >= 8) {
      for (let offset = 0; offset < 4; offset++) {
        if (length > 0) out[length++] = 0x0a;
        length = decodeRun(text, runStart + offset, at, out, length);
      }
    }
    runStart = -1;
  }
  return out.toString('latin1', 0, length);
}

/** `-` and `_` read as `+` and `/` (base64url); -1 for what is neither alphabet's. */
const BASE64_VALUE: Int8Array = (() => {
  const values = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  values['-'.charCodeAt(0)] = 62;
  values['_'.charCodeAt(0)] = 63;
  return values;
})();

/** text[from, to), all base64 characters, decoded into out at length: full groups, then 2 or 3 left over. */
function decodeRun(text: string, from: number, to: number, out: Buffer, length: number): number {
  let at = from;
  for (; at + 4 <= to; at += 4) {
    const bits =
      (BASE64_VALUE[text.charCodeAt(at)]! << 18) |
      (BASE64_VALUE[text.charCodeAt(at + 1)]! << 12) |
      (BASE64_VALUE[text.charCodeAt(at + 2)]! << 6) |
      BASE64_VALUE[text.charCodeAt(at + 3)]!;
    out[length++] = bits >> 16;
    out[length++] = (bits >> 8) & 0xff;
    out[length++] = bits & 0xff;
  }
  const left = to - at;
  if (left >= 2) {
    const bits =
      (BASE64_VALUE[text.charCodeAt(at)]! << 18) |
      (BASE64_VALUE[text.charCodeAt(at + 1)]! << 12) |
      (left === 3 ? BASE64_VALUE[text.charCodeAt(at + 2)]! << 6 : 0);
    out[length++] = bits >> 16;
    if (left === 3) out[length++] = (bits >> 8) & 0xff;
  }
  return length;
}

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  sol: '/',
  bsol: '\\',
  colon: ':',
  semi: ';',
  period: '.',
  comma: ',',
  excl: '!',
  quest: '?',
  num: '#',
  dollar: '$',
  percnt: '%',
  plus: '+',
  equals: '=',
  hyphen: '-',
  dash: '-',
  lowbar: '_',
  UnderBar: '_',
  lpar: '(',
  rpar: ')',
  lsqb: '[',
  rsqb: ']',
  lcub: '{',
  rcub: '}',
  ast: '*',
  commat: '@',
  Hat: '^',
  grave: '`',
  verbar: '|',
  tilde: '~',
  nbsp: ' ',
};
const NAMED_OF: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(NAMED).map(([name, char]) => [char, name]),
);

function htmlEscapeNamed(secret: string): string {
  return [...secret].map((c) => (NAMED_OF[c] ? `&${NAMED_OF[c]};` : c)).join('');
}

function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);?/g, (entity, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X'))
      return safeChar(parseInt(body.slice(2), 16)) ?? entity;
    if (body.startsWith('#')) return safeChar(parseInt(body.slice(1), 10)) ?? entity;
    return NAMED[body] ?? entity;
  });
}

function safeChar(code: number): string | undefined {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

function reverse(text: string): string {
  return [...text].reverse().join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
