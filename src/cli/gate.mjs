// @ts-check
/**
 * Playwright's runner started before the CLI is ready, and held until it is.
 *
 * `npm run conformance` preloads src/cli/prestart.mjs, which starts the runner at once for a run against the
 * bundled tenant: its ~0.4 s of start-up (Playwright's own modules) then runs beside the CLI's (its modules,
 * the settings, the old reports cleared). The runner waits in playwright.config.ts, before it reads any setting,
 * until the CLI writes its word on the runner's fd 3:
 * - `release`: the run goes ahead, with the environment the CLI settled (its run id, seed, --strict, --baseline);
 * - nothing, the pipe closed (`abandon`, or the CLI ended): the runner is killed first; if it ever reads the
 *   end, it stops there without running anything.
 * Plain JavaScript: the preload runs before the CLI's modules, built or through tsx (src/cli/main.mjs).
 */
import { spawn } from 'node:child_process';
import { readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Node's options for every Playwright runner the CLI starts: its preload (src/cli/runner-preload.cjs). */
export const RUNNER_NODE_ARGS = Object.freeze([
  '--require',
  fileURLToPath(new URL('./runner-preload.cjs', import.meta.url)),
]);

/** Playwright's command line, as this project installs it. */
export const PLAYWRIGHT_CLI = createRequire(import.meta.url).resolve('@playwright/test/cli');

/**
 * Node's arguments for a Playwright runner the CLI starts: the preload, Playwright's command line, then `args`.
 * @param {readonly string[]} args
 * @param {string} [cli] another script in Playwright's place (the tests' stand-in)
 * @returns {string[]}
 */
export function runnerArgv(args, cli = PLAYWRIGHT_CLI) {
  return [...RUNNER_NODE_ARGS, cli, ...args];
}

/** Set only in the held runner's environment: the file descriptor its word comes on. */
const GATE = 'MEETBIT_CLI_GATE';
const GATE_FD = 3;

/**
 * @typedef {object} Held
 * @property {import('node:child_process').ChildProcess} child
 * @property {readonly string[]} args what the runner was started with, after the Playwright CLI
 * @property {Readonly<Record<string, string | undefined>>} env the environment it was started with
 * @property {boolean} settled released or abandoned
 */

/** @type {Held | undefined} */
let held;

/**
 * Starts `node <playwrightCli> <args>` held at its config. Killed when this process ends without releasing it.
 * @param {string} playwrightCli
 * @param {readonly string[]} args
 * @returns {Held}
 */
export function startHeld(playwrightCli, args) {
  const env = { ...process.env };
  const child = spawn(process.execPath, runnerArgv(args, playwrightCli), {
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    env: { ...env, [GATE]: String(GATE_FD) },
  });
  // A runner that died before its word (bad arguments) closes its end; the CLI then reads its exit code.
  child.stdio[GATE_FD]?.on('error', () => undefined);
  /** @type {Held} */
  const runner = { child, args, env, settled: false };
  held = runner;
  // Not started at all: the CLI starts Playwright itself, as without the preload.
  child.on('error', () => {
    runner.settled = true;
  });
  process.on('exit', () => {
    if (!runner.settled) runner.child.kill('SIGKILL');
  });
  return runner;
}

/**
 * The held runner, if it was started with exactly these arguments and is still held; one started with other
 * arguments is abandoned.
 * @param {readonly string[]} args
 * @returns {Held | undefined}
 */
export function takeHeld(args) {
  const taken = held;
  if (!taken || taken.settled) return undefined;
  if (taken.args.length !== args.length || taken.args.some((arg, i) => arg !== args[i])) {
    abandon();
    return undefined;
  }
  return taken;
}

/**
 * Lets the held runner go, with every variable this process set or removed since it started; resolves to its
 * exit code.
 * @param {Held} runner
 * @returns {Promise<number | null>}
 */
export function release(runner) {
  /** @type {Record<string, string | null>} */
  const changed = {};
  for (const [name, value] of Object.entries(process.env))
    if (runner.env[name] !== value) changed[name] = value ?? null;
  for (const name of Object.keys(runner.env)) if (!(name in process.env)) changed[name] = null;
  runner.settled = true;
  const exited = new Promise((resolve) => {
    if (runner.child.exitCode !== null) resolve(runner.child.exitCode);
    runner.child.on('close', (code) => resolve(code));
    runner.child.on('error', () => resolve(null));
  });
  const word = /** @type {import('node:stream').Writable | null | undefined} */ (runner.child.stdio[GATE_FD]);
  word?.end(JSON.stringify({ env: changed }));
  return /** @type {Promise<number | null>} */ (exited);
}

/** Kills the held runner, if any, before it has done anything. */
export function abandon() {
  if (!held || held.settled) return;
  held.settled = true;
  held.child.kill('SIGKILL');
}

/**
 * In playwright.config.ts, before any setting is read: in a runner the CLI started early, waits for its word
 * and takes the environment it settled; anywhere else (a worker, `npx playwright test`) returns at once.
 */
export function holdForCli() {
  const fd = process.env[GATE];
  if (fd === undefined) return;
  // Workers are started after this, from this environment: they never wait.
  delete process.env[GATE];
  let word;
  try {
    word = readToEnd(Number(fd));
  } catch {
    word = '';
  }
  if (word === '') {
    // Never reached through the CLI, which kills a runner it does not release.
    throw new Error('npm run conformance stopped before the run could start; nothing was sent.');
  }
  // The word carries the environment, credentials included: an error here never quotes it.
  /** @type {unknown} */
  let message;
  try {
    message = JSON.parse(word);
  } catch {
    message = undefined;
  }
  const env = message && typeof message === 'object' && 'env' in message ? message.env : undefined;
  if (!env || typeof env !== 'object')
    throw new Error(`npm run conformance sent a word this runner cannot read.`);
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string') process.env[name] = value;
    else delete process.env[name];
  }
}

/**
 * Everything on `fd` until its writer closes it, blocking: the runner has nothing else to do yet.
 * @param {number} fd
 * @returns {string}
 */
function readToEnd(fd) {
  /** @type {Buffer[]} */
  const chunks = [];
  const buffer = Buffer.alloc(64 * 1024);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let read;
    try {
      read = readSync(fd, buffer);
    } catch (error) {
      // An end left non-blocking by the platform: wait a little and read again.
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 5);
      continue;
    }
    if (read === 0) return Buffer.concat(chunks).toString('utf8');
    chunks.push(Buffer.from(buffer.subarray(0, read)));
  }
}
