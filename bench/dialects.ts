/**
 * The rate-limit dialects the bench serves (issue 22), each as its library sends it: the headers of an
 * answered request and of a 429. Shapes from the libraries' sources (express-rate-limit `source/headers.ts`,
 * @nestjs/throttler `throttler.guard.ts`, koa-ratelimit `limiter/memory.js`, Laravel's ThrottleRequests,
 * GitHub's REST API); tests/unit/bench-dialects.test.ts checks the suite reads each as meant.
 */
export interface WindowState {
  readonly limit: number;
  /** Left after this request. */
  readonly remaining: number;
  readonly windowSeconds: number;
  /** When the current window ends (clock ms). */
  readonly resetAtMs: number;
  readonly nowMs: number;
}

export interface Dialect {
  readonly id: string;
  readonly sentBy: string;
  /** On every answered request. */
  readonly headers: (state: WindowState) => Record<string, string>;
  /** On a 429, Retry-After included. */
  readonly throttled: (state: WindowState) => Record<string, string>;
  /** Neither a reset nor a window is announced: the suite has to learn the window. */
  readonly unannounced?: true;
}

const deltaSeconds = (s: WindowState) => Math.max(0, Math.ceil((s.resetAtMs - s.nowMs) / 1000));
const epochSeconds = (s: WindowState) => Math.ceil(s.resetAtMs / 1000);
const retryAfter = (s: WindowState) => ({ 'retry-after': String(Math.max(1, deltaSeconds(s))) });
const withRetryAfter =
  (headers: (s: WindowState) => Record<string, string>) =>
  (s: WindowState): Record<string, string> => ({ ...retryAfter(s), ...headers(s) });

const github = (s: WindowState) => ({
  'x-ratelimit-limit': String(s.limit),
  'x-ratelimit-remaining': String(s.remaining),
  'x-ratelimit-used': String(s.limit - s.remaining),
  'x-ratelimit-reset': String(epochSeconds(s)),
  'x-ratelimit-resource': 'core',
});

const koa = (s: WindowState) => ({
  'x-ratelimit-remaining': String(s.remaining),
  'x-ratelimit-reset': (s.resetAtMs / 1000).toFixed(6),
  'x-ratelimit-limit': String(s.limit),
});

const epochMilliseconds = (s: WindowState) => ({
  'x-ratelimit-limit': String(s.limit),
  'x-ratelimit-remaining': String(s.remaining),
  'x-ratelimit-reset': String(Math.round(s.resetAtMs)),
});

const nest = (s: WindowState) => ({
  'x-ratelimit-limit': String(s.limit),
  'x-ratelimit-remaining': String(s.remaining),
  'x-ratelimit-reset': String(deltaSeconds(s)),
});

const draft6 = (s: WindowState) => ({
  'ratelimit-policy': `${s.limit};w=${s.windowSeconds}`,
  'ratelimit-limit': String(s.limit),
  'ratelimit-remaining': String(s.remaining),
  'ratelimit-reset': String(deltaSeconds(s)),
});

const draft7 = (s: WindowState) => ({
  'ratelimit-policy': `${s.limit};w=${s.windowSeconds}`,
  ratelimit: `limit=${s.limit}, remaining=${s.remaining}, reset=${deltaSeconds(s)}`,
});

const draft8 = (s: WindowState) => {
  const name = `${s.limit}-in-${s.windowSeconds}sec`;
  return {
    'ratelimit-policy': `"${name}"; q=${s.limit}; w=${s.windowSeconds}; pk=:ZjM1YzhlYmE0ZWIz:`,
    ratelimit: `"${name}"; r=${s.remaining}; t=${deltaSeconds(s)}`,
  };
};

const laravel = (s: WindowState) => ({
  'x-ratelimit-limit': String(s.limit),
  'x-ratelimit-remaining': String(s.remaining),
});

export const GITHUB: Dialect = {
  id: 'github',
  sentBy: 'GitHub: `X-RateLimit-*` with `-Used`, Reset in epoch seconds',
  headers: github,
  throttled: withRetryAfter(github),
};

export const DIALECTS: readonly Dialect[] = [
  GITHUB,
  {
    id: 'koa-ratelimit',
    sentBy: 'koa-ratelimit: Reset in fractional epoch seconds',
    headers: koa,
    throttled: withRetryAfter(koa),
  },
  {
    id: 'epoch-ms',
    sentBy: 'Reset in epoch milliseconds; `Retry-After` an HTTP date',
    headers: epochMilliseconds,
    throttled: (s) => ({
      ...epochMilliseconds(s),
      'retry-after': new Date(s.resetAtMs + 1000).toUTCString(),
    }),
  },
  {
    id: 'nestjs-throttler',
    sentBy: '@nestjs/throttler: Reset in delta seconds (a 429 carries `Retry-After` only)',
    headers: nest,
    throttled: retryAfter,
  },
  {
    id: 'draft-6',
    sentBy: 'express-rate-limit draft-6: `RateLimit-*` with `RateLimit-Policy`',
    headers: draft6,
    throttled: withRetryAfter(draft6),
  },
  {
    id: 'draft-7',
    sentBy: 'express-rate-limit draft-7: one `RateLimit` dictionary',
    headers: draft7,
    throttled: withRetryAfter(draft7),
  },
  {
    id: 'draft-8',
    sentBy: 'express-rate-limit draft-8: named policy',
    headers: draft8,
    throttled: withRetryAfter(draft8),
  },
  {
    id: 'laravel',
    sentBy: 'Laravel throttle: `Limit` and `Remaining` only (Reset on a 429)',
    headers: laravel,
    throttled: (s) => ({ ...retryAfter(s), ...laravel(s), 'x-ratelimit-reset': String(epochSeconds(s)) }),
    unannounced: true,
  },
];
