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
];
