import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Where the project's tests put what their child runs write (reports, blobs, a merge) and the files they make
 * (a spec variant, a fixture project): one folder of this checkout's in the system's temporary folder, emptied
 * when `npm test` starts (tests/global-setup.ts), so a failed test's files stay there for a look until the next
 * run, and nothing is left behind for good. Each in a temporary folder of its own, as before, every `npm test`
 * left ~100 folders and ~24 MB that nothing removed. Not under test-results/: every run of the suite a test
 * starts empties that folder (the suite's outputDir).
 */
const checkout = createHash('sha256')
  .update(path.resolve(import.meta.dirname, '../..'))
  .digest('hex');
export const TEST_FOLDERS = path.join(tmpdir(), `meetbit-tests-${checkout.slice(0, 12)}`);

/** A fresh folder for one child run's files. */
export function testFolder(prefix: string): string {
  mkdirSync(TEST_FOLDERS, { recursive: true });
  return mkdtempSync(path.join(TEST_FOLDERS, `${prefix}-`));
}

/**
 * A folder at the same path in every `npm test`, emptied now: for files whose path matters from run to run (the
 * nightly test's simulated workspaces, whose copied sources Playwright's compile cache keys by path: ~250 files
 * and 7 MB more in that cache every run when the path was new). One test at a time per name.
 */
export function fixedTestFolder(name: string): string {
  const folder = path.join(TEST_FOLDERS, name);
  rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** The last run's folders removed: the tests' global setup. */
export function emptyTestFolders(): void {
  rmSync(TEST_FOLDERS, { recursive: true, force: true, maxRetries: 3 });
}
