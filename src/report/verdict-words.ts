/** The verdict words of a run, how each is written, and the exit code each maps to. */

/** `npm run conformance` exit codes: what a CI job or an operator can act on. */
export const EXIT = {
  /** Every check passed (or its failure is waived): the tenant conforms. */
  conforms: 0,
  /** At least one conformance failure: the tenant does not conform. */
  doesNotConform: 1,
  /** A setting is missing or malformed, or the tenant rejected the credentials: nothing was judged. */
  configuration: 2,
  /** The tenant could not be reached or gave no usable response: no verdict, not a conformance failure. */
  infrastructure: 3,
  /** The suite itself failed (a crash, no report): a bug to report against the suite. */
  suiteError: 4,
} as const;

/** Exactly one per run, in conformance.json's `verdict` (see docs/conformance.schema.json). */
export type Verdict =
  | 'conforms'
  | 'conforms-with-warnings'
  | 'does-not-conform'
  | 'incomplete'
  | 'infrastructure-error'
  | 'configuration-error';

/**
 * The report's status decides between 0 and 1 (src/report/policy.ts): conforms, conforms-with-warnings and
 * incomplete pass unless --strict or a waiver problem fails them; does-not-conform fails unless
 * MEETBIT_FAIL_ON=new finds nothing new since the baseline. A baseline that was refused is a configuration
 * error whatever the verdict: the comparison asked for was not made.
 */
export function exitCodeFor(
  verdict: Verdict | undefined,
  status: 'passed' | 'failed' = verdict === 'does-not-conform' ? 'failed' : 'passed',
  baselineRefused = false,
): number {
  if (baselineRefused && verdict !== undefined) return EXIT.configuration;
  switch (verdict) {
    case 'conforms':
    case 'conforms-with-warnings':
    case 'incomplete':
    case 'does-not-conform':
      return status === 'failed' ? EXIT.doesNotConform : EXIT.conforms;
    case 'infrastructure-error':
      return EXIT.infrastructure;
    case 'configuration-error':
      return EXIT.configuration;
    default:
      return EXIT.suiteError;
  }
}

/** The words every output leads with, so the console, md and html say the same thing. */
export const VERDICT_TEXT: Record<Verdict, string> = {
  conforms: 'conforms',
  'conforms-with-warnings': 'conforms, with warnings',
  'does-not-conform': 'does not conform',
  incomplete: 'incomplete: nothing failed, but not every MUST requirement was verified',
  'infrastructure-error': 'infrastructure error: no verdict, not a conformance verdict on the tenant',
  'configuration-error': 'configuration error: no verdict',
};

export const VERDICT_MARK: Record<Verdict, string> = {
  conforms: '✅',
  'conforms-with-warnings': '✅',
  'does-not-conform': '❌',
  incomplete: '◐',
  'infrastructure-error': '⚠️',
  'configuration-error': '⚠️',
};

/**
 * MEETBIT_FAIL_ON, the failure policy of a monitored tenant. `any`: every MUST problem fails the run, as
 * without a baseline. `new`: against a baseline, only what is new fails (a MUST problem, a MUST requirement
 * verified then and not now); known problems stay in every report without paging anyone every night.
 * `warnings`: new warnings and slower answers fail too. The verdict itself never depends on it.
 */
export type FailOn = 'any' | 'new' | 'warnings';

export const FAIL_ON: readonly FailOn[] = ['any', 'new', 'warnings'];
