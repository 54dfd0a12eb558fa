import { serve, type RunningTenant } from '../src/tenant/http';
import { createReferenceTenant, type Handler } from '../src/tenant/tenant';
import { GITHUB, type Dialect } from './dialects';

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
  /** When each window started (clock ms), oldest first. */
  readonly windowStarts: () => readonly number[];
  /** When each answered (not 429) request came (clock ms). */
  readonly answeredAt: () => readonly number[];
}

/**
 * A tenant that allows `limit` requests per fixed window of `windowSeconds` for all callers together
 * (a window starts at the first request after the last one ended, as Laravel's and koa-ratelimit's do)
 * and says so in every response in the given dialect (`bench/dialects.ts`), 429 past it. Its own bucket
 * is off, so only the announced window throttles.
 */
export function announcingTenant(
  limit: number,
  windowSeconds: number,
  dialect: Dialect = GITHUB,
  now = () => Date.now(),
): BudgetTenant {
  const { handle } = createReferenceTenant({ rateLimit: null });
  const windowMs = windowSeconds * 1000;
  const windowStarts: number[] = [];
  const answeredAt: number[] = [];
  let used = 0;
  let throttled = 0;
  let requests = 0;
  let mostUsed = 0;
  return {
    throttled: () => throttled,
    requests: () => requests,
    mostUsedInAWindow: () => mostUsed,
    windowStarts: () => windowStarts,
    answeredAt: () => answeredAt,
    handle: (request) => {
      requests++;
      const time = now();
      const start = windowStarts.at(-1);
      if (start === undefined || time - start >= windowMs) {
        windowStarts.push(time);
        used = 0;
      }
      const state = (remaining: number) => ({
        limit,
        remaining: Math.max(0, remaining),
        windowSeconds,
        resetAtMs: windowStarts.at(-1)! + windowMs,
        nowMs: time,
      });
      if (used >= limit) {
        throttled++;
        return {
          status: 429,
          headers: { 'content-type': 'text/plain; charset=utf-8', ...dialect.throttled(state(0)) },
          body: 'Too Many Attempts.',
        };
      }
      used++;
      mostUsed = Math.max(mostUsed, used);
      answeredAt.push(time);
      const response = handle(request);
      return { ...response, headers: { ...response.headers, ...dialect.headers(state(limit - used)) } };
    },
  };
}

export async function serveBench(handler: Handler): Promise<RunningTenant> {
  return serve(handler);
}
