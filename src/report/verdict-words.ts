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
 * conforms, conforms-with-warnings and incomplete exit 0 (nothing failed; the verdict says what was not
 * verified) unless the report's status failed them: --strict, or a waiver problem. Then 1.
 */
export function exitCodeFor(verdict: Verdict | undefined, status: 'passed' | 'failed' = 'passed'): number {
  switch (verdict) {
    case 'conforms':
    case 'conforms-with-warnings':
    case 'incomplete':
      return status === 'failed' ? EXIT.doesNotConform : EXIT.conforms;
    case 'does-not-conform':
      return EXIT.doesNotConform;
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
