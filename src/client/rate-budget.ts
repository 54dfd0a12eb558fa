import { parseDictionary, parseItem, parseList, type InnerList, type Item } from 'structured-headers';

/**
 * What a tenant announces about its rate limit, read from one response's headers, and the pace that
 * uses at most half of it. Pure: the client feeds it headers and the clock.
 *
 * Dialects read (names lower-case, as transport.ts gives them), every one that is present, the tightest winning:
 * - legacy fields `X-RateLimit-Limit` / `-Remaining` / `-Used` / `-Reset` (GitHub, Laravel, koa-ratelimit,
 *   express-rate-limit's legacy headers, @nestjs/throttler with its `-<name>` suffix per named throttler;
 *   also `X-Rate-Limit-*`). Reset is a delta, epoch seconds (integer or fractional), epoch milliseconds or
 *   a date: decided by magnitude against the clock (`readReset`), and the reading is said;
 * - IETF draft-6, separate fields: `RateLimit-Limit` / `-Remaining` / `-Reset`, `RateLimit-Policy: 100;w=60`;
 * - IETF draft-7, one dictionary: `RateLimit: limit=100, remaining=50, reset=5`;
 * - IETF draft-8 on, named policies: `RateLimit-Policy: "default";q=100;w=60` with `RateLimit: "default";r=50;t=30`.
 * The drafts' fields are RFC 9651 structured fields, parsed by `structured-headers`; the legacy ones are not
 * (koa-ratelimit's `1796284444.206626` is no valid sf-decimal), so they are read as plain numbers.
 */
export interface RateBudget {
  /** Requests allowed per window. */
  readonly limit: number;
  /** Requests left in the current window. */
  readonly remaining: number;
  /** Seconds until the window resets, when announced (or predicted from a learned window). */
  readonly resetSeconds?: number;
  /** How the announced reset was read: the magnitude rule's verdict, for the report. */
  readonly resetReadAs?: ResetReading;
  /** The window's length in seconds, when announced (or learned). */
  readonly windowSeconds?: number;
  /** Set when the window was not announced but learned from observed resets (`window-learner.ts`). */
  readonly learned?: { readonly seconds: number; readonly resets: number };
  /** Which headers said so, for the run's report. */
  readonly announcedBy: string;
}

export type ResetReading =
  'delta seconds' | 'epoch seconds' | 'fractional epoch seconds' | 'epoch milliseconds' | 'a date';

/** One response's rate-limit headers: the budget they announce, and those the suite could not use. */
export interface RateLimitReading {
  readonly budget?: RateBudget;
  /** Rate-limit headers present but not understood, by name (plain names only: tenant text). */
  readonly notUnderstood: readonly string[];
}

export interface Pace {
  /** Requests per second over the whole run (all workers together); 0 means wait `waitSeconds`. */
  readonly rps: number;
  readonly source: 'announced' | 'default' | 'setting';
  readonly why: string;
  /** With rps 0: half the budget is used; wait this long for the window to reset. */
  readonly waitSeconds?: number;
  /** What was learned of a window nobody announced, e.g. "window learned: ~10 s from 2 resets". */
  readonly learned?: string;
  /** Rate-limit headers the tenant sent that the suite could not read. */
  readonly notUnderstood?: readonly string[];
}

export interface PaceSettings {
  /** The pace when nothing is announced (the configured default, or MEETBIT_MAX_RPS). */
  readonly baseRps: number;
  /** Whether `baseRps` is an explicit MEETBIT_MAX_RPS: then it is also a ceiling on any announced pace. */
  readonly explicit: boolean;
  /** MEETBIT_RPS: the pace the user sets, whatever is announced (still below an explicit ceiling). */
  readonly pinnedRps?: number;
  /** Workers that share the budget, each with at most one request in flight. */
  readonly workers: number;
}

/** Laravel's default throttle (`throttle:60,1`) counts per minute; assumed when no reset or window is said. */
export const ASSUMED_WINDOW_SECONDS = 60;

type Headers = Readonly<Record<string, string | undefined>>;

