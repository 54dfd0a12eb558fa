import { REFERENCE_KEYS } from '../../../src/tenant/defaults';
import type { TenantRequest, TenantResponse } from '../../../src/tenant/tenant';
import { mapRequest, mapResponse, type TenantVariant } from '../variant';

const ID = 'x-access-key-id';
const SECRET = 'x-access-key-secret';
const KNOWN = [REFERENCE_KEYS.full, REFERENCE_KEYS.restricted];
const AUTH_CASES = [
  'auth.none',
  'auth.id-only',
  'auth.secret-only',
  'auth.wrong-secret',
  'auth.unknown-id',
  'auth.empty',
  'auth.empty-secret',
];

/** The request as sent with `key`. */
const withKey =
  (key: { readonly id: string; readonly secret: string }) =>
  (request: TenantRequest): TenantRequest => ({
    ...request,
    headers: { ...request.headers, [ID]: key.id, [SECRET]: key.secret },
  });

const asFullKey = withKey(REFERENCE_KEYS.full);

const textPlain = (status: number, body: string): TenantResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body,
});

/** Rewrites every 429 (only the rate-limit burst provokes them). */
const on429 = (map: (response: TenantResponse) => TenantResponse) =>
  mapResponse((response) => (response.status === 429 ? map(response) : response));

const retryAfter = (value: string) =>
  on429((response) => ({ ...response, headers: { ...response.headers, 'retry-after': value } }));

/** Faults in authentication, permissions, rate limiting and error responses. */
export { AUTH_CASES, withKey };

export const AUTH_VARIANTS: readonly TenantVariant[] = [
  {
    name: 'secret-ignored',
    description: 'Any secret is accepted for a known key id',
    catches: { cases: ['auth.wrong-secret', 'auth.empty-secret'] },
    wrap: mapRequest((request) => {
      const key = KNOWN.find((candidate) => candidate.id === request.headers[ID]);
      return key && request.headers[SECRET] !== undefined
        ? { ...request, headers: { ...request.headers, [SECRET]: key.secret } }
        : request;
    }),
  },
  {
    name: 'id-alone-accepted',
    description: 'A known key id without any secret header is accepted',
    catches: { cases: ['auth.id-only'] },
    wrap: mapRequest((request) => {
      const key = KNOWN.find((candidate) => candidate.id === request.headers[ID]);
      return key && request.headers[SECRET] === undefined
        ? { ...request, headers: { ...request.headers, [SECRET]: key.secret } }
        : request;
    }),
  },
  {
    name: 'empty-credentials-accepted',
    description: 'Empty X-Access-Key-Id and X-Access-Key-Secret are taken as the default (full) key',
    catches: { cases: ['auth.empty'] },
    wrap: mapRequest((request) =>
      request.headers[ID] === '' && request.headers[SECRET] === '' ? asFullKey(request) : request,
    ),
  },
  {
    name: 'creates-then-denies',
    description: 'Answers 401 to a request without valid credentials, but has created the conference already',
    catches: { cases: [...AUTH_CASES, 'permissions.restricted'] },
    wrap: (handler) => (request) => {
      const response = handler(request);
      if (response.status === 401) handler(asFullKey(request));
      return response;
    },
  },
  {
    name: 'unauthorized-as-json',
    description: 'Answers 401 with a JSON body (application/json) where the spec documents text/plain',
    catches: { checks: ['content_type_conformance'] },
    wrap: mapResponse((response) =>
      response.status === 401
        ? {
            status: 401,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ message: response.body }),
          }
        : response,
    ),
  },
  {
    name: 'forbidden-for-restricted',
    description: 'Answers 403 (undocumented) instead of 401 to a valid key without the create permission',
    catches: { cases: ['permissions.restricted'], checks: ['status_code_conformance'] },
    wrap: mapResponse((response) =>
      response.status === 401 && response.body === 'Access denied.' ? { ...response, status: 403 } : response,
    ),
  },
  {
    name: 'restricted-may-create',
    description: 'The key without online_conferences.create.* may create',
    catches: { cases: ['permissions.restricted'] },
    options: {
      keys: [
        REFERENCE_KEYS.full,
        { ...REFERENCE_KEYS.restricted, permissions: ['online_conferences.create.*'] },
      ],
    },
  },
  {
    name: 'retry-after-omitted',
    description: 'A 429 without Retry-After: documented, not required (RFC 6585 §4: MAY)',
    warns: ['convention.retry-after-present'],
    scope: ['rate-limit.burst'],
    wrap: on429(({ headers: { 'retry-after': _dropped, ...headers }, ...response }) => ({
      ...response,
      headers,
    })),
  },
  {
    name: 'retry-after-http-date',
    description: 'Retry-After as an HTTP date instead of seconds',
    catches: { checks: ['response_headers_conformance'] },
    scope: ['rate-limit.burst'],
    wrap: on429((response) => ({
      ...response,
      headers: { ...response.headers, 'retry-after': new Date(Date.now() + 1000).toUTCString() },
    })),
  },
  {
    name: 'retry-after-fraction',
    description: 'Retry-After as a fraction of seconds ("1.5")',
    catches: { checks: ['response_headers_conformance'] },
    scope: ['rate-limit.burst'],
    wrap: retryAfter('1.5'),
  },
  {
    name: 'retry-after-negative',
    description: 'Retry-After negative ("-1")',
    catches: { checks: ['response_headers_conformance'] },
    scope: ['rate-limit.burst'],
    wrap: retryAfter('-1'),
  },
  {
    name: 'rate-limited-as-json',
    description: 'A 429 with a JSON body (application/json) where the spec documents text/plain',
    catches: { checks: ['content_type_conformance'] },
    scope: ['rate-limit.burst'],
    wrap: on429((response) => ({
      ...response,
      headers: { ...response.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Too Many Attempts.' }),
    })),
  },
  {
    name: 'never-throttles',
    description:
      'Has no rate limit at all: a burst never gets 429, so the 429 is not verified (inconclusive)',
    inconclusive: ['response.429.content-type', 'response.429.header.Retry-After'],
    scope: ['rate-limit.burst'],
    options: { rateLimit: null },
  },
  {
    name: 'throttles-forever',
    description:
      'Answers every request 429 with Retry-After: 0: what a test verifies cannot be (inconclusive)',
    inconclusive: ['request.accepts-valid', 'echo.title'],
    scope: ['create.minimal'],
    wrap: () => () => ({
      ...textPlain(429, 'Too many requests.'),
      headers: { 'content-type': 'text/plain', 'retry-after': '0' },
    }),
  },
  {
    name: 'server-error-under-burst',
    description: 'Answers a documented 500 (text/plain) under a burst instead of 429',
    catches: { checks: ['server_error_conformance'] },
    scope: ['rate-limit.burst'],
    wrap: on429(() => textPlain(500, 'An unexpected error occurred.')),
  },
  {
    name: 'unavailable-under-burst',
    description: 'Answers 503 (undocumented) under a burst instead of 429',
    catches: { checks: ['status_code_conformance'] },
    scope: ['rate-limit.burst'],
    wrap: on429((response) => ({ ...textPlain(503, 'Service Unavailable'), headers: response.headers })),
  },
];
