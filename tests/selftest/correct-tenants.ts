import { randomBytes } from 'node:crypto';
import type { Handler, TenantResponse } from '../../src/tenant/tenant';
import {
  compose,
  jsonRequest,
  mapBody,
  mapCreated,
  mapJsonBody,
  mapRequest,
  mapResponse,
  renameErrorKeys,
  withBody,
  type TenantVariant,
} from './variant';
import { DEFAULT_TENANT_OPTIONS } from '../../src/tenant/tenant';
import { AUTH_CASES, withKey } from './variants/auth';

/** Re-states an ISO instant with a +01:00 offset and whole seconds: another valid RFC 3339 form. */
function withOffset(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const shifted = new Date(Date.parse(value) + 3600_000).toISOString().slice(0, 19);
  return `${shifted}+01:00`;
}

/** Every `n`th request gets a 429; `retryAfter` undefined sends none (RFC 6585 §4: MAY). */
const throttleEvery =
  (n: number, retryAfter?: string) =>
  (handler: Handler): Handler => {
    let count = 0;
    return (request) =>
      ++count % n === 0
        ? {
            status: 429,
            headers: {
              'content-type': 'text/plain; charset=utf-8',
              ...(retryAfter !== undefined ? { 'retry-after': retryAfter } : {}),
            },
            body: 'Too many requests.',
          }
        : handler(request);
  };

/** fastify's and many hand-written tenants' choice: the body is read as JSON whatever its label. */
const parseJsonWhateverLabel = mapRequest((request) => ({
  ...request,
  headers: { ...request.headers, 'content-type': 'application/json' },
}));

/** Joi's and zod's (formatted) error paths: online_conference_attendees[0].email. */
const joiKeys = renameErrorKeys((key) => key.replace(/\.(\d+)(?=\.|$)/g, '[$1]'));

/** express-openapi-validator's error paths: /body/online_conference_attendees/0/email. */
const pointerKeys = renameErrorKeys((key) => `/body/${key.replace(/\./g, '/')}`);

/** Serializers that drop nulls (Laravel `whenNotNull`, JSON:API style): optional nullable fields left out. */
const OPTIONAL_NULLABLE = ['backer_event_id', 'started_at', 'ended_at'];
const omitNulls = mapCreated((data) =>
  Object.fromEntries(
    Object.entries(data).filter(([name, value]) => !(value === null && OPTIONAL_NULLABLE.includes(name))),
  ),
);

/** express-openapi-validator: a body of an undeclared media type gets 415 before anything else. */
const unsupportedMediaType =
  (handler: Handler): Handler =>
  (request) =>
    request.method === 'POST' && !(request.headers['content-type'] ?? '').startsWith('application/json')
      ? ({
          status: 415,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify({ message: 'unsupported media type text/plain', errors: [{ path: '/body' }] }),
        } satisfies TenantResponse)
      : handler(request);

/** Middleware that validates before the auth handler: an invalid body gets 400 whoever sends it. */
const validateBeforeAuth =
  (handler: Handler): Handler =>
  (request) => {
    // The probe's fresh public_id keeps it from taking the one the suite will re-send.
    const body = jsonRequest(request);
    const probe = body
      ? handler(
          withKey(PROBE_KEY)(
            withBody(request, { ...body, public_id: `probe-${randomBytes(6).toString('hex')}` }),
          ),
        )
      : undefined;
    return probe?.status === 400 ? probe : handler(request);
  };

/**
 * validateBeforeAuth's probe key, known only to the tenants it wraps: its rate-limit bucket is its own, so a
 * probe costs the suite's key no token (with the full key, each request cost two, and a long run was throttled
 * where the reference tenant is not).
 */
const PROBE_KEY = {
  id: 'validation-probe-key',
  secret: randomBytes(16).toString('hex'),
  permissions: ['online_conferences.create.*'],
};
const WITH_PROBE_KEY = { keys: [...DEFAULT_TENANT_OPTIONS.keys, PROBE_KEY] };

/** Laravel's TrimStrings middleware (on by default): string inputs lose surrounding whitespace. */
const trimStrings = mapBody((body) =>
  Object.fromEntries(
    Object.entries(body).map(([name, value]) => [name, typeof value === 'string' ? value.trim() : value]),
  ),
);

const EMAIL_CASES = [
  'online_conference_attendees.items.email.maxLength.rfc5321',
  'online_conference_attendees.items.email.maxLength.over',
];
const CONTENT_TYPE_CASES = ['body.content-type.text-plain', 'body.content-type.missing'];

