/**
 * What a tenant announces about its rate limit, read from one response's headers, and the pace that
 * uses at most half of it. Pure: the client feeds it headers and the clock.
 *
 * Shapes read (names lower-case, as fetch gives them):
 * - `X-RateLimit-Limit` / `-Remaining` / `-Reset` (Laravel, GitHub; Reset as epoch seconds or a delta);
 * - IETF draft, separate fields: `RateLimit-Limit` / `-Remaining` / `-Reset` (delta seconds);
 * - IETF draft, one dictionary: `RateLimit: limit=100, remaining=50, reset=5`, with an optional
 *   `RateLimit-Policy: 100;w=60`;
 * - IETF draft, named policies: `RateLimit-Policy: "default";q=100;w=60` and `RateLimit: "default";r=50;t=30`.
 */
export interface RateBudget {
  /** Requests allowed per window. */
  readonly limit: number;
  /** Requests left in the current window. */
  readonly remaining: number;
  /** Seconds until the window resets, when announced. */
  readonly resetSeconds?: number;
  /** The window's length in seconds, when announced. */
  readonly windowSeconds?: number;
  /** Which headers said so, for the run's report. */
  readonly announcedBy: string;
}

export interface Pace {
  /** Requests per second over the whole run (all workers together); 0 means wait `waitSeconds`. */
  readonly rps: number;
  readonly source: 'announced' | 'default' | 'setting';
  readonly why: string;
  /** With rps 0: half the budget is used; wait this long for the window to reset. */
  readonly waitSeconds?: number;
}

export interface PaceSettings {
  /** The pace when nothing is announced (the configured default, or MEETBIT_MAX_RPS). */
  readonly baseRps: number;
  /** Whether `baseRps` is an explicit MEETBIT_MAX_RPS: then it is also a ceiling on any announced pace. */
  readonly explicit: boolean;
  /** Workers that share the budget, each with at most one request in flight. */
  readonly workers: number;
}

/** Laravel's default throttle (`throttle:60,1`) counts per minute; assumed when no reset or window is said. */
export const ASSUMED_WINDOW_SECONDS = 60;

type Headers = Readonly<Record<string, string | undefined>>;

export function parseRateBudget(headers: Headers, nowSeconds: number): RateBudget | undefined {
  return namedPolicy(headers) ?? dictionary(headers) ?? separateFields(headers, nowSeconds);
}

/**
 * Whole-run pace: the part of `remaining` above half the limit, spread over the time left in the window.
 * At a window's start that is limit / 2 per window; it slows as `remaining` falls (also when others use
 * the key), and stops, until the reset, once what is left is half the limit plus one request per worker.
 */
export function paceFor(budget: RateBudget | undefined, settings: PaceSettings): Pace {
  const base: Pace = settings.explicit
    ? { rps: settings.baseRps, source: 'setting', why: `MEETBIT_MAX_RPS=${settings.baseRps}` }
    : {
        rps: settings.baseRps,
        source: 'default',
        why: 'the tenant announced no rate limit; the default pace',
      };
  if (!budget) return base;
  const assumed = budget.resetSeconds === undefined && budget.windowSeconds === undefined;
  const seconds = Math.max(1, budget.resetSeconds ?? budget.windowSeconds ?? ASSUMED_WINDOW_SECONDS);
  const spare = budget.remaining - budget.limit / 2 - settings.workers;
  const said =
    `${budget.announcedBy}: ${budget.remaining} of ${budget.limit} left` +
    (assumed
      ? `, window not announced (assumed ${ASSUMED_WINDOW_SECONDS} s)`
      : `, reset in ${Math.round(seconds * 10) / 10} s`);
  if (spare <= 0) {
    return {
      rps: 0,
      source: 'announced',
      why: `${said}: half the budget is used, waiting for the reset`,
      waitSeconds: seconds,
    };
  }
  const rps = spare / seconds;
  if (settings.explicit && settings.baseRps < rps) {
    return { ...base, why: `${base.why}, below half of the announced budget (${said})` };
  }
  return { rps, source: 'announced', why: `half of the announced budget (${said})` };
}

function separateFields(headers: Headers, nowSeconds: number): RateBudget | undefined {
  for (const prefix of ['x-ratelimit-', 'ratelimit-']) {
    const limit = count(headers[`${prefix}limit`]);
    const remaining = count(headers[`${prefix}remaining`]);
    if (limit === undefined || remaining === undefined || limit === 0) continue;
    const reset = count(headers[`${prefix}reset`]);
    // Large values are epoch seconds (Laravel on a 429, GitHub); small ones a delta (the IETF drafts).
    const resetSeconds =
      reset === undefined ? undefined : reset > 1_000_000_000 ? Math.max(0, reset - nowSeconds) : reset;
    return {
      limit,
      remaining: Math.min(remaining, limit),
      ...(resetSeconds !== undefined ? { resetSeconds } : {}),
      ...oldPolicyWindow(headers),
      announcedBy: prefix === 'x-ratelimit-' ? 'X-RateLimit-*' : 'RateLimit-*',
    };
  }
  return undefined;
}

