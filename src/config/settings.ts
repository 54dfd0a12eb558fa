/**
 * Every MEETBIT_* setting a user may set, in one table: `--help`, docs/settings.md and `.env.example` are
 * generated from it (`npm run docs`; tests/unit/docs.test.ts fails when they differ), and `namesTenant`
 * drives the rule that the bundled reference tenant is used only when no setting names a tenant.
 */
export interface Setting {
  readonly name: string;
  /** The default as a user reads it; '' when there is none. */
  readonly default: string;
  /** One line: what it does. */
  readonly meaning: string;
  /** Where `.env.example` and docs/settings.md list it. */
  readonly group: SettingGroup;
  /** The value `.env.example` shows after `NAME=` (commented out); '' shows none. */
  readonly example?: string;
  /** Present (even empty) means "test a configured tenant": without a usable URL that is an error. */
  readonly namesTenant?: true;
}

export const SETTING_GROUPS = {
  tenant: 'Which tenant',
  credentials: 'Credentials (required with a tenant)',
  coverage: 'What the run covers',
  pace: 'Gentleness and bounds',
  fuzz: 'The fuzz phase (generated inputs)',
  output: 'Output',
  monitoring: 'Nightly monitoring (what changed since a baseline)',
  project: "The project's own tests",
} as const;
export type SettingGroup = keyof typeof SETTING_GROUPS;

/** Where the generous defaults apply: a tenant nobody else depends on. */
const DISPOSABLE = 'the bundled tenant or MEETBIT_DISPOSABLE_TENANT=1';

