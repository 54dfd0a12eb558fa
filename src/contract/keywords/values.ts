/**
 * Values a correct tenant must treat one way under every reading of the spec. JSON Schema counts string
 * length in Unicode code points; a tenant may count bytes or UTF-16 units instead, so an accepted value at
 * the limit mixes characters on which those counts differ, and a rejected one is ASCII, where they agree.
 */

/** Astral (2 UTF-16 units, 4 bytes), 2-byte, 3-byte and ASCII: NFC-stable, one grapheme each. */
const MIXED = ['😀', 'é', '日', 'a'] as const;
const MIN_MIXED = 8;

export function codePointLength(value: string): number {
  return [...value].length;
}

/** Exactly `length` code points: as much of `prefix` as fits, then mixed characters (never a trailing space). */
export function mixedStringOfLength(prefix: string, length: number): string {
  const kept = [...prefix].slice(0, Math.max(0, length - MIN_MIXED - 1));
  const out = kept.length > 0 ? [...kept, ' '] : [];
  for (let i = 0; out.length < length; i++) out.push(MIXED[i % MIXED.length]!);
  return out.join('');
}

/** Exactly `length` printable ASCII characters, so bytes = UTF-16 units = code points = graphemes. */
export function asciiStringOfLength(prefix: string, length: number): string {
  const ascii = [...prefix].filter((char) => char >= ' ' && char <= '~').slice(0, Math.max(0, length - 2));
  const out = ascii.length > 0 ? [...ascii, ' '] : [];
  while (out.length < length) out.push('x');
  return out.join('');
}

const DOMAIN = 'example.com';
/**
 * RFC 5321 §4.5.3.1.3: a path is at most 256 octets including its angle brackets, so a whole address at most
 * 254. validator.js and Joi (hence class-validator, express-validator) enforce it.
 */
export const RFC5321_MAX_ADDRESS = 254;
const MAX_LOCAL = 64;
const MAX_LABEL = 63;

/**
 * A dot-atom address of exactly `length` ASCII characters under example.com (reserved, never a real
 * mailbox), each part within its RFC 5321 limit: local part at most 64 octets, each label at most 63.
 * Undefined when no such address is that short.
 */
export function emailOfLength(length: number): string | undefined {
  if (length < 1 + 1 + DOMAIN.length) return undefined;
  let local = Math.min(MAX_LOCAL, length - 1 - DOMAIN.length);
  let rest = length - local - 1 - DOMAIN.length;
  // Each extra label costs its length plus a dot, so a remainder of exactly 1 cannot be filled.
  if (rest === 1) {
    local -= 1;
    rest = 2;
  }
  const labels: string[] = [];
  while (rest > 0) {
    let size = Math.min(MAX_LABEL, rest - 1);
    if (rest - size - 1 === 1) size -= 1;
    labels.push(padTo(`boundary${labels.length + 1}`, size));
    rest -= size + 1;
  }
  return `${padTo('conformance.boundary', local)}@${[...labels, DOMAIN].join('.')}`;
}

function padTo(text: string, length: number): string {
  return text.slice(0, length).padEnd(length, 'x');
}

/** Distinct, valid, reserved-domain addresses for attendees. */
export function emailSample(index: number): string {
  return `conformance.attendee${index + 1}@${DOMAIN}`;
}

/** Values no reading of RFC 5322 (nor HTML's or Laravel's email rules) accepts, one defect each. */
export const INVALID_EMAILS: readonly { variant: string; value: string; what: string }[] = [
  { variant: 'no-at', value: `conformance.attendee.${DOMAIN}`, what: 'no "@"' },
  { variant: 'two-ats', value: `conformance@attendee@${DOMAIN}`, what: 'two "@"' },
  { variant: 'space', value: `conformance attendee@${DOMAIN}`, what: 'a space in the local part' },
];

/** Breaks RFC 5322's dot-atom only by its doubled dot: the zone where validators disagree. */
export const MISPLACED_DOT_EMAIL = `conformance..attendee@${DOMAIN}`;
