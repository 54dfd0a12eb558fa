import fc from 'fast-check';

/**
 * E-mail addresses in the zone every common validator accepts: dot-atom local parts (RFC 5322 §3.4.1)
 * of at most 64 octets, host names of letter-digit-hyphen labels (RFC 1034) of at most 63, under the
 * reserved example.com/.org/.net (RFC 2606: real top-level domains, so Joi's TLD list and validator.js'
 * `require_tld` accept them, and never a real mailbox), at most 254 characters in all (RFC 5321's path
 * limit, which validator.js enforces), local parts of letters, digits and `_+-'` (zod's default, the
 * narrowest). validator.js, Joi, zod, ajv-formats, HTML's input[type=email] and Laravel's `email` rule (RFC
 * and filter modes) all accept these.
 *
 * The zone where they disagree is NOT generated, not even as a warning: quoted local parts, IP-literal
 * domains, non-ASCII (SMTPUTF8, IDN), single-label domains (`a@b`), trailing dots, comments. The spec
 * says only `format: email`; a tenant may take either side there and still conform.
 */

// RFC 5322 atext is wider (`!#$%&*/=?^`{|}~` too), but zod's default `z.email()` accepts only these, and a
// correct tenant on zod's defaults must pass: the rest of atext is part of the disagreement zone.
const ATEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-'";
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SUFFIXES = ['example.com', 'example.org', 'example.net'] as const;
export const MAX_LOCAL = 64;
export const MAX_ADDRESS = 254;

const word = (alphabet: string, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength });

const localPart = fc
  .array(word(ATEXT, 24), { minLength: 1, maxLength: 4 })
  .map((atoms) => atoms.join('.').slice(0, MAX_LOCAL))
  // zod: no apostrophe or dot just before the @.
  .map((local) => local.replace(/[.']+$/, ''))
  .filter((local) => local.length > 0);

/** A label: letters and digits, single inner hyphens, 1 to 63 characters. */
const label = fc
  .array(word(ALNUM, 20), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join('-').slice(0, 63).replace(/-+$/, ''));

export const emailAddress: fc.Arbitrary<string> = fc
  .tuple(localPart, fc.array(label, { maxLength: 3 }), fc.constantFrom(...SUFFIXES))
  .map(([local, labels, suffix]) => {
    const kept = [...labels];
    // Drop labels until the whole address fits the 254 every validator agrees on.
    while (kept.length > 0 && `${local}@${[...kept, suffix].join('.')}`.length > MAX_ADDRESS) kept.pop();
    return `${local}@${[...kept, suffix].join('.')}`;
  });

/**
 * Defects no reading of RFC 5322, nor HTML's, validator.js', Joi's, zod's, ajv-formats' or Laravel's rule
 * accepts, each applied at a place in a valid address chosen by `at` (0..1). Dots misplaced in the local
 * part (leading, trailing, doubled) break RFC 5322 but ajv-formats' default (fast) email format, and so
 * express-openapi-validator, accepts them: the disagreement zone, not generated.
 */
export const EMAIL_DEFECTS = {
  'no-at': (address: string) => address.replace('@', ''),
  'two-ats': (address: string, at: number) => {
    const [local, domain] = split(address);
    const i = Math.floor(at * (domain.length + 1));
    return `${local}@${domain.slice(0, i)}@${domain.slice(i)}`;
  },
  'empty-local-part': (address: string) => `@${split(address)[1]}`,
  'empty-domain': (address: string) => `${split(address)[0]}@`,
  'space-in-local-part': (address: string, at: number) => {
    const [local, domain] = split(address);
    const i = Math.floor(at * (local.length + 1));
    return `${local.slice(0, i)} ${local.slice(i)}@${domain}`;
  },
  'comma-in-domain': (address: string) => address.replace(/\.(?=[^.]*$)/, ','),
} as const satisfies Record<string, (address: string, at: number) => string>;

function split(address: string): [string, string] {
  const at = address.lastIndexOf('@');
  return [address.slice(0, at), address.slice(at + 1)];
}
