import { writeFileSync } from 'node:fs';
import type { FullResult, Reporter, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import type { Exchange } from '../../src/contract';
import type { ObservedFailure } from '../../src/playwright/observed';

export interface TestOutcome {
  readonly project: string;
  /** The tenant variant (the `target` annotation of its describe). */
  readonly target: string;
  readonly title: string;
  readonly status: TestResult['status'];
  /** The test's case ids (`case` annotations). */
  readonly cases: string[];
  /** Contract checks that failed inside it (`failed-check` annotations). */
  readonly failedChecks: string[];
  /** Requirement ids of MUST-level failures (`failed-requirement` annotations). */
  readonly failedRequirements: string[];
  /** Requirement ids of SHOULD-level failures (`warning` annotations): warnings, not failures. */
  readonly warnings: string[];
  /** Requirement ids the test could not verify (`not-verified` annotations, "<id>: <why>"). */
  readonly notVerified: string[];
  readonly infrastructureError?: string;
  /** What its checks found (the `conformance-failures` attachment): the self-test groups them into problems. */
  readonly failures: readonly ObservedFailure[];
  readonly failureExchanges: readonly Exchange[];
  readonly durationMs: number;
  readonly start: number;
  readonly worker: number;
  readonly error?: string;
}

/** How often the child run says how far it got: what the harness shows of a run that outlived its bound. */
const PROGRESS_EVERY = 500;

/**
 * Writes one line of plain data per test for the self-test to judge: no HTML, no attachments. It is also the
 * child run's only console, and says so (`printsToStdio`): otherwise Playwright adds its line reporter, which
 * rewrites the terminal line for every test and step and prints every failure in full, for an output nobody
 * reads (in a CPU profile of the child runner, its writes alone were 8% of the runner's time).
 */
export default class KillReporter implements Reporter {
  private readonly outcomes: TestOutcome[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    const annotations = [...test.annotations, ...result.annotations];
    const of = (type: string) => [
      ...new Set(annotations.filter((a) => a.type === type).map((a) => a.description ?? '')),
    ];
    const infra = of('infrastructure-error')[0];
    this.outcomes.push({
      project: test.parent.project()?.name ?? '',
      target: of('target')[0] ?? '',
      title: test.title,
      status: result.status,
      cases: of('case'),
      failedChecks: of('failed-check'),
      failedRequirements: of('failed-requirement'),
      // A warning names its requirement, then (the fuzz phase) what it saw: the id is what counts.
      warnings: [...new Set(of('warning').map((text) => text.split(':')[0] ?? text))],
      notVerified: [...new Set(of('not-verified').map((text) => text.split(':')[0] ?? text))],
      ...(infra ? { infrastructureError: infra } : {}),
      ...observedOf(result),
      durationMs: result.duration,
      start: result.startTime.getTime(),
      worker: result.workerIndex,
      ...(result.error?.message ? { error: result.error.message.slice(0, 2000) } : {}),
    });
    if (this.outcomes.length % PROGRESS_EVERY === 0)
      process.stdout.write(`${this.outcomes.length} tests ended\n`);
  }

  /** An error outside any test (a spec that does not load, a global setup that throws): the harness shows it. */
  onError(error: TestError): void {
    process.stdout.write(`Error outside a test: ${error.stack ?? error.message ?? error.value ?? ''}\n`);
  }

  onEnd(result: FullResult): void {
    const file = process.env.SELFTEST_OUTCOMES_FILE;
    if (file) writeFileSync(file, JSON.stringify(this.outcomes));
    const count = (status: TestResult['status']) => this.outcomes.filter((o) => o.status === status).length;
    process.stdout.write(
      `${this.outcomes.length} tests: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} ` +
        `skipped, ${count('timedOut')} timed out; the run ${result.status}\n`,
    );
  }

  printsToStdio(): boolean {
    return true;
  }
}

/** The failures and their exchanges, as the product's fixture attached them (bodies kept short here). */
function observedOf(result: TestResult): { failures: ObservedFailure[]; failureExchanges: Exchange[] } {
  const attachment = result.attachments.find((a) => a.name === 'conformance-failures');
  try {
    const parsed = JSON.parse(attachment?.body?.toString('utf8') ?? '{}') as {
      failures?: ObservedFailure[];
      exchanges?: Exchange[];
    };
    const cut = (body: string | undefined) => body?.slice(0, 4096);
    return {
      failures: parsed.failures ?? [],
      failureExchanges: (parsed.exchanges ?? []).map((e) => ({
        ...e,
        request: { ...e.request, ...(e.request.body !== undefined ? { body: cut(e.request.body) } : {}) },
        response: { ...e.response, body: cut(e.response.body) ?? '' },
      })),
    };
  } catch {
    return { failures: [], failureExchanges: [] };
  }
}
