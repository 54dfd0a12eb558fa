import { mapCreated, mapJsonBody, mapResponse, type TenantVariant } from './variant';

/** Re-states an ISO instant with a +01:00 offset and whole seconds: another valid RFC 3339 form. */
function withOffset(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const shifted = new Date(Date.parse(value) + 3600_000).toISOString().slice(0, 19);
  return `${shifted}+01:00`;
}

/** Tenants the suite must pass: with them, any failure is a false positive of the suite. */
export const CORRECT_TENANTS: readonly TenantVariant[] = [
  { name: 'reference', description: 'The reference tenant as shipped', catches: [] },
  {
    name: 'second-correct',
    description:
      'Other valid choices: message texts, +01:00 offsets without fractions, charset parameters, extra fields, reversed key order',
    catches: [],
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
    catches: [],
    wrap: (handler) => {
      let count = 0;
      return (request) =>
        ++count % 100 === 0
          ? {
              status: 429,
              headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' },
              body: 'Too many requests.',
            }
          : handler(request);
    },
  },
];
