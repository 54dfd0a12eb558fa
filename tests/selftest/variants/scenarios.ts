import { REFERENCE_KEYS } from '../../../src/tenant/defaults';
import { mapRequest, type TenantVariant } from '../variant';

/** Faults only a named scenario (or a check nothing else provokes on a reference run) can show. */
export const SCENARIO_VARIANTS: readonly TenantVariant[] = [
  {
    name: 'anonymous-create-accepted',
    description: 'A request with neither key header is served as if it carried a valid key',
    catches: ['scenario.no-credentials'],
    wrap: mapRequest((request) =>
      request.headers['x-access-key-id'] === undefined && request.headers['x-access-key-secret'] === undefined
        ? {
            ...request,
            headers: {
              ...request.headers,
              'x-access-key-id': REFERENCE_KEYS.full.id,
              'x-access-key-secret': REFERENCE_KEYS.full.secret,
            },
          }
        : request,
    ),
  },
  {
    // Until the rate-limit variants land: the only way a run meets a 429 without the rate-limit spec.
    name: 'throttles-without-retry-after',
    description: 'Answers one request in 20 with a 429 that has no Retry-After header',
    catches: ['response_headers_conformance'],
    wrap: (handler) => {
      let count = 0;
      return (request) =>
        ++count % 20 === 0
          ? {
              status: 429,
              headers: { 'content-type': 'text/plain; charset=utf-8' },
              body: 'Too many requests.',
            }
          : handler(request);
    },
  },
];
