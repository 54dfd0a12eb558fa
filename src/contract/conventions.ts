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
    id: 'convention.retry-after-present',
    level: 'should',
    statement: 'A 429 carries `Retry-After` (documented, not required)',
    source: {
      kind: 'rfc',
      rfc: 'RFC 6585',
      section: '§4',
      text: 'The response representations SHOULD include details explaining the condition, and MAY include a Retry-After header',
    },
    enabledBy: 'MEETBIT_ALLOW_RATE_LIMIT_TEST=1',
  },
  {
    id: 'convention.strict-content-type',
    level: 'should',
    statement:
      'A JSON body sent as `text/plain` or without Content-Type is refused with 400 or 415, not accepted',
    source: {
      kind: 'convention',
      rationale:
        'The spec documents only application/json but forbids nothing else; Express body-parser refuses it, while fastify and many tenants parse JSON whatever the label (lenient)',
    },
  },
  {
    id: 'request.content-type',
    level: 'must',
    statement:
      'A body outside the documented media types gets 400 (documented) or 415 (RFC 9110 §15.5.16), or is accepted; nothing else',
    source: {
      kind: 'rfc',
      rfc: 'RFC 9110',
      section: '§15.5.16',
      text: 'The 415 (Unsupported Media Type) status code indicates that the origin server is refusing to service the request because the content is in a format not supported',
    },
  },
  {
    id: 'convention.auth-before-validation',
    level: 'should',
    statement:
      'A caller without valid credentials gets 401 even for an invalid body, not a 400 that tells it the rules',
    source: {
      kind: 'convention',
      rationale:
        'The spec orders nothing; frameworks that validate in middleware (express-openapi-validator before an auth handler, fastify schemas before preHandler) answer 400 first',
    },
  },
  {
    id: 'convention.echo-exact-whitespace',
    level: 'should',
    statement:
      'A writable string is taken with its surrounding whitespace as sent: validated and echoed untrimmed',
    source: {
      kind: 'convention',
      rationale:
        "Laravel's TrimStrings middleware (on by default) and Joi/zod `.trim()` trim input; a title cut short or is_public ignored is not such a default and stays a MUST (echo.<field>)",
    },
  },
  {
    id: 'convention.email-dot-atom',
    level: 'should',
    statement:
      'An e-mail whose local part has a leading, trailing or doubled dot (not an RFC 5322 dot-atom) is rejected with 400',
    source: {
      kind: 'convention',
      rationale:
        "RFC 5322 forbids it, but validators disagree: ajv-formats' default (fast) email format, and so express-openapi-validator, accepts it; validator.js, zod and Laravel reject it",
    },
  },
  {
    id: 'convention.server-fields-plausible',
    level: 'should',
    statement:
      'Server-owned fields fit a conference created just now: id positive, created_at within 15 minutes, updated_at not before created_at, deleted_at null',
    source: {
      kind: 'convention',
      rationale:
        'The spec states no minimum for id and no rule for timestamps; their types and formats are the schema’s MUST, their plausibility a reading',
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
    id: 'convention.response-time',
    level: 'should',
    statement:
      'For each kind of answer (accepted, rejected, unauthorized, 429), the 95th percentile response time is within the budget',
    source: {
      kind: 'convention',
      rationale:
        "The spec promises no response time; a budget is the operator's own (as Schemathesis' --max-response-time or a Checkly monitor's), judged over the whole run by the report",
    },
    enabledBy: 'MEETBIT_MAX_RESPONSE_MS=<ms> (a response-time budget)',
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
