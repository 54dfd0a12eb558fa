import type { JSONReport, JSONReportSuite } from '@playwright/test/reporter';

/** What the fuzz phase cost in one run: its requests (from the tests' `fuzz` annotations) and seconds. */
export interface FuzzCost {
  readonly requests: number;
  readonly seconds: number;
  readonly seed: string | undefined;
}

/** From a Playwright JSON report of `npm run conformance`; undefined when the phase did not run. */
export function fuzzCostOf(report: JSONReport): FuzzCost | undefined {
  let requests = 0;
  let ms = 0;
  let seed: string | undefined;
  let found = false;
  const visit = (suite: JSONReportSuite): void => {
    for (const spec of suite.specs) {
      for (const test of spec.tests) {
        for (const result of test.results) {
          const lines = result.annotations.filter((a) => a.type === 'fuzz');
          if (lines.length === 0) continue;
          found = true;
          ms += result.duration;
          for (const line of lines)
            requests += Number(/(\d+) requests/.exec(line.description ?? '')?.[1] ?? 0);
          seed ??= test.annotations.find((a) => a.type === 'seed')?.description;
        }
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  report.suites.forEach(visit);
  return found ? { requests, seconds: ms / 1000, seed } : undefined;
}

/** One line for the console and bench/results.md. The two halves run in parallel: seconds are summed test time. */
export function fuzzCostLine(cost: FuzzCost | undefined): string {
  return cost
    ? `Fuzz phase: ${cost.requests} requests, ${cost.seconds.toFixed(2)} s of test time (both halves summed; seed ${cost.seed ?? '?'})`
    : 'Fuzz phase: did not run (MEETBIT_FUZZ_REQUESTS=0?)';
}
