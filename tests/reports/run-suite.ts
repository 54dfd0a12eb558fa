import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'node_modules/@playwright/test/cli.js');

export interface SuiteRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly killed: boolean;
  readonly wallMs: number;
}

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

/** Runs the Playwright CLI in the project root with `args`, killed after `timeoutMs`. */
export function runPlaywright(
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<SuiteRun> {
  return runNode([CLI, ...args], env, timeoutMs);
}

async function runNode(args: readonly string[], env: Record<string, string>, timeoutMs: number): Promise<SuiteRun> {
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { exitCode, stdout, stderr, killed, wallMs: Date.now() - started };
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
    cli ? ['--import', 'tsx', path.join(ROOT, 'src/cli/conformance.ts'), ...args] : [CLI, 'test', ...args],
    { MEETBIT_REPORTS_DIR: path.join(dir, 'reports'), ...env },
    timeoutMs,
  );
}
