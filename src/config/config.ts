import { randomBytes } from 'node:crypto';
import { isLoopbackAddress } from '../safety/loopback';
import { createSanitizer, type Sanitizer } from '../safety/sanitize';
import {
  API_BASE_PATH,
  REFERENCE_ACCOUNT_IDS,
  REFERENCE_BACKER_EVENT_IDS,
  REFERENCE_KEYS,
} from '../tenant/defaults';
import { tenantSettingsPresent } from './settings';
import { unknownSettingProblems } from './unknown-settings';
import { FAIL_ON, type FailOn } from '../report/verdict-words';

export interface Credentials {
  readonly id: string;
  readonly secret: string;
}

export type Target =
  | {
      readonly kind: 'reference';
      readonly baseUrl?: string;
      /** A second bundled tenant, only for the rate-limit burst: its bucket is no other test's. */
      readonly burstBaseUrl?: string;
    }
  | { readonly kind: 'remote'; readonly baseUrl: string };

export interface SuiteConfig {
  readonly target: Target;
  readonly credentials: Credentials;
  readonly restrictedCredentials?: Credentials;
  readonly accountId: number;
  readonly backerEventId?: number;
  readonly allowRateLimitTest: boolean;
  /** Requests per second towards the tenant, over all workers together. */
  readonly maxRequestsPerSecond: number;
  /** MEETBIT_MAX_RPS was given: a ceiling even on a pace the tenant's announced budget would allow. */
  readonly maxRequestsPerSecondIsSetting: boolean;
  /** MEETBIT_RPS: the pace the user sets, followed whatever the tenant announces. */
  readonly requestsPerSecond?: number;
  readonly concurrency: number;
  readonly requestTimeoutMs: number;
  /** The longest Retry-After the suite honours before it gives up on a request. */
  readonly maxRetryAfterSeconds: number;
  readonly max429InARow: number;
  /** The most time one request may spend waiting on 429s, all Retry-Afters together. */
  readonly maxRateLimitWaitSeconds: number;
  /** Tests in a row that end in an infrastructure error before the rest of the run is skipped. */
  readonly maxInfraErrorsInARow: number;
  readonly rateLimitBurstMax: number;
  /** Requests the fuzz phase may spend, shrinking included; 0 turns it off (MEETBIT_FUZZ_REQUESTS). */
  readonly fuzzRequests: number;
  /** Seeds the fuzz phase; the same seed replays the same generated inputs (MEETBIT_SEED). */
  readonly seed: number;
  /** Generated creates may set is_public: true (a disposable tenant, else MEETBIT_FUZZ_PUBLIC=1). */
  readonly fuzzPublic: boolean;
  /**
   * The tenant is disposable: the bundled one, or a configured one with MEETBIT_DISPOSABLE_TENANT=1. Only then
   * the generous defaults (fuzz budget, public creates, burst length); any other tenant is someone's system,
   * whatever its address: a loopback port may be a `kubectl port-forward` to staging.
   */
  readonly disposable: boolean;
  readonly runId: string;
  readonly reportsDir: string;
  /** A label for the tenant in reports and waivers, e.g. staging (MEETBIT_TENANT_NAME). */
  readonly tenantName?: string;
  /** The checked-in list of accepted deviations (MEETBIT_WAIVERS_FILE). */
  readonly waiversFile: string;
  /** Also write a blob report, for sharded CI runs merged later (MEETBIT_BLOB_REPORT=1). */
  readonly blobReport: boolean;
  /** MEETBIT_STRICT=1 (or --strict): warnings and incomplete runs fail too. */
  readonly strict: boolean;
  /** MEETBIT_BASELINE (or --baseline): a previous conformance.json of this tenant to compare with. */
  readonly baselineFile?: string;
  /** MEETBIT_FAIL_ON: which problems fail the run (any, or only what is new since the baseline). */
  readonly failOn: FailOn;
  /** MEETBIT_MAX_RESPONSE_MS: the response-time budget of convention.response-time; off when absent. */
  readonly maxResponseMs?: number;
  /** MEETBIT_HISTORY: the JSON Lines file each run appends a line to. */
  readonly historyFile?: string;
  /** This process's part of a sharded run (`--shard=2/3`), which public ids and the burst depend on. */
  readonly shard?: Shard;
  /**
   * The project's own leak tests only (MEETBIT_UNSAFE_NO_REDACTION=1): outputs keep credentials, so the
   * hostile-tenant test can show its scan finds them. Never set it for a real tenant.
   */
  readonly unsafeNoRedaction: boolean;
  /**
   * The project's self-test only: several reference-tenant variants, each run as its own pair of
   * Playwright projects in one invocation. All share the reference tenant's built-in keys.
   */
  readonly selftestTargets?: readonly SelftestTarget[];
}

