import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A run-level circuit breaker, shared by every worker through a file in the reports folder: after
 * `limit` tests in a row ended in an infrastructure error (a tenant throttling or stalling beyond the
 * configured bounds), the remaining tests are skipped and the run ends as an infrastructure error in
 * minutes instead of hours. Lines: `ok` or the fault of a test that got no usable response.
 */
export class CircuitBreaker {
  constructor(
    private readonly file: string,
    private readonly limit: number,
  ) {}

  static forRun(reportsDir: string, runId: string, limit: number): CircuitBreaker {
    return new CircuitBreaker(path.join(reportsDir, `.circuit-${runId}.txt`), limit);
  }

  /** Why the run stopped, or undefined while it goes on. */
  openBecause(): string | undefined {
    let lines: string[];
    try {
      lines = readFileSync(this.file, 'utf8').split('\n').filter(Boolean);
    } catch {
      return undefined;
    }
    const last = lines.slice(-this.limit);
    if (last.length < this.limit || last.includes('ok')) return undefined;
    return (
      `the run was stopped after ${this.limit} tests in a row got no usable response (${last.join(', ')}): ` +
      'the tenant is throttling or stalling beyond the configured bounds (MEETBIT_MAX_RATE_LIMIT_WAIT, ' +
      'MEETBIT_REQUEST_TIMEOUT_MS, MEETBIT_MAX_INFRA_ERRORS_IN_A_ROW); the remaining tests were not run'
    );
  }

  /** `ok`, or the fault of a test that got no usable response. */
  record(outcome: string): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${outcome}\n`);
  }
}
