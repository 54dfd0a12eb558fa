import { spawn } from 'node:child_process';

export interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
  /** The child outlived its bound and was killed: what it printed is not an answer. */
  readonly timedOut: boolean;
  readonly timeoutMs: number;
}

export interface ChildOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Generous: a bound against a hang, never a claim about speed a busy machine could break. */
  readonly timeoutMs: number;
  /** For a child that serves until stopped: SIGTERM once its stdout so far satisfies this. */
  readonly stopWhen?: (stdout: string) => boolean;
}

/**
 * Runs a child process to its end, or kills it at its bound and says so (`timedOut`). Every child run of
 * the project's tests goes through here, so a busy machine's slowness surfaces as a timeout, never as a
 * mismatch ("Expected: 26, Received: 0" from a run cut off half-way).
 */
export async function runChild(
  command: string,
  args: readonly string[],
  { cwd, env, timeoutMs, stopWhen }: ChildOptions,
): Promise<ChildRun> {
  const started = Date.now();
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let stopping = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!stopping && stopWhen?.(stdout)) {
      stopping = true;
      child.kill('SIGTERM');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr, wallMs: Date.now() - started, timedOut, timeoutMs };
}

/** The run, when it ended by itself; else an error that says it was a timeout, and where the child was. */
export function endedByItself<T extends ChildRun>(run: T, what: string): T {
  if (!run.timedOut) return run;
  const tail = `${run.stdout}\n${run.stderr}`.trim().slice(-3000);
  throw new Error(
    `Timeout: ${what} did not end within ${Math.round(run.timeoutMs / 1000)} s and was stopped. This is the ` +
      "test's bound on a child run (a busy machine, or a hang), not a result of the run. Its last output:\n" +
      tail,
  );
}
