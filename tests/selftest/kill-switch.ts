import { appendFileSync, readFileSync } from 'node:fs';
import type { TestInfo } from '@playwright/test';

/**
 * The self-test's kill switch, as mutation tools do it: once a faulty variant has failed a test by a case or
 * a contract check it names, it is proven caught, and its remaining tests are skipped. Correct tenants name
 * nothing and run everything. It plugs into the product's one harness seam (the `harness` fixture of
 * src/playwright/fixtures.ts) from tests/selftest/playwright.config.ts; a normal run never loads it.
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
  if (killedTargets(killedFile).has(target)) testInfo.skip(true, `variant ${target} already caught`);
  await use();
  if (testInfo.status !== 'failed' && testInfo.status !== 'timedOut') return;
  const of = (type: string) => testInfo.annotations.filter((a) => a.type === type).map((a) => a.description);
  const caught =
    of('case').some((id) => cases.includes(id ?? '')) ||
    of('failed-check').some((check) => checks.includes(check ?? ''));
  if (caught) appendFileSync(killedFile, `${target}\n`);
}

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