export interface Shard {
  readonly index: number;
  readonly total: number;
}

export interface SelftestTarget {
  readonly name: string;
  readonly baseUrl: string;
  /** The variant's own instance for the rate-limit burst, as the bundled tenant has one (global setup). */
  readonly burstBaseUrl?: string;
}

export type ConfigResult = { ok: true; config: SuiteConfig } | { ok: false; problems: string[] };

type Env = Readonly<Record<string, string | undefined>>;

/** Defaults for a remote tenant: well under a typical API limit of 60 requests a minute per key. */
const REMOTE_DEFAULT_RPS = 0.8;
const REMOTE_DEFAULT_CONCURRENCY = 1;
/** The fuzz phase: generous on a disposable tenant, small on someone's system. */
const DISPOSABLE_DEFAULT_FUZZ_REQUESTS = 200;
const REMOTE_DEFAULT_FUZZ_REQUESTS = 20;
/** The burst looks this far for a 429: the bundled tenant's bucket holds a whole run, fuzz phase included. */
const DISPOSABLE_DEFAULT_BURST_MAX = 1000;
const REMOTE_DEFAULT_BURST_MAX = 300;

/**
 * Reads the settings; pure over `env`. Every problem is collected, none stops the reading early.
 * `fromDotenv` names the variables that came from `.env`, so a problem can say where to look.
 */
