import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';

export interface CommandRun {
  readonly wallMs: number;
  readonly exitCode: number | null;
  /** The last few KB of stdout and stderr, for the summary line and for failures. */
  readonly tail: string;
  readonly startedAt: number;
  readonly load1: number;
}

/**
 * Environment for a measured command: this one's, less what would change what it measures
 * (a configured tenant, a Playwright parent), plus the given variables.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(MEETBIT_|TEST_|PW_|PLAYWRIGHT_|FORCE_COLOR)/.test(name)) env[name] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Wall time of one command, from spawn to exit, output piped (not a TTY) and kept short. */
export async function timeCommand(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs: number; cwd?: string },
): Promise<CommandRun> {
  const load1 = loadavg()[0]!;
  const startedAt = Date.now();
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString()).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { wallMs: performance.now() - started, exitCode, tail, startedAt, load1 };
}

/**
 * How a run ended, from its console: Playwright's closing counts ("12 passed", "1 failed", ...) from a list or
 * dot reporter; else the suite's own verdict line, which `npm run conformance` prints instead of counts.
 */
export function runSummary(output: string): string {
  const counts = [...output.matchAll(/^\s*(\d+) (passed|failed|flaky|skipped|did not run|interrupted)\b/gm)];
  if (counts.length > 0) return counts.map((match) => `${match[1]} ${match[2]}`).join(', ');
  const verdict = /^MeetBit conformance: \S+ ([^:·\n]+)/mu.exec(output)?.[1]?.trim();
  return verdict ? `verdict: ${verdict}` : 'no summary line';
}