/** Names that are rate-limit headers: `RateLimit*`, `X-RateLimit-*`, `X-Rate-Limit-*`, `Rate-Limit-*`. */
const RATE_LIMIT_HEADER = /^(x-)?rate-?limit(-|$)/;
/** Rate-limit headers that say nothing about pace: which bucket is counted (GitHub, Discord, GitLab). */
const NOT_ABOUT_PACE = new Set(['x-ratelimit-resource', 'x-ratelimit-bucket', 'ratelimit-name']);

const MAX_NAMED = 10;

export function parseRateBudget(headers: Headers, nowSeconds: number): RateBudget | undefined {
  return readRateLimit(headers, nowSeconds).budget;
}

/** Every dialect present is read; the budget that allows the slowest pace wins. */
export function readRateLimit(headers: Headers, nowSeconds: number): RateLimitReading {
  const understood = new Set<string>();
  const candidates = [
    ...namedPolicies(headers, nowSeconds, understood),
    ...dictionary(headers, nowSeconds, understood),
    ...separateFields(headers, nowSeconds, understood),
  ];
  let tightest: RateBudget | undefined;
  for (const budget of candidates) if (!tightest || share(budget) < share(tightest)) tightest = budget;
  const notUnderstood = Object.keys(headers)
    .filter((name) => headers[name] !== undefined)
    .map((name) => name.toLowerCase())
    .filter((name) => RATE_LIMIT_HEADER.test(name) && !understood.has(name) && !NOT_ABOUT_PACE.has(name))
    .map((name) => (/^[a-z0-9-]{1,60}$/.test(name) ? name : 'a rate-limit header with an unusual name'))
    .sort();
  const named = [...new Set(notUnderstood)];
  // Bounded: a tenant sending a thousand such headers gets ten named, not a line of kilobytes per test.
  const shown =
    named.length > MAX_NAMED ? [...named.slice(0, MAX_NAMED), `${named.length - MAX_NAMED} more`] : named;
  return { ...(tightest ? { budget: tightest } : {}), notUnderstood: shown };
}

/**
 * The magnitude rule for a reset that may be a delta or a point in time. A delta of decades is no
 * delta: from half the clock's epoch seconds up it is epoch seconds, from a hundred times the clock up
 * epoch milliseconds (today ~1.8e9 s and ~1.8e12 ms; a delta of 9e8 s would be 28 years).
 */
export function readReset(
  value: number,
  nowSeconds: number,
): { readonly seconds: number; readonly readAs: ResetReading } {
  if (value >= nowSeconds * 100) {
    return { seconds: Math.max(0, value / 1000 - nowSeconds), readAs: 'epoch milliseconds' };
  }
  if (value >= nowSeconds / 2) {
    return {
      seconds: Math.max(0, value - nowSeconds),
      readAs: Number.isInteger(value) ? 'epoch seconds' : 'fractional epoch seconds',
    };
  }
  return { seconds: value, readAs: 'delta seconds' };
}

/**
 * Whole-run pace: the part of `remaining` above half the limit, spread over the time left in the window.
 * At a window's start that is limit / 2 per window; it slows as `remaining` falls (also when others use
 * the key), and stops, until the reset, once what is left is half the limit plus one request per worker.
 * MEETBIT_RPS replaces all of it (a user who knows the limit overrides a misread announcement).
 */
