import type { TestInfo } from '@playwright/test';
import type { ContractFailure, Exchange } from '../contract';

/**
 * Every failure a test's matchers saw, MUST and SHOULD alike, with the exchange it was seen on. The `api`
 * fixture attaches them as `conformance-failures`; the reporter groups them into problems. Kept apart from
 * Playwright's pass/fail: a SHOULD is recorded here and never fails the test.
 */
export interface ObservedFailure extends ContractFailure {
  /** Index into the test's recorded exchanges, or -1 when the exchange was not one the api fixture sent. */
  readonly exchange: number;
  /** Which of the test's requests it was (0: its first, the request the test is about; later: a re-send). */
  readonly sequence?: number;
}

interface Observations {
  failures: ObservedFailure[];
  exchanges: Exchange[];
  /** Requirements a matcher evaluated (whether they held or not): what the run verified. */
  verified: Set<string>;
}

const observed = new WeakMap<TestInfo, Observations>();

export function observationsOf(testInfo: TestInfo): Observations {
  let entry = observed.get(testInfo);
  if (!entry) {
    entry = { failures: [], exchanges: [], verified: new Set() };
    observed.set(testInfo, entry);
  }
  return entry;
}

export function recordExchange(testInfo: TestInfo, exchange: Exchange): void {
  observationsOf(testInfo).exchanges.push(exchange);
}

export function recordFailures(
  testInfo: TestInfo,
  exchange: Exchange,
  failures: readonly ContractFailure[],
): void {
  const entry = observationsOf(testInfo);
  let index = entry.exchanges.lastIndexOf(exchange);
  if (index < 0) {
    entry.exchanges.push(exchange);
    index = entry.exchanges.length - 1;
  }
  for (const failure of failures) entry.failures.push({ ...failure, exchange: index });
}

export function recordVerified(testInfo: TestInfo, requirements: Iterable<string>): void {
  const { verified } = observationsOf(testInfo);
  for (const id of requirements) verified.add(id);
}
