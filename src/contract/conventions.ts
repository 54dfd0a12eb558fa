import type { Requirement } from './requirements';

/**
 * What the spec does not state but a careful tenant does: conventions, RFC SHOULD/MAY, readings of the
 * spec. Each is a SHOULD (a warning), with the reason a correct tenant may still differ. RFC MUSTs that
 * the spec leaves implicit are listed here too, at MUST.
 */
export const CONVENTIONS: readonly Requirement[] = [
  {
    id: 'convention.error-names-field',
    level: 'should',
    statement: 'A 400 names the offending field among the keys of `errors` (any common path syntax)',
    source: {
      kind: 'convention',
      rationale:
        'ValidationError defines no key syntax; Laravel, express-openapi-validator, zod and Joi all name the field, each in its own syntax',
    },
  },
  {
    id: 'convention.echo-exact-whitespace',
    level: 'should',
    statement: 'Leading and trailing whitespace of a string is stored and echoed as sent',
    source: {
      kind: 'convention',
      rationale:
        "Laravel's default TrimStrings middleware trims every input string; the spec's echo is exact, but a tenant built that way is not wrong about anything the spec states about whitespace",
    },
  },
  {
    id: 'convention.empty-string-kept',
    level: 'should',
    statement:
      'A string that is empty (or whitespace only) where no minLength forbids it is accepted and kept as ""',
    source: {
      kind: 'convention',
      rationale:
        'The spec sets no minLength on title, so "" is valid; but Laravel trims, turns "" into null (ConvertEmptyStringsToNull) and its `required` rule then rejects it, the reading of `required` most frameworks share',
    },
  },
  {
    id: 'convention.nul-character-kept',
    level: 'should',
    statement: 'A string holding U+0000 is accepted and echoed',
    source: {
      kind: 'convention',
      rationale:
        'JSON and the schema allow U+0000, but a PostgreSQL text column cannot store it: a tenant on PostgreSQL answers 400 (a 500 is still a failure)',
    },
  },
  {
    id: 'convention.long-unbounded-strings',
    level: 'should',
    statement: 'A public_id longer than 191 characters (the spec sets no maxLength) is accepted',
    source: {
      kind: 'convention',
      rationale:
        "With no maxLength the spec allows any length, but every real column has one (Laravel's default indexed string is 191 or 255): a 400 past 191 is a warning; accepted values must still echo exactly (MUST)",
    },
  },
];