export function parseConfig(env: Env, fromDotenv: ReadonlySet<string> = new Set()): ConfigResult {
  const problems: string[] = unknownSettingProblems(env, fromDotenv);
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };

  const selftestTargets = parseSelftestTargets(text('MEETBIT_SELFTEST_TARGETS'), problems);
  const target: Target | undefined = selftestTargets
    ? { kind: 'reference', baseUrl: selftestTargets[0]!.baseUrl }
    : parseTarget(env, text, problems);
  const isReference = target?.kind === 'reference';
  const requiredText = (name: string, why: string): string | undefined => {
    const value = text(name);
    if (value === undefined) problems.push(`${name} ${absence(env, name)} (${why}).`);
    return value;
  };

  let credentials: Credentials | undefined;
  let restrictedCredentials: Credentials | undefined;
  let accountId: number | undefined;
  if (isReference) {
    credentials = REFERENCE_KEYS.full;
    restrictedCredentials = REFERENCE_KEYS.restricted;
    accountId = REFERENCE_ACCOUNT_IDS[0];
  } else if (target) {
    const why = 'required with MEETBIT_BASE_URL or MEETBIT_PRIMARY_DOMAIN';
    const id = requiredText('MEETBIT_ACCESS_KEY_ID', why);
    const secret = requiredText('MEETBIT_ACCESS_KEY_SECRET', why);
    if (id !== undefined && secret !== undefined) credentials = { id, secret };
    const accountText = text('MEETBIT_ACCOUNT_ID');
    if (accountText === undefined)
      problems.push(`MEETBIT_ACCOUNT_ID ${absence(env, 'MEETBIT_ACCOUNT_ID')} (${why}).`);
    else accountId = positiveInteger('MEETBIT_ACCOUNT_ID', accountText, problems);
    const restrictedId = text('MEETBIT_RESTRICTED_ACCESS_KEY_ID');
    const restrictedSecret = text('MEETBIT_RESTRICTED_ACCESS_KEY_SECRET');
    if (restrictedId !== undefined && restrictedSecret !== undefined) {
      restrictedCredentials = { id: restrictedId, secret: restrictedSecret };
      if (restrictedId === id) {
        problems.push(
          'MEETBIT_RESTRICTED_ACCESS_KEY_ID must name a different key than MEETBIT_ACCESS_KEY_ID.',
        );
      }
    } else if (restrictedId !== undefined || restrictedSecret !== undefined) {
      const missing =
        restrictedId === undefined
          ? 'MEETBIT_RESTRICTED_ACCESS_KEY_ID'
          : 'MEETBIT_RESTRICTED_ACCESS_KEY_SECRET';
      problems.push(
        'MEETBIT_RESTRICTED_ACCESS_KEY_ID and MEETBIT_RESTRICTED_ACCESS_KEY_SECRET go together: set both or neither ' +
          `(${missing} ${absence(env, missing)}).`,
      );
    }
  }

  const backerText = text('MEETBIT_BACKER_EVENT_ID');
  const backerEventId =
    backerText === undefined
      ? isReference
        ? REFERENCE_BACKER_EVENT_IDS[0]
        : undefined
      : positiveInteger('MEETBIT_BACKER_EVENT_ID', backerText, problems);

  const allowText = text('MEETBIT_ALLOW_RATE_LIMIT_TEST');
  if (allowText !== undefined && allowText !== '0' && allowText !== '1') {
    problems.push('MEETBIT_ALLOW_RATE_LIMIT_TEST must be 1 or 0.');
  }

  const strictText = text('MEETBIT_STRICT');
  if (strictText !== undefined && strictText !== '0' && strictText !== '1') {
    problems.push('MEETBIT_STRICT must be 1 or 0.');
  }

  const number = (name: string, fallback: number, min: number, max: number): number => {
    const value = text(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
      problems.push(`${name} must be a number from ${min} to ${max}.`);
      return fallback;
    }
    return parsed;
  };
  const maxRequestsPerSecond = number(
    'MEETBIT_MAX_RPS',
    isReference ? 1000 : REMOTE_DEFAULT_RPS,
    0.01,
    10000,
  );
  const pinnedRps = text('MEETBIT_RPS') === undefined ? undefined : number('MEETBIT_RPS', 0, 0.01, 10000);
  if (pinnedRps && text('MEETBIT_MAX_RPS') !== undefined && pinnedRps > maxRequestsPerSecond) {
    problems.push(
      'MEETBIT_RPS must not be above MEETBIT_MAX_RPS, which is a ceiling: lower one or raise the other.',
    );
  }
  const concurrency = Math.floor(
    // The bundled tenant's ~100 tests: a second worker process costs what it saves (measured 2026-12-04, 8 runs
    // each: the same median wall time, 1.2 s more CPU). The self-test's thousands of tests want two.
    number('MEETBIT_CONCURRENCY', selftestTargets ? 2 : REMOTE_DEFAULT_CONCURRENCY, 1, 16),
  );
  const requestTimeoutMs = number('MEETBIT_REQUEST_TIMEOUT_MS', 15000, 100, 300000);
  const maxRetryAfterSeconds = number('MEETBIT_MAX_RETRY_AFTER', 60, 0, 3600);
  const max429InARow = Math.floor(number('MEETBIT_MAX_429_IN_A_ROW', 5, 1, 100));
  const disposableText = text('MEETBIT_DISPOSABLE_TENANT');
  if (disposableText !== undefined && disposableText !== '0' && disposableText !== '1') {
    problems.push('MEETBIT_DISPOSABLE_TENANT must be 1 or 0.');
  }
  // Not the address: a loopback port may be a tunnel to a shared system. Only the user knows.
  const disposable = isReference || disposableText === '1';
  const rateLimitBurstMax = Math.floor(
    number(
      'MEETBIT_RATE_LIMIT_BURST_MAX',
      disposable ? DISPOSABLE_DEFAULT_BURST_MAX : REMOTE_DEFAULT_BURST_MAX,
      1,
      5000,
    ),
  );
  const fuzzRequests = Math.floor(
    number(
      'MEETBIT_FUZZ_REQUESTS',
      disposable ? DISPOSABLE_DEFAULT_FUZZ_REQUESTS : REMOTE_DEFAULT_FUZZ_REQUESTS,
      0,
      100_000,
    ),
  );
  const seedText = text('MEETBIT_SEED');
  if (seedText !== undefined && !/^-?\d{1,10}$/.test(seedText)) {
    problems.push('MEETBIT_SEED must be a whole number (as printed by a previous run).');
  }
  const seed = seedText !== undefined && /^-?\d{1,10}$/.test(seedText) ? Number(seedText) | 0 : newSeed();
  const fuzzPublicText = text('MEETBIT_FUZZ_PUBLIC');
  if (fuzzPublicText !== undefined && fuzzPublicText !== '0' && fuzzPublicText !== '1') {
    problems.push('MEETBIT_FUZZ_PUBLIC must be 1 or 0.');
  }
  // Below the 180 s test timeout, so a throttled test ends inconclusive (said why), not timed out.
  const maxRateLimitWaitSeconds = number('MEETBIT_MAX_RATE_LIMIT_WAIT', 90, 0, 150);
  const maxInfraErrorsInARow = Math.floor(number('MEETBIT_MAX_INFRA_ERRORS_IN_A_ROW', 3, 1, 1000));
  const unsafeText = text('MEETBIT_UNSAFE_NO_REDACTION');
  if (unsafeText !== undefined && unsafeText !== '0' && unsafeText !== '1') {
    problems.push("MEETBIT_UNSAFE_NO_REDACTION must be 1 or 0 (and is for the project's own tests only).");
  }

  const tenantName = text('MEETBIT_TENANT_NAME');
  if (tenantName !== undefined && !/^[A-Za-z0-9._-]{1,60}$/.test(tenantName)) {
    problems.push('MEETBIT_TENANT_NAME may hold only letters, digits, ".", "_" and "-" (at most 60).');
  }
  const blobText = text('MEETBIT_BLOB_REPORT');
  if (blobText !== undefined && blobText !== '0' && blobText !== '1') {
    problems.push('MEETBIT_BLOB_REPORT must be 1 or 0.');
  }

  const failOnText = text('MEETBIT_FAIL_ON');
  const failOn = FAIL_ON.find((policy) => policy === failOnText) ?? 'any';
  if (failOnText !== undefined && failOn !== failOnText)
    problems.push(`MEETBIT_FAIL_ON must be ${FAIL_ON.join(', ')}.`);
  if (failOn !== 'any' && strictText === '1')
    problems.push(
      `MEETBIT_STRICT fails every warning and incomplete run, MEETBIT_FAIL_ON=${failOn} only what is new since the baseline: set one of them.`,
    );
  const budgetText = text('MEETBIT_MAX_RESPONSE_MS');
  const maxResponseMs =
    budgetText === undefined ? undefined : Math.floor(number('MEETBIT_MAX_RESPONSE_MS', 0, 1, 600_000));

  const shardText = text('MEETBIT_SHARD');
  const shard = shardText === undefined ? undefined : parseShard(shardText);
  if (shardText !== undefined && !shard) {
    problems.push('--shard (MEETBIT_SHARD) must be like 1/2.');
  }

  const runId = text('MEETBIT_RUN_ID') ?? newRunId();
  if (!RUN_ID.test(runId)) {
    problems.push('MEETBIT_RUN_ID may hold only letters, digits and "-" (at most 40).');
  }

  if (problems.length > 0 || !target || !credentials || accountId === undefined) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    config: {
      target,
      credentials,
      ...(restrictedCredentials ? { restrictedCredentials } : {}),
      accountId,
      ...(backerEventId !== undefined ? { backerEventId } : {}),
      allowRateLimitTest: isReference || allowText === '1',
      maxRequestsPerSecond,
      maxRequestsPerSecondIsSetting: text('MEETBIT_MAX_RPS') !== undefined,
      ...(pinnedRps ? { requestsPerSecond: pinnedRps } : {}),
      concurrency,
      requestTimeoutMs,
      maxRetryAfterSeconds,
      max429InARow,
      maxRateLimitWaitSeconds,
      maxInfraErrorsInARow,
      rateLimitBurstMax,
      fuzzRequests,
      seed,
      fuzzPublic: fuzzPublicText === undefined ? disposable : fuzzPublicText === '1',
      disposable,
      runId,
      reportsDir: reportsDirOf(env),
      ...(tenantName !== undefined ? { tenantName } : {}),
      waiversFile: text('MEETBIT_WAIVERS_FILE') ?? 'conformance.waivers.yaml',
      blobReport: blobText === '1',
      strict: strictText === '1',
      ...(text('MEETBIT_BASELINE') !== undefined ? { baselineFile: text('MEETBIT_BASELINE') } : {}),
      failOn,
      ...(maxResponseMs ? { maxResponseMs } : {}),
      ...(text('MEETBIT_HISTORY') !== undefined ? { historyFile: text('MEETBIT_HISTORY') } : {}),
      unsafeNoRedaction: unsafeText === '1',
      ...(selftestTargets ? { selftestTargets } : {}),
      ...(shard && shard.total > 1 ? { shard } : {}),
    },
  };
}

