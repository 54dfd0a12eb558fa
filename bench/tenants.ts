import { serve, type RunningTenant } from '../src/tenant/http';
import { createReferenceTenant, type Handler } from '../src/tenant/tenant';

/**
 * Loopback tenants the bench runs the suite against, beside the bundled one: each is the reference
 * tenant plus one thing (a defect, or an announced budget), so a difference in time has one cause.
 */

/** One defect in every 200 body (`data.id` a string): every test that creates fails, nothing else does. */
export function failingTenant(): Handler {
  const { handle } = createReferenceTenant();
  return (request) => {
    const response = handle(request);
    if (response.status !== 200) return response;
    const body = JSON.parse(response.body) as { data: { id: unknown } };
    body.data.id = String(body.data.id);
    return { ...response, body: JSON.stringify(body) };
  };
}

export interface BudgetTenant {
  readonly handle: Handler;
  /** 429s answered so far. */
  readonly throttled: () => number;
  readonly requests: () => number;
  /** The most requests answered (not 429) within one window. */
  readonly mostUsedInAWindow: () => number;
}

/**
 * A tenant that allows `limit` requests per fixed window of `windowSeconds` for all callers together
 * and says so in every response, as Laravel's throttle does (`X-RateLimit-*`, `Retry-After` on 429).
 * Its own bucket is off, so only the announced window throttles.
 */
export function announcingTenant(limit: number, windowSeconds: number, now = () => Date.now()): BudgetTenant {
  const { handle } = createReferenceTenant({ rateLimit: null });
  let windowStart = now();
  let used = 0;
  let throttled = 0;
  let requests = 0;
  let mostUsed = 0;
  return {
    throttled: () => throttled,
    requests: () => requests,
    mostUsedInAWindow: () => mostUsed,
    handle: (request) => {
      requests++;
      const time = now();
      if (time - windowStart >= windowSeconds * 1000) {
        windowStart = time;
        used = 0;
      }
      const reset = Math.max(1, Math.ceil((windowStart + windowSeconds * 1000 - time) / 1000));
      // GitHub's shape: Reset as epoch seconds, on every response (Laravel sends it only on a 429).
      const announce = (remaining: number) => ({
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.max(0, remaining)),
        'x-ratelimit-reset': String(Math.ceil((windowStart + windowSeconds * 1000) / 1000)),
      });
      if (used >= limit) {
        throttled++;
        return {
          status: 429,
          headers: {
            'content-type': 'text/plain; charset=utf-8',
            'retry-after': String(reset),
            ...announce(0),
          },
          body: 'Too Many Attempts.',
        };
      }
      used++;
      mostUsed = Math.max(mostUsed, used);
      const response = handle(request);
      return { ...response, headers: { ...response.headers, ...announce(limit - used) } };
    },
  };
}

export async function serveBench(handler: Handler): Promise<RunningTenant> {
  return serve(handler);
}