export const SETTINGS: readonly Setting[] = [
  {
    name: 'MEETBIT_BASE_URL',
    default: '',
    meaning:
      'full base URL, e.g. https://acme.example.com/api/public/v2.0 (https, or http on loopback); wins over the next',
    group: 'tenant',
    example: 'https://acme.example.com/api/public/v2.0',
    namesTenant: true,
  },
  {
    name: 'MEETBIT_PRIMARY_DOMAIN',
    default: '',
    meaning: 'the tenant primary domain; the base URL is then https://{domain}/api/public/v2.0',
    group: 'tenant',
    example: 'acme.example.com',
    namesTenant: true,
  },
  {
    name: 'MEETBIT_TENANT_NAME',
    default: '',
    meaning: 'a label for the tenant in reports and waiver targets, e.g. staging',
    group: 'tenant',
    namesTenant: true,
  },
  {
    name: 'MEETBIT_DISPOSABLE_TENANT',
    default: '0',
    meaning:
      `1: this configured tenant is disposable (a throwaway instance, not someone's system): 200 fuzz requests, ` +
      'public creates, a burst of up to 1000; the pace stays',
    group: 'tenant',
  },
  {
    name: 'MEETBIT_ACCESS_KEY_ID',
    default: '',
    meaning: 'a key with online_conferences.create.*',
    group: 'credentials',
    namesTenant: true,
  },
  {
    name: 'MEETBIT_ACCESS_KEY_SECRET',
    default: '',
    meaning: 'its secret',
    group: 'credentials',
    namesTenant: true,
  },
  {
    name: 'MEETBIT_ACCOUNT_ID',
    default: '',
    meaning: 'an online_conference_account_id the key may create conferences in',
    group: 'credentials',
    namesTenant: true,
  },
  {
    name: 'MEETBIT_BACKER_EVENT_ID',
    default: 'null is sent',
    meaning: 'an existing backer event id, for the case that sets one',
    group: 'coverage',
    namesTenant: true,
  },
  {
    name: 'MEETBIT_RESTRICTED_ACCESS_KEY_ID',
    default: '',
    meaning: 'a valid key WITHOUT the create permission (enables the permission test)',
    group: 'coverage',
    namesTenant: true,
  },
  {
    name: 'MEETBIT_RESTRICTED_ACCESS_KEY_SECRET',
    default: '',
    meaning: 'its secret',
    group: 'coverage',
    namesTenant: true,
  },
  {
    name: 'MEETBIT_ALLOW_RATE_LIMIT_TEST',
    default: '0 (1 on the bundled tenant)',
    meaning: '1 opts in to the burst that provokes a 429',
    group: 'coverage',
  },
  {
    name: 'MEETBIT_STRICT',
    default: '0',
    meaning: '1 (or --strict): warnings and incomplete runs (a MUST requirement not verified) exit 1',
    group: 'coverage',
  },
  {
    name: 'MEETBIT_MAX_RPS',
    default: '0.8 (1000 on the bundled tenant)',
    meaning:
      'requests per second over all workers: the pace when the tenant announces no rate limit, and when set a ceiling on any pace',
    group: 'pace',
  },
  {
    name: 'MEETBIT_RPS',
    default: 'half the announced budget, else MEETBIT_MAX_RPS',
    meaning:
      'the pace itself, whatever the tenant announces (for a limit you know and the suite misreads); 429s are still honoured',
    group: 'pace',
  },
  {
    name: 'MEETBIT_CONCURRENCY',
    default: '1 (the self-test uses 2)',
    meaning: 'parallel workers, i.e. requests in flight; they share the pace',
    group: 'pace',
  },
  {
    name: 'MEETBIT_REQUEST_TIMEOUT_MS',
    default: '15000',
    meaning: 'per-request timeout in milliseconds',
    group: 'pace',
  },
  {
    name: 'MEETBIT_MAX_RETRY_AFTER',
    default: '60',
    meaning: 'the longest Retry-After (seconds) the suite waits on; a longer one makes the test inconclusive',
    group: 'pace',
  },
  {
    name: 'MEETBIT_MAX_429_IN_A_ROW',
    default: '5',
    meaning: 'how many 429s in a row one request may get before its test is inconclusive',
    group: 'pace',
  },
  {
    name: 'MEETBIT_MAX_RATE_LIMIT_WAIT',
    default: '90',
    meaning:
      'seconds one request may wait on 429s in total (at most 150); then its test is inconclusive (not verified)',
    group: 'pace',
  },
  {
    name: 'MEETBIT_MAX_INFRA_ERRORS_IN_A_ROW',
    default: '3',
    meaning:
      'tests in a row without a usable response (inconclusive ones included) before the run stops as an infrastructure error (exit 3)',
    group: 'pace',
  },
  {
    name: 'MEETBIT_RATE_LIMIT_BURST_MAX',
    default: `300 (1000 on ${DISPOSABLE})`,
    meaning: 'the most requests the rate-limit burst sends looking for a 429',
    group: 'pace',
  },
  {
    name: 'MEETBIT_FUZZ_REQUESTS',
    default: `20 (200 on ${DISPOSABLE})`,
    meaning: 'the fuzz phase request budget, shrinking included; 0 turns it off',
    group: 'fuzz',
  },
  {
    name: 'MEETBIT_SEED',
    default: 'random, printed',
    meaning: 'the fuzz phase seed: the same seed replays the same generated inputs',
    group: 'fuzz',
  },
  {
    name: 'MEETBIT_FUZZ_PUBLIC',
    default: `0 (1 on ${DISPOSABLE})`,
    meaning: '1 lets generated creates set is_public: true (they become public test data); 0 forbids it',
    group: 'fuzz',
  },
  {
    name: 'MEETBIT_REPORTS_DIR',
    default: 'reports',
    meaning: 'where reports go; each run first removes the previous run’s reports there',
    group: 'output',
  },
  {
    name: 'MEETBIT_RUN_ID',
    default: 'timestamp and random suffix',
    meaning: 'the label put on created data; shards of one run share it',
    group: 'output',
  },
  {
    name: 'MEETBIT_WAIVERS_FILE',
    default: 'conformance.waivers.yaml',
    meaning: 'the waiver file',
    group: 'output',
  },
  {
    name: 'MEETBIT_BASELINE',
    default: '',
    meaning:
      "a previous conformance.json of this tenant (or --baseline <file>): the reports lead with what changed since; another tenant's, operation's, spec's or format's is refused (exit 2)",
    group: 'monitoring',
  },
  {
    name: 'MEETBIT_FAIL_ON',
    default: 'any',
    meaning:
      'any: every MUST problem exits 1; new: with a baseline, only new MUST problems and MUST requirements no longer verified; warnings: new warnings and latency regressions too. The verdict never changes',
    group: 'monitoring',
  },
  {
    name: 'MEETBIT_MAX_RESPONSE_MS',
    default: 'off',
    meaning:
      'a response-time budget: a p95 above it, for any kind of answer, is a warning (convention.response-time)',
    group: 'monitoring',
  },
  {
    name: 'MEETBIT_HISTORY',
    default: '',
    meaning:
      'a JSON Lines file each run appends one line to (verdict, counts, fingerprints, p95s); conformance.html draws its last 30 runs',
    group: 'monitoring',
  },
  {
    name: 'MEETBIT_BLOB_REPORT',
    default: '0',
    meaning: '1 also writes a blob report, for sharded runs merged later',
    group: 'output',
  },
  {
    name: 'MEETBIT_UNSAFE_NO_REDACTION',
    default: '0',
    meaning: '1 turns credential removal off to prove the leak scan is not blind; never set it for a tenant',
    group: 'project',
  },
];

/**
 * MEETBIT_* names the suite sets for its own processes (the runner for its workers, the CLI for Playwright,
 * the self-test for its child run). They are not settings: a user never sets them, and they are not typos.
 */
export const INTERNAL_VARIABLES: readonly string[] = [
  'MEETBIT_REFERENCE_TENANT_URL',
  'MEETBIT_REFERENCE_BURST_URL',
  'MEETBIT_SHARD',
  'MEETBIT_SELFTEST_TARGETS',
  'MEETBIT_SPEC_VALIDATED',
  'MEETBIT_PLAN_FORMAT',
  'MEETBIT_KEPT_WORKER_RUNNER_PID',
];

/** The settings that name a tenant and are present in `env`, even as an empty string. */
export function tenantSettingsPresent(env: Readonly<Record<string, string | undefined>>): string[] {
  return SETTINGS.filter((setting) => setting.namesTenant && env[setting.name] !== undefined).map(
    (setting) => setting.name,
  );
}
