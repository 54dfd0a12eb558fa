import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { runChild, type ChildRun } from '../support/child';
import { CONFORMANCE_NODE_ARGS } from '../support/cli';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'node_modules/@playwright/test/cli.js');

/** A child run; `timedOut` when it outlived its bound (tests check it with `endedByItself` before reading). */
export type SuiteRun = ChildRun & { readonly exitCode: number | null };

/**
 * The environment of a child run: this process's, less what Playwright sets for its own workers (it
 * would make the child believe it is one) and any MEETBIT_ setting of the developer's shell.
 */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(TEST_|PW_|PLAYWRIGHT_|FORCE_COLOR|NO_COLOR|MEETBIT_)/.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

/** Runs the Playwright CLI in the project root with `args`; one that outlives `timeoutMs` fails as a timeout. */
export function runPlaywright(
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<SuiteRun> {
  return runNode([CLI, ...args], env, timeoutMs);
}

async function runNode(args: readonly string[], env: Record<string, string>, timeoutMs: number): Promise<SuiteRun> {
  const run = await runChild(process.execPath, args, { cwd: ROOT, env: childEnv(env), timeoutMs });
  return { ...run, exitCode: run.code };
}

/**
 * The real conformance suite (playwright.config.ts) with every output under `dir`: through
 * Playwright directly, or through `npm run conformance`'s CLI (preflight, exit codes) with `cli`.
 */
export function runConformance(
  dir: string,
  env: Record<string, string>,
  { timeoutMs = 60_000, cli = false, files = [] as readonly string[] } = {},
): Promise<SuiteRun> {
  mkdirSync(dir, { recursive: true });
  const args = ['--config', path.join(ROOT, 'playwright.config.ts'), '--output', path.join(dir, 'test-results'), ...files];
  return runNode(
    cli ? [...CONFORMANCE_NODE_ARGS, ...args] : [CLI, 'test', ...args],
    { MEETBIT_REPORTS_DIR: path.join(dir, 'reports'), ...env },
    timeoutMs,
  );
}
