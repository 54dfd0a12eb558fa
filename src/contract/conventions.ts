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
    id: 'convention.strict-content-type',
    level: 'should',
    statement: 'A body not sent as application/json is refused with 400 or 415 (RFC 9110 §15.5.16)',
    source: {
      kind: 'convention',
      rationale:
        'The spec documents only application/json; a tenant that parses JSON whatever the Content-Type is lenient, not wrong',
    },
  },
];