/** Tenants the suite must pass: with them, any failure is a false positive of the suite. */
export const CORRECT_TENANTS: readonly TenantVariant[] = [
  { name: 'reference', description: 'The reference tenant as shipped' },
  {
    name: 'second-correct',
    description:
      'Other valid choices: message texts, +01:00 offsets without fractions, charset parameters, extra fields, reversed key order',
    wrap: (handler) =>
      [
        mapCreated((data) => {
          const reordered = Object.fromEntries(Object.entries(data).reverse());
          return {
            ...reordered,
            created_at: withOffset(data.created_at),
            updated_at: withOffset(data.updated_at),
            owner_display_name: 'Sandbox Owner',
          };
        }),
        mapJsonBody(200, (body) => ({ data: body.data, message: 'Created.', meta: { api_version: '2.0' } })),
        mapJsonBody(400, (body) => ({
          errors: Object.fromEntries(
            Object.entries(body.errors as Record<string, string[]>).map(([key, messages]) => [
              key,
              [...messages.map((message) => `Invalid: ${message}`), 'See the API documentation.'],
            ]),
          ),
          message: 'The given data was invalid.',
        })),
        mapResponse((response) => {
          const type = response.headers['content-type'] ?? '';
          const contentType = type.startsWith('application/json')
            ? 'application/json; charset=UTF-8'
            : type.startsWith('text/plain')
              ? 'text/plain;charset=us-ascii'
              : type;
          const body =
            response.status === 401
              ? 'Unauthorized.'
              : response.status === 429
                ? 'Slow down, please.'
                : response.body;
          return {
            ...response,
            body,
            headers: { ...response.headers, 'content-type': contentType, 'x-request-id': 'req-123' },
          };
        }),
      ].reduceRight((inner, wrap) => wrap(inner), handler),
  },
  {
    name: 'throttling',
    description: 'Correct, but answers one request in 100 with a conforming 429 and Retry-After: 1',
    wrap: throttleEvery(100, '1'),
  },
  {
    name: 'throttling-without-retry-after',
    description:
      'Answers one request in 250 with a 429 without Retry-After (documented, not required; RFC 6585: MAY)',
    warns: ['convention.retry-after-present'],
    // One 429 a run is enough for its warning; each costs the suite's default second of waiting.
    wrap: throttleEvery(250),
  },
  {
    name: 'lenient-json',
    description:
      'Parses a JSON body whatever its Content-Type (text/plain, none), as fastify and many tenants do',
    warns: ['convention.strict-content-type'],
    scope: CONTENT_TYPE_CASES,
    wrap: parseJsonWhateverLabel,
  },
  {
    name: 'unsupported-media-type-415',
    description:
      'Answers 415 with its own JSON body to a body that is not application/json (express-openapi-validator)',
    scope: CONTENT_TYPE_CASES,
    wrap: unsupportedMediaType,
  },
  {
    name: 'errors-keyed-joi',
    description: 'Error keys in Joi/zod path syntax: online_conference_attendees[0].email',
    wrap: joiKeys,
  },
  {
    name: 'errors-keyed-json-pointer',
    description:
      'Error keys as JSON Pointers with a body prefix: /body/online_conference_attendees/0/email (express-openapi-validator)',
    wrap: pointerKeys,
  },
  {
    name: 'nullable-fields-omitted',
    description:
      'Leaves optional nullable fields (backer_event_id, started_at, ended_at) out instead of null',
    wrap: omitNulls,
  },
  {
    name: 'email-254-validator-js',
    description:
      'Rejects a 255-character email, as validator.js and Joi do (RFC 5321: 254 for a whole address)',
    scope: EMAIL_CASES,
    options: { rules: { emailMaxLength: 254 } },
  },
  {
    name: 'validates-before-auth',
    description:
      'Validates before it authenticates (validation middleware first): an anonymous invalid body gets 400',
    warns: ['convention.auth-before-validation'],
    scope: AUTH_CASES,
    options: WITH_PROBE_KEY,
    wrap: validateBeforeAuth,
  },
  {
    name: 'trims-strings',
    description: "Trims surrounding whitespace of string inputs (Laravel's TrimStrings middleware)",
    warns: ['convention.echo-exact-whitespace'],
    wrap: trimStrings,
  },
  {
    name: 'all-together',
    description: 'Every choice above in one tenant',
    // 415 and lenient parsing exclude each other; this one answers 415.
    warns: ['convention.auth-before-validation', 'convention.echo-exact-whitespace'],
    options: { rules: { emailMaxLength: 254 }, ...WITH_PROBE_KEY },
    wrap: compose(
      throttleEvery(250),
      unsupportedMediaType,
      validateBeforeAuth,
      trimStrings,
      joiKeys,
      omitNulls,
    ),
  },
];
