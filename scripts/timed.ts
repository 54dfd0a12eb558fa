import { spawn } from 'node:child_process';

/**
 * `npm test`: runs each given command in turn (stopping at the first failure, as `&&` would) and ends
 * with one line giving the total wall time, so a slow run on a busy machine shows as slow, not as hung.
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
let code = 0;
for (const command of commands) {
  code = await new Promise<number>((resolve) => {
    const child = spawn(command, { shell: true, stdio: 'inherit' });
    child.on('close', (exit, signal) => resolve(exit ?? (signal ? 1 : 0)));
  });
  if (code !== 0) break;
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`\nnpm test: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${seconds} s wall time.`);
process.exit(code);