/** Where reports go; readable even when the rest of the configuration is broken (its report goes there too). */
export function reportsDirOf(env: Env): string {
  return env.MEETBIT_REPORTS_DIR?.trim() || 'reports';
}

export function parseShard(value: string): Shard | undefined {
  const match = /^(\d{1,3})\/(\d{1,3})$/.exec(value.trim());
  if (!match) return undefined;
  const [index, total] = [Number(match[1]), Number(match[2])];
  return index >= 1 && index <= total ? { index, total } : undefined;
}

function parseTarget(
  env: Env,
  text: (name: string) => string | undefined,
  problems: string[],
): Target | undefined {
  const baseUrl = text('MEETBIT_BASE_URL');
  const domain = text('MEETBIT_PRIMARY_DOMAIN');
  if (baseUrl === undefined && domain === undefined) {
    if (tenantSettingsPresent(env).length > 0) {
      problems.push(noUsableUrl(env));
      return undefined;
    }
    const started = text('MEETBIT_REFERENCE_TENANT_URL');
    const burst = text('MEETBIT_REFERENCE_BURST_URL');
    return {
      kind: 'reference',
      ...(started ? { baseUrl: started } : {}),
      ...(started && burst ? { burstBaseUrl: burst } : {}),
    };
  }
  if (baseUrl !== undefined) {
    // Never echo the value: a key pasted into the wrong line, or a password, would be printed.
    if (/[\s"'<>\\^`{|}]/.test(baseUrl)) {
      problems.push(
        'MEETBIT_BASE_URL holds whitespace, quotes or other characters a URL cannot have (two settings on one line of .env?).',
      );
      return undefined;
    }
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      problems.push(
        `MEETBIT_BASE_URL is not a URL (expected e.g. https://acme.example.com${API_BASE_PATH}).`,
      );
      return undefined;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      problems.push('MEETBIT_BASE_URL must use https (or http on loopback).');
    } else if (url.protocol === 'http:' && !mayBeLoopback(url.hostname)) {
      problems.push(
        'MEETBIT_BASE_URL uses plain http to a host that is not loopback: the access key would travel ' +
          'unencrypted. Use https (http is for 127.0.0.1, [::1] and localhost names that resolve to loopback).',
      );
    }
    if (url.username || url.password)
      problems.push('MEETBIT_BASE_URL must not carry a user name or password.');
    if (url.search || url.hash) problems.push('MEETBIT_BASE_URL must not have a query or fragment.');
    return { kind: 'remote', baseUrl: url.href.replace(/\/+$/, '') };
  }
  if (
    !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i.test(
      domain!,
    )
  ) {
    problems.push('MEETBIT_PRIMARY_DOMAIN must be a host name such as acme.example.com.');
    return undefined;
  }
  return { kind: 'remote', baseUrl: `https://${domain}${API_BASE_PATH}` };
}