export function paceFor(
  budget: RateBudget | undefined,
  settings: PaceSettings,
  notUnderstood: readonly string[] = [],
): Pace {
  const unread = notUnderstood.length > 0 ? { notUnderstood } : {};
  const unreadSaid =
    notUnderstood.length > 0 ? `; rate-limit headers not understood: ${notUnderstood.join(', ')}` : '';
  const said = budget ? describeBudget(budget) : undefined;
  if (settings.pinnedRps !== undefined) {
    const rps =
      settings.explicit && settings.baseRps < settings.pinnedRps ? settings.baseRps : settings.pinnedRps;
    return {
      rps,
      source: 'setting',
      why: `MEETBIT_RPS=${settings.pinnedRps}${rps < settings.pinnedRps ? `, below MEETBIT_MAX_RPS=${rps}` : ''}${said ? `, not the announced budget (${said})` : ''}${unreadSaid}`,
      ...unread,
    };
  }
  const base: Pace = settings.explicit
    ? { rps: settings.baseRps, source: 'setting', why: `MEETBIT_MAX_RPS=${settings.baseRps}${unreadSaid}` }
    : {
        rps: settings.baseRps,
        source: 'default',
        why:
          notUnderstood.length > 0
            ? `the tenant's rate-limit headers announce no budget the suite understands (not understood: ${notUnderstood.join(', ')}); the default pace`
            : 'the tenant announced no rate limit; the default pace',
      };
  if (!budget || !said) return { ...base, ...unread };
  const learned = budget.learned
    ? { learned: `window learned: ~${round(budget.learned.seconds)} s from ${budget.learned.resets} resets` }
    : {};
  const seconds = Math.max(1, budget.resetSeconds ?? budget.windowSeconds ?? ASSUMED_WINDOW_SECONDS);
  const spare = budget.remaining - budget.limit / 2 - settings.workers;
  if (spare <= 0) {
    return {
      rps: 0,
      source: 'announced',
      why: `${said}: half the budget is used, waiting for the reset${unreadSaid}`,
      waitSeconds: seconds,
      ...learned,
      ...unread,
    };
  }
  const rps = spare / seconds;
  if (settings.explicit && settings.baseRps < rps) {
    return {
      ...base,
      why: `${base.why}, below half of the announced budget (${said})`,
      ...learned,
      ...unread,
    };
  }
  return {
    rps,
    source: 'announced',
    why: `half of the announced budget (${said})${unreadSaid}`,
    ...learned,
    ...unread,
  };
}

function describeBudget(budget: RateBudget): string {
  const left = `${budget.announcedBy}: ${budget.remaining} of ${budget.limit} left`;
  if (budget.learned) {
    return (
      `${left}, no reset or window announced; window learned: ~${round(budget.learned.seconds)} s from ` +
      `${budget.learned.resets} resets, next in ~${round(budget.resetSeconds ?? budget.learned.seconds)} s`
    );
  }
  if (budget.resetSeconds !== undefined) {
    const readAs = budget.resetReadAs ? ` (reset read as ${budget.resetReadAs})` : '';
    return `${left}, reset in ${round(budget.resetSeconds)} s${readAs}`;
  }
  if (budget.windowSeconds !== undefined) return `${left}, window ${round(budget.windowSeconds)} s`;
  return `${left}, window not announced (assumed ${ASSUMED_WINDOW_SECONDS} s until resets are seen)`;
}

function share(budget: RateBudget): number {
  return (
    (budget.remaining - budget.limit / 2) /
    Math.max(1, budget.resetSeconds ?? budget.windowSeconds ?? ASSUMED_WINDOW_SECONDS)
  );
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}

// --- Legacy and draft-6 separate fields -----------------------------------------------------------

/**
 * Longest first: `reset-after` must not be read as `reset` for a throttler named "after". GitLab names Used
 * `Observed` and adds `ResetTime`, an HTTP date, beside an epoch `Reset`.
 */
const FIELDS = ['limit', 'remaining', 'used', 'observed', 'reset-after', 'resettime', 'reset'] as const;
type Field = (typeof FIELDS)[number];
const PREFIXES = [
  { prefix: 'x-ratelimit-', shown: 'X-RateLimit-*', structured: false },
  { prefix: 'x-rate-limit-', shown: 'X-Rate-Limit-*', structured: false },
  { prefix: 'ratelimit-', shown: 'RateLimit-*', structured: true },
] as const;

