import { REFERENCE_KEYS } from '../../../src/tenant/defaults';
import { compose, mapCreated, mapRequest, type TenantVariant } from '../variant';

/** A request with neither key header is served as if it carried the full key. */
const anonymousAsFullKey = mapRequest((request) =>
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
);
const idAsString = mapCreated((data) => ({ ...data, id: String(data.id) }));

/** Faults only a named scenario (or a check nothing else provokes on a reference run) can show. */
export const SCENARIO_VARIANTS: readonly TenantVariant[] = [
  {
    name: 'anonymous-create-accepted',
    description: 'A request with neither key header is served as if it carried a valid key',
    catches: { cases: ['scenario.no-credentials'] },
    wrap: anonymousAsFullKey,
  },
  {
    // One check must not hide another: the body defect and the anonymous create are two problems.
    name: 'anonymous-create-with-body-defect',
    description: 'Serves anonymous requests as the full key, and its created `id` is a string',
    catches: { cases: ['auth.none'] },
    shows: ['security.unauthenticated', 'response.200.body.data.id'],
    scope: ['auth.none'],
    wrap: compose(anonymousAsFullKey, idAsString),
  },
  {
    // The auth test's proof re-send (with the real key) meets the body defect: that is the body's problem.
    name: 'body-defect-seen-by-auth-proof',
    description: '`id` as a string, seen by the auth test when it re-sends with the real key',
    catches: { checks: ['response_schema_conformance'] },
    shows: ['response.200.body.data.id'],
    showsNot: ['security.unauthenticated', 'security.creates-nothing'],
    scope: ['auth.none'],
    wrap: idAsString,
  },
];
