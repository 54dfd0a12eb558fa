/**
 * Every MEETBIT_* setting a user may set, in one table: `--help`, the README and `.env.example` are
 * checked against it (tests/cli), and `namesTenant` drives the rule that the bundled reference tenant is
 * used only when no setting names a tenant.
 */
export interface Setting {
  readonly name: string;
  /** The default as a user reads it; '' when there is none. */
  readonly default: string;
  readonly meaning: string;
  /** Present (even empty) means "test a configured tenant": without a usable URL that is an error. */
  readonly namesTenant?: true;
}

export const SETTINGS: readonly Setting[] = [
  {
    name: 'MEETBIT_BASE_URL',
    default: '',
    meaning: 'full base URL, e.g. https://acme.example.com/api/public/v2.0 (https, or http on loopback)',
    namesTenant: true,
  },
  {
    name: 'MEETBIT_PRIMARY_DOMAIN',
    default: '',
    meaning: 'the tenant primary domain; the base URL is then https://{domain}/api/public/v2.0',
    namesTenant: true,
  },
  {
    name: 'MEETBIT_ACCESS_KEY_ID',
    default: '',
    meaning: 'a key with online_conferences.create.* (required with a tenant)',
    namesTenant: true,
  },
  { name: 'MEETBIT_ACCESS_KEY_SECRET', default: '', meaning: 'its secret', namesTenant: true },
  {
    name: 'MEETBIT_ACCOUNT_ID',
    default: '',
    meaning: 'an online_conference_account_id the key may create in (required with a tenant)',
    namesTenant: true,
  },
  {
    name: 'MEETBIT_BACKER_EVENT_ID',
    default: 'null is sent',
    meaning: 'an existing backer event id, for the case that sets one',
    namesTenant: true,
  },
  {
    name: 'MEETBIT_RESTRICTED_ACCESS_KEY_ID',
    default: '',
    meaning: 'a valid key WITHOUT the create permission (enables the permission test)',
    namesTenant: true,
  },
  {
    name: 'MEETBIT_RESTRICTED_ACCESS_KEY_SECRET',
    default: '',
    meaning: 'its secret',
    namesTenant: true,
  },
  {
    name: 'MEETBIT_TENANT_NAME',
    default: '',
    meaning: 'a label for the tenant in reports and waiver targets, e.g. staging',
    namesTenant: true,
  },
  {
    name: 'MEETBIT_ALLOW_RATE_LIMIT_TEST',
    default: '0 (always on for the reference tenant)',
    meaning: '1 opts in to the burst that provokes a 429',
  },
  {
    name: 'MEETBIT_MAX_RPS',
    default: '0.8 for a tenant',
    meaning:
      'requests per second over all workers: the pace when nothing is announced, and when set a ceiling on any pace',
  },
  {
    name: 'MEETBIT_RPS',
    default: 'half the announced budget, else MEETBIT_MAX_RPS',
    meaning:
      'the pace itself, whatever the tenant announces (for a limit you know and the suite misreads); 429s are still honoured',
  },
  {
    name: 'MEETBIT_CONCURRENCY',
    default: '1 for a tenant, 2 for the reference tenant',
    meaning: 'parallel workers, i.e. requests in flight',
  },
  { name: 'MEETBIT_REQUEST_TIMEOUT_MS', default: '15000', meaning: 'per-request timeout' },
  {
    name: 'MEETBIT_MAX_RETRY_AFTER',
    default: '60',
    meaning: 'the longest Retry-After (seconds) the suite waits on',
  },
  { name: 'MEETBIT_MAX_429_IN_A_ROW', default: '5', meaning: 'how many 429s in a row one request may get' },
  {
    name: 'MEETBIT_MAX_RATE_LIMIT_WAIT',
    default: '90',
    meaning: 'seconds one request may wait on 429s in total (at most 150); then its test is inconclusive',
  },
  {
    name: 'MEETBIT_MAX_INFRA_ERRORS_IN_A_ROW',
    default: '3',
    meaning:
      'tests in a row without a usable response before the run stops as an infrastructure error (exit 3)',
  },
  {
    name: 'MEETBIT_RATE_LIMIT_BURST_MAX',
    default: '300 (1000 on the bundled tenant and loopback)',
    meaning: 'the most requests the rate-limit burst sends looking for a 429',
  },
  {
    name: 'MEETBIT_FUZZ_REQUESTS',
    default: '20 (200 on the bundled tenant and loopback)',
    meaning: 'the fuzz phase request budget, shrinking included; 0 turns it off',
  },
  {
    name: 'MEETBIT_SEED',
    default: 'random, printed',
    meaning: 'the fuzz phase seed: the same seed replays the same generated inputs',
  },
  {
    name: 'MEETBIT_FUZZ_PUBLIC',
    default: '0 (1 on the bundled tenant and loopback)',
    meaning: '1 lets generated creates set is_public: true on a remote tenant (they become public test data)',
  },
  {
    name: 'MEETBIT_REPORTS_DIR',
    default: 'reports',
    meaning: 'where reports go; each run first removes the previous run’s reports there',
  },
  {
    name: 'MEETBIT_RUN_ID',
    default: 'timestamp and random suffix',
    meaning: 'the label put on created data; shards of one run share it',
  },
  { name: 'MEETBIT_WAIVERS_FILE', default: 'conformance.waivers.yaml', meaning: 'the waiver file' },
  {
    name: 'MEETBIT_STRICT',
    default: '0',
    meaning: '1 (or --strict): warnings and incomplete runs (a MUST requirement not verified) exit 1',
  },
  {
    name: 'MEETBIT_BASELINE',
    default: '',
    meaning:
      "a previous conformance.json of this tenant (or --baseline <file>): the reports lead with what changed since; another tenant's, operation's, spec's or format's is refused (exit 2)",
  },
  {
    name: 'MEETBIT_FAIL_ON',
    default: 'any',
    meaning:
      'any: every MUST problem exits 1; new: with a baseline, only new MUST problems and MUST requirements no longer verified; warnings: new warnings and latency regressions too. The verdict never changes',
  },
  {
    name: 'MEETBIT_MAX_RESPONSE_MS',
    default: 'off',
    meaning:
      'a response-time budget: a p95 above it, for any kind of answer, is a warning (convention.response-time)',
  },
  {
    name: 'MEETBIT_HISTORY',
    default: '',
    meaning:
      'a JSON Lines file each run appends one line to (verdict, counts, fingerprints, p95s); conformance.html draws its last 30 runs',
  },
  {
    name: 'MEETBIT_UNSAFE_NO_REDACTION',
    default: '0',
    meaning:
      "the project's own tests only: 1 turns credential removal off to prove the leak scan is not blind",
  },
  {
    name: 'MEETBIT_BLOB_REPORT',
    default: '0',
    meaning: '1 also writes a blob report, for sharded runs merged later',
  },
];

/** The settings that name a tenant and are present in `env`, even as an empty string. */
export function tenantSettingsPresent(env: Readonly<Record<string, string | undefined>>): string[] {
  return SETTINGS.filter((setting) => setting.namesTenant && env[setting.name] !== undefined).map(
    (setting) => setting.name,
  );
}