/** `RateLimit: limit=100, remaining=50, reset=5` (one dictionary). */
function dictionary(headers: Headers): RateBudget | undefined {
  const items = structuredList(headers['ratelimit']);
  const params = Object.fromEntries(items.map((item) => [item.value, item.params['']]));
  const limit = count(params.limit);
  const remaining = count(params.remaining);
  if (limit === undefined || remaining === undefined || limit === 0) return undefined;
  const reset = count(params.reset);
  return {
    limit,
    remaining: Math.min(remaining, limit),
    ...(reset !== undefined ? { resetSeconds: reset } : {}),
    ...oldPolicyWindow(headers),
    announcedBy: 'RateLimit',
  };
}

/** `RateLimit-Policy: 100;w=60, 1000;w=3600`: the window of the first policy, the one `RateLimit` counts. */
function oldPolicyWindow(headers: Headers): { windowSeconds?: number } {
  const first = structuredList(headers['ratelimit-policy'])[0];
  const window = count(first?.params.w);
  return first && count(first.value) !== undefined && window ? { windowSeconds: window } : {};
}

/** `RateLimit-Policy: "default";q=100;w=60` with `RateLimit: "default";r=50;t=30`: the tightest policy. */
function namedPolicy(headers: Headers): RateBudget | undefined {
  const policies = structuredList(headers['ratelimit-policy']).filter((item) => item.quoted);
  const states = structuredList(headers['ratelimit']).filter((item) => item.quoted);
  let tightest: RateBudget | undefined;
  for (const state of states) {
    const policy = policies.find((candidate) => candidate.value === state.value);
    const limit = count(policy?.params.q);
    const remaining = count(state.params.r);
    if (limit === undefined || remaining === undefined || limit === 0) continue;
    const windowSeconds = count(policy?.params.w);
    const resetSeconds = count(state.params.t);
    const budget: RateBudget = {
      limit,
      remaining: Math.min(remaining, limit),
      ...(resetSeconds !== undefined ? { resetSeconds } : {}),
      ...(windowSeconds !== undefined ? { windowSeconds } : {}),
      // The name is the tenant's text: shown only when plainly a name, never as markup or control characters.
      announcedBy: /^[\w.-]{1,40}$/.test(state.value)
        ? `RateLimit-Policy "${state.value}"`
        : 'RateLimit-Policy',
    };
    if (!tightest || share(budget) < share(tightest)) tightest = budget;
  }
  return tightest;
}

function share(budget: RateBudget): number {
  return (
    (budget.remaining - budget.limit / 2) /
    (budget.resetSeconds ?? budget.windowSeconds ?? ASSUMED_WINDOW_SECONDS)
  );
}

interface Item {
  readonly value: string;
  readonly quoted: boolean;
  /** Parameters by name; a dictionary member's own value is under ''. */
  readonly params: Readonly<Record<string, string>>;
}

/** Just enough of RFC 8941 for these fields: comma-separated items, `;name=value` parameters. */
function structuredList(field: string | undefined): Item[] {
  if (!field) return [];
  return splitOutsideQuotes(field, ',').flatMap((member) => {
    const [head = '', ...rest] = splitOutsideQuotes(member, ';').map((part) => part.trim());
    if (!head) return [];
    const params: Record<string, string> = {};
    for (const part of rest) {
      const [name, value = ''] = part.split('=', 2);
      if (name) params[name.trim().toLowerCase()] = value.trim();
    }
    const eq = head.indexOf('=');
    if (!head.startsWith('"') && eq > 0) {
      params[''] = head.slice(eq + 1).trim();
      return [{ value: head.slice(0, eq).trim().toLowerCase(), quoted: false, params }];
    }
    const quoted = head.startsWith('"') && head.endsWith('"') && head.length >= 2;
    return [{ value: quoted ? head.slice(1, -1) : head, quoted, params }];
  });
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inQuotes = false;
  for (const char of text) {
    if (char === '"') inQuotes = !inQuotes;
    if (char === separator && !inQuotes) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

/** A non-negative integer, or undefined: anything else announces nothing usable. */
function count(value: string | undefined): number | undefined {
  const text = value?.trim();
  return text && /^\d{1,12}$/.test(text) ? Number(text) : undefined;
}