/** One budget per prefix and suffix: `X-RateLimit-Limit` and @nestjs/throttler's `X-RateLimit-Limit-long`. */
function separateFields(headers: Headers, nowSeconds: number, understood: Set<string>): RateBudget[] {
  const budgets: RateBudget[] = [];
  for (const { prefix, shown, structured } of PREFIXES) {
    const groups = new Map<string, Partial<Record<Field, string>>>();
    for (const name of Object.keys(headers)) {
      if (!name.startsWith(prefix)) continue;
      const rest = name.slice(prefix.length);
      const field = FIELDS.find((f) => rest === f || rest.startsWith(`${f}-`));
      if (!field) continue;
      const suffix = rest.slice(field.length + 1);
      groups.set(suffix, { ...groups.get(suffix), [field]: name });
    }
    for (const [suffix, names] of groups) {
      const value = (field: Field) => (names[field] ? headers[names[field]] : undefined);
      const counted = (field: Field) => {
        const text = value(field);
        return structured ? integer(text === undefined ? undefined : item(text)?.value) : count(text);
      };
      const limitField = structured ? structuredLimit(value('limit')) : { limit: count(value('limit')) };
      const limit = limitField.limit;
      const used = counted('used') ?? counted('observed');
      const remaining =
        counted('remaining') ?? (used !== undefined && limit !== undefined ? limit - used : undefined);
      if (limit === undefined || limit === 0 || remaining === undefined) continue;
      const afterText = value('reset-after');
      const after = afterText === undefined ? undefined : decimal(afterText);
      const resetTime = resetOf(value('resettime'), nowSeconds, false);
      const reset =
        after !== undefined
          ? { seconds: after, readAs: 'delta seconds' as const }
          : (resetOf(value('reset'), nowSeconds, structured) ?? resetTime);
      const window =
        limitField.windowSeconds ?? (structured ? policyWindow(headers, limit, understood) : undefined);
      for (const field of ['limit', 'remaining', 'used', 'observed'] as const)
        if (names[field]) understood.add(names[field]);
      if (resetTime) understood.add(names.resettime!);
      if (after !== undefined) understood.add(names['reset-after']!);
      // Discord sends both; the epoch one is understood too, the delta preferred (no clock in it).
      if (names.reset && resetOf(value('reset'), nowSeconds, structured)) understood.add(names.reset);
      const name = suffix && /^[\w.-]{1,40}$/.test(suffix) ? `${shown} "${suffix}"` : shown;
      budgets.push({
        limit,
        remaining: Math.max(0, Math.min(remaining, limit)),
        ...(reset ? { resetSeconds: reset.seconds, resetReadAs: reset.readAs } : {}),
        ...(window !== undefined ? { windowSeconds: window } : {}),
        announcedBy: name,
      });
    }
  }
  return budgets;
}

/** Draft-6 `RateLimit-Limit` is an sf-integer; earlier drafts made it a list: `10, 10;w=1, 50;w=60`. */
function structuredLimit(field: string | undefined): { limit?: number; windowSeconds?: number } {
  const members = list(field);
  const limit = integer(members[0]?.value);
  if (limit === undefined) return {};
  const windowed = members.find(
    (member) => integer(member.value) === limit && integer(member.params.get('w')),
  );
  const windowSeconds = integer(windowed?.params.get('w'));
  return { limit, ...(windowSeconds ? { windowSeconds } : {}) };
}

function resetOf(
  field: string | undefined,
  nowSeconds: number,
  structured: boolean,
): { seconds: number; readAs: ResetReading } | undefined {
  if (field === undefined) return undefined;
  if (structured) {
    const value = number(item(field)?.value);
    return value === undefined ? undefined : readReset(value, nowSeconds);
  }
  const value = decimal(field);
  if (value !== undefined) return readReset(value, nowSeconds);
  // rate-limiter-flexible's README example sends a JavaScript Date; a date is a point in time anyway.
  const date = /[a-z]/i.test(field) ? Date.parse(field) : Number.NaN;
  return Number.isNaN(date)
    ? undefined
    : { seconds: Math.max(0, date / 1000 - nowSeconds), readAs: 'a date' };
}

/** `RateLimit-Policy: 100;w=60, 1000;w=3600` (draft-6 and 7): the window of the policy of `limit`. */
function policyWindow(headers: Headers, limit: number, understood: Set<string>): number | undefined {
  const policies = list(headers['ratelimit-policy']).filter((member) => integer(member.value) !== undefined);
  const policy =
    policies.find((member) => integer(member.value) === limit && integer(member.params.get('w'))) ??
    policies[0];
  const window = integer(policy?.params.get('w'));
  if (window) understood.add('ratelimit-policy');
  return window || undefined;
}

// --- Draft-7: one dictionary ----------------------------------------------------------------------

