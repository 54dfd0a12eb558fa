import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * What a run writes into the reports folder. A run removes these first, so every file there is its
 * own: a failed preflight never sits next to the last run's html page, and created.jsonl never grows
 * across runs. Only these names: the folder may be shared with files the suite does not own.
 */
export const RUN_OUTPUTS = [
  'conformance.json',
  'conformance.md',
  'conformance.html',
  'summary.md',
  'junit.xml',
  'playwright-html',
  'created.json',
  'created.jsonl',
  'preflight.json',
  'blob-report',
  // The output sweep's list of withheld files (src/playwright/sweep.ts).
  'withheld.txt',
] as const;

/** Run-scoped bookkeeping files (the circuit breaker's `.circuit-<run id>.txt`). */
const RUN_STATE = /^\.circuit-[A-Za-z0-9-]+\.txt$/;

/** What the output sweep withheld in this run (src/playwright/sweep-reporter.ts); empty when nothing. */
export function withheldFiles(reportsDir: string): string[] {
  try {
    return readFileSync(path.join(reportsDir, 'withheld.txt'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

export function clearPreviousReports(reportsDir: string): void {
  for (const name of RUN_OUTPUTS) rmSync(path.join(reportsDir, name), { recursive: true, force: true });
  let names: string[] = [];
  try {
    names = readdirSync(reportsDir);
  } catch {
    return;
  }
  for (const name of names.filter((entry) => RUN_STATE.test(entry)))
    rmSync(path.join(reportsDir, name), { force: true });
}
