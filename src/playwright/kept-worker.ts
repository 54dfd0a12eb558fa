import type { TestInfo } from '@playwright/test';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { annotate } from './handoff';

/**
 * Keeps a worker after a failed test, and the reports truthful.
 *
 * Playwright stops a worker after any test whose status differs from its expected status, and starts a
 * new one (spec loading, Ajv compiling, fixtures) for the next test: against a tenant that fails most
 * tests, that cost dominated the run. So, in the worker, a test that already failed is marked
 * expected-to-fail (the worker is kept) with a `kept-worker` annotation that remembers what was
 * expected; in the runner, this reporter, listed first, puts the expected status back before any other
 * reporter sees the test. JUnit, list, HTML, blob (and merge-reports) and the run's exit code see an
 * unexpected failure, as without the trick.
 *
 * The worker applies it only when this reporter is loaded in its own runner (a `--reporter` given on
 * the command line replaces the config's list): a run without it keeps Playwright's behaviour.
 */
export const KEPT_WORKER = 'kept-worker';
const LOADED_IN_RUNNER = 'MEETBIT_KEPT_WORKER_RUNNER_PID';

/** Worker side, after the test body and its hooks ran: marks a failed test so its worker is kept. */
export function keepWorkerAfterFailure(testInfo: TestInfo): boolean {
  // Workers are forked by the runner itself, so a value inherited from an outer run never matches.
  if (process.env[LOADED_IN_RUNNER] !== String(process.ppid)) return false;
  // Only a plain failure: a timed-out or interrupted test may leave work behind; let it go with its worker.
  if (testInfo.status !== 'failed' || testInfo.expectedStatus === 'failed') return false;
  annotate(testInfo, KEPT_WORKER, testInfo.expectedStatus);
  testInfo.expectedStatus = 'failed';
  return true;
}

/** Runner side: must come first in the reporter list (reporters are called in order). */
export default class KeptWorkerReporter implements Reporter {
  constructor() {
    // Set before any worker is forked, so every worker of this run inherits it.
    process.env[LOADED_IN_RUNNER] = String(process.pid);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const mark = result.annotations.find((annotation) => annotation.type === KEPT_WORKER);
    if (!mark) return;
    test.expectedStatus = (mark.description ?? 'passed') as TestCase['expectedStatus'];
    const others = (list: TestResult['annotations']) => list.filter((a) => a.type !== KEPT_WORKER);
    result.annotations = others(result.annotations);
    test.annotations.splice(0, test.annotations.length, ...others(test.annotations));
  }

  printsToStdio(): boolean {
    return false;
  }
}