/**
 * A setting names a tenant but no URL says where it is. Never fall back to the bundled tenant here: a
 * missing GitHub secret arrives as an empty string, and a green night against a loopback mock is a lie.
 */
function noUsableUrl(env: Env): string {
  const emptyUrl = ['MEETBIT_BASE_URL', 'MEETBIT_PRIMARY_DOMAIN'].filter((name) => env[name] !== undefined);
  const reference = 'unset every tenant setting to run against the bundled reference tenant instead';
  if (emptyUrl.length > 0) {
    return (
      `${emptyUrl.join(' and ')} ${emptyUrl.length > 1 ? 'are' : 'is'} set but empty (a GitHub secret that does ` +
      `not exist arrives as an empty string): set MEETBIT_BASE_URL (or MEETBIT_PRIMARY_DOMAIN) to the tenant's ` +
      `address, or ${reference}.`
    );
  }
  const named = tenantSettingsPresent(env);
  return (
    `MEETBIT_BASE_URL is not set, but ${named.join(', ')} ${named.length > 1 ? 'name' : 'names'} a tenant: ` +
    `set MEETBIT_BASE_URL (or MEETBIT_PRIMARY_DOMAIN) to its address, or ${reference}.`
  );
}

function parseSelftestTargets(value: string | undefined, problems: string[]): SelftestTarget[] | undefined {
  if (value === undefined) return undefined;
  try {
    const targets = JSON.parse(value) as SelftestTarget[];
    const valid =
      Array.isArray(targets) &&
      targets.length > 0 &&
      targets.every(
        (t) =>
          /^[a-z0-9-]+$/.test(t.name) &&
          [t.baseUrl, t.burstBaseUrl ?? t.baseUrl].every((url) => isLoopbackAddress(new URL(url).hostname)),
      );
    if (valid) return targets;
  } catch {
    // reported below
  }
  problems.push(
    'MEETBIT_SELFTEST_TARGETS must be a JSON list of {name, baseUrl, burstBaseUrl?} on loopback (the self-test sets it).',
  );
  return undefined;
}

