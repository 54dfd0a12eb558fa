import { appendFileSync, readFileSync } from 'node:fs';
import type { TestInfo } from '@playwright/test';
import type { TargetGate } from '../../src/playwright/fixtures';

/**
 * The self-test's kill switch, as mutation tools do it: once a faulty variant has failed a test by a case or
 * a contract check it names, it is proven caught, and its remaining tests are skipped. Correct tenants name
 * nothing and run everything. It plugs into the product's harness seams (the `harness` fixture around each
 * test, and `targetGate` once per tenant and file, in src/playwright/fixtures.ts) from
 * tests/selftest/playwright.config.ts; a normal run never loads it.
 *
 * Workers are separate processes, so the variants caught so far are lines of a file of the run's own
 * (SELFTEST_KILLED_FILE); what each variant names comes from SELFTEST_CATCHES (name -> ids).
 */
export async function killSwitch(
  { target }: { target: string },
  use: () => Promise<void>,
  testInfo: TestInfo,
): Promise<void> {
  const { cases = [], checks = [] } = catchesOf(target);
  const killedFile = process.env.SELFTEST_KILLED_FILE;
  if (cases.length + checks.length === 0 || !killedFile) return use();
  // A variant caught earlier in this block, after the gate let it in.
  skipCaught(target, testInfo);
  await use();
  if (testInfo.status !== 'failed' && testInfo.status !== 'timedOut') return;
  const of = (type: string) => testInfo.annotations.filter((a) => a.type === type).map((a) => a.description);
  const caught =
    of('case').some((id) => cases.includes(id ?? '')) ||
    of('failed-check').some((check) => checks.includes(check ?? ''));
  if (caught) appendFileSync(killedFile, `${target}\n`);
}

/**
 * The same switch once per variant and spec file (the product's `targetGate` seam): a variant caught in an
 * earlier file has the rest of its tests skipped by Playwright without setting up a fixture for each.
 */
export function skipCaught(target: string, testInfo: TestInfo): void {
  const killedFile = process.env.SELFTEST_KILLED_FILE;
  if (killedFile && killedTargets(killedFile).has(target))
    testInfo.skip(true, `variant ${target} already caught`);
}

/** skipCaught as the config's `use` gives it: a function there is taken for the (worker) fixture itself. */
// eslint-disable-next-line no-empty-pattern
export const caughtGate = async ({}, use: (gate: TargetGate) => Promise<void>): Promise<void> =>
  use(skipCaught);

interface Catches {
  readonly cases?: readonly string[];
  readonly checks?: readonly string[];
}

let catchesByTarget: Record<string, Catches> | undefined;

function catchesOf(target: string): Catches {
  catchesByTarget ??= JSON.parse(process.env.SELFTEST_CATCHES ?? '{}') as Record<string, Catches>;
  return catchesByTarget[target] ?? {};
}

function killedTargets(file: string): Set<string> {
  try {
    return new Set(readFileSync(file, 'utf8').split('\n'));
  } catch {
    return new Set();
  }
}
