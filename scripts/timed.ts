import { spawn, type ChildProcess } from 'node:child_process';

/**
 * `npm test`: runs the checks beside the tests and ends with one line giving the total wall time, so a slow
 * run on a busy machine shows as slow, not as hung. The tests (the last command) print as they go; every
 * other command's output is held and printed when it ends: at once, stopping the tests, when it fails (the
 * run fails as `&&` would, only sooner), else after the tests. Side by side because the tests leave some of
 * the two cores idle while they wait on child runs and stalled tenants (1.7 of 2 busy on average, measured),
 * and `npm run check` alone takes about 19 s of wall time on a quiet machine.
 * package.json starts the project's own Playwright runner with the CLI's preload (src/cli/runner-preload.cjs,
 * a code cache for Playwright's bundles), as the CLI starts the suite's: its ~16 workers inherit it.
 * Usage: tsx scripts/timed.ts "npm run check" "playwright test -c tests/playwright.config.ts" [options for the last]
 */
const args = process.argv.slice(2);
// `npm test -- --project unit`: everything from the first option on goes to the last command.
const firstOption = args.findIndex((arg) => arg.startsWith('-'));
const commands = firstOption < 0 ? args : args.slice(0, firstOption);
const extra = firstOption < 0 ? [] : args.slice(firstOption);
if (extra.length > 0 && commands.length > 0) {
  commands[commands.length - 1] += ` ${extra.map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ')}`;
}
const started = performance.now();
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);
const exitOf = (exit: number | null, signal: NodeJS.Signals | null) => exit ?? (signal ? 1 : 0);

const tests = commands.pop();
const held: string[] = [];
let stopped = false;
let testsChild: ChildProcess | undefined;

const checks = commands.map(
  (command) =>
    new Promise<number>((resolve) => {
      const from = performance.now();
      let output = '';
      const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('close', (exit, signal) => {
        const code = exitOf(exit, signal);
        const block = `\n── ${command}: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${seconds(from)} s ──\n${output.trimEnd()}\n`;
        if (code === 0) held.push(block);
        else {
          process.stdout.write(block);
          if (testsChild && testsChild.exitCode === null && !stopped) {
            stopped = true;
            process.stdout.write(`\nStopping the tests: "${command}" failed.\n`);
            testsChild.kill('SIGINT');
          }
        }
        resolve(code);
      });
    }),
);

const testsCode = tests
  ? new Promise<number>((resolve) => {
      // `exec`: the shell becomes the test runner, so stopping it stops the runner, not a shell around it.
      testsChild = spawn(`exec ${tests}`, { shell: true, stdio: 'inherit' });
      testsChild.on('close', (exit, signal) => resolve(exitOf(exit, signal)));
    })
  : Promise.resolve(0);

const codes = await Promise.all([...checks, testsCode]);
for (const block of held) process.stdout.write(block);
const code = codes.find((c) => c !== 0) ?? 0;
console.log(
  `\nnpm test: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${seconds(started)} s wall time.`,
);
process.exit(code);
