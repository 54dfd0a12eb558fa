/** Which build of the suite ran: a reviewer attaches the report, and the report says what produced it. */
export interface SuiteIdentity {
  /** package.json's version; null when the run's metadata did not carry it (an older blob report). */
  readonly version: string | null;
  /** `git rev-parse HEAD` of the checkout; null outside a git checkout or without git. */
  readonly commit: string | null;
}

/** The pace a run starts with: the user's setting, or MEETBIT_MAX_RPS's default for this kind of tenant. */
export interface PaceSetting {
  readonly rps: number;
  readonly from: 'MEETBIT_RPS' | 'MEETBIT_MAX_RPS' | 'default';
}

/**
 * The settings that shape what a run covers, so a reviewer reads what was and was not tried. Facts about
 * settings, never a value that could be a secret: a restricted key is "present", not shown.
 */
export interface RunSettings {
  /**
   * A key without the create permission is configured (MEETBIT_RESTRICTED_ACCESS_KEY_*): the permission test
   * runs. Not named after the setting: the output exit removes any 10 characters of a credential, and a key
   * id holding "restricted" would take the field's name with it.
   */
  readonly keyWithoutPermission: boolean;
  /** MEETBIT_ALLOW_RATE_LIMIT_TEST (always on for the bundled tenant): the 429 burst runs. */
  readonly rateLimitBurst: boolean;
  readonly strict: boolean;
  /** MEETBIT_FUZZ_REQUESTS: the fuzz phase's budget; 0 is off. */
  readonly fuzzRequests: number;
  /** Generated creates may set is_public: true. */
  readonly fuzzPublic: boolean;
  readonly pace: PaceSetting;
  /** Treated as disposable: the bundled tenant, or MEETBIT_DISPOSABLE_TENANT=1. */
  readonly disposable: boolean;
}