/** "is not set" or "is set but empty": a secret GitHub does not have arrives empty, a typo not at all. */
function absence(env: Env, name: string): string {
  return env[name] === undefined ? 'is not set' : 'is set but empty';
}

function positiveInteger(name: string, value: string, problems: string[]): number | undefined {
  if (!/^[1-9]\d{0,17}$/.test(value) || !Number.isSafeInteger(Number(value))) {
    problems.push(`${name} must be a positive whole number.`);
    return undefined;
  }
  return Number(value);
}

/**
 * A literal loopback address, or a `localhost` name, which the client resolves and pins before it
 * sends anything (src/client/pinned-url.ts): a name is never trusted for what it says.
 */
export function mayBeLoopback(hostname: string): boolean {
  // `localhost.` is the same name, fully qualified.
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  return isLoopbackAddress(host) || host === 'localhost' || host.endsWith('.localhost');
}

/** A 32-bit signed integer, the range fast-check's seeds take. */
function newSeed(): number {
  return randomBytes(4).readInt32LE(0);
}

/** Every credential of a configuration: what the output sanitizer removes. */
export function credentialsOf(config: SuiteConfig): string[] {
  const { credentials: full, restrictedCredentials: restricted } = config;
  return [full.id, full.secret, ...(restricted ? [restricted.id, restricted.secret] : [])];
}

/** The exit every written byte passes (src/safety/sanitize.ts), for this configuration's credentials. */
export function outputSanitizer(config: SuiteConfig): Sanitizer {
  return createSanitizer(credentialsOf(config), { redact: !config.unsafeNoRedaction });
}

/** What a run id may be: it labels created data and is written into every report. */
const RUN_ID = /^[a-zA-Z0-9-]{1,40}$/;

/**
 * The run id for a report written when the configuration is broken: MEETBIT_RUN_ID when it is valid, a new
 * one otherwise (the configuration problem says why), so an invalid value never reaches a report.
 */
export function runIdForReport(env: Env): string {
  const given = env.MEETBIT_RUN_ID?.trim();
  return given && RUN_ID.test(given) ? given : newRunId();
}

/** The credential settings that hold a value, valid configuration or not: what a report must not show. */
export function credentialsInEnv(env: Env): string[] {
  const names = [
    'MEETBIT_ACCESS_KEY_ID',
    'MEETBIT_ACCESS_KEY_SECRET',
    'MEETBIT_RESTRICTED_ACCESS_KEY_ID',
    'MEETBIT_RESTRICTED_ACCESS_KEY_SECRET',
  ];
  return names.map((name) => env[name]?.trim() ?? '').filter((value) => value !== '');
}

export function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function formatProblems(problems: readonly string[]): string {
  return [
    `MeetBit conformance: the configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}; no request was sent.`,
    ...problems.map((problem) => `  - ${problem}`),
    'Set them in the environment or in .env (see .env.example).',
  ].join('\n');
}