/** `RateLimit: limit=100, remaining=50, reset=5`, its window from `RateLimit-Policy: 100;w=60`. */
function dictionary(headers: Headers, nowSeconds: number, understood: Set<string>): RateBudget[] {
  const field = headers['ratelimit'];
  if (field === undefined) return [];
  let members;
  try {
    members = parseDictionary(field);
  } catch {
    return [];
  }
  const member = (key: string) => {
    const entry = members.get(key);
    return entry ? memberOf(entry)?.value : undefined;
  };
  const limit = integer(member('limit'));
  const remaining = integer(member('remaining'));
  if (limit === undefined || limit === 0 || remaining === undefined) return [];
  const resetValue = number(member('reset'));
  const reset = resetValue === undefined ? undefined : readReset(resetValue, nowSeconds);
  const window = policyWindow(headers, limit, understood);
  understood.add('ratelimit');
  return [
    {
      limit,
      remaining: Math.min(remaining, limit),
      ...(reset ? { resetSeconds: reset.seconds, resetReadAs: reset.readAs } : {}),
      ...(window !== undefined ? { windowSeconds: window } : {}),
      announcedBy: 'RateLimit',
    },
  ];
}

// --- Draft-8 on: named policies -------------------------------------------------------------------

/**
 * `RateLimit-Policy: "default";q=100;w=60` with `RateLimit: "default";r=50;t=30`, one budget per policy
 * that counts requests (a `qu` other than "requests" counts something else).
 */
function namedPolicies(headers: Headers, nowSeconds: number, understood: Set<string>): RateBudget[] {
  const policies = list(headers['ratelimit-policy']).filter((member) => typeof member.value === 'string');
  const states = list(headers['ratelimit']).filter((member) => typeof member.value === 'string');
  const budgets: RateBudget[] = [];
  for (const { value: name, params } of states) {
    const policy = policies.find((candidate) => candidate.value === name);
    const units = policy?.params.get('qu');
    if (units !== undefined && units !== 'requests') continue;
    const limit = integer(policy?.params.get('q'));
    const remaining = integer(params.get('r'));
    if (limit === undefined || limit === 0 || remaining === undefined) continue;
    const windowSeconds = integer(policy?.params.get('w'));
    const resetValue = number(params.get('t'));
    const reset = resetValue === undefined ? undefined : readReset(resetValue, nowSeconds);
    understood.add('ratelimit').add('ratelimit-policy');
    budgets.push({
      limit,
      remaining: Math.min(remaining, limit),
      ...(reset ? { resetSeconds: reset.seconds, resetReadAs: reset.readAs } : {}),
      ...(windowSeconds !== undefined ? { windowSeconds } : {}),
      // The name is the tenant's text: shown only when plainly a name, never as markup or control characters.
      announcedBy:
        typeof name === 'string' && /^[\w.-]{1,40}$/.test(name)
          ? `RateLimit-Policy "${name}"`
          : 'RateLimit-Policy',
    });
  }
  return budgets;
}

// --- Values -----------------------------------------------------------------------------------------

/**
 * A structured field's item as plain data. The library's `BareItem` type names DOM's `BufferSource`, which
 * this project's types lack, so its values are taken as `unknown` here and narrowed by `integer`/`number`.
 */
interface Member {
  readonly value: unknown;
  readonly params: ReadonlyMap<string, unknown>;
}

/** A structured list's items (inner lists dropped: no dialect uses them); a malformed field is empty. */
function list(field: string | undefined): Member[] {
  if (field === undefined) return [];
  try {
    return parseList(field).flatMap((member) => memberOf(member) ?? []);
  } catch {
    return [];
  }
}

function item(field: string): Member | undefined {
  try {
    return memberOf(parseItem(field));
  } catch {
    return undefined;
  }
}

function memberOf(member: Item | InnerList): Member | undefined {
  const [value, params] = member as [unknown, Map<string, unknown>];
  return Array.isArray(value) ? undefined : { value, params };
}

function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function number(value: unknown): number | undefined {
  return typeof value === 'number' && value >= 0 ? value : undefined;
}

/** A non-negative integer, or undefined: anything else announces nothing usable. */
function count(value: string | undefined): number | undefined {
  const text = value?.trim();
  return text && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/** A non-negative decimal as the legacy fields send it (koa-ratelimit: six decimals). */
function decimal(value: string | undefined): number | undefined {
  const text = value?.trim();
  return text && /^\d{1,16}(\.\d{1,9})?$/.test(text) ? Number(text) : undefined;
}
