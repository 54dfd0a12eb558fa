// @ts-check
/**
 * Preloaded by `npm run conformance` before tsx (`node --import ./src/cli/prestart.mjs --import tsx
 * src/cli/conformance.ts`): for a run of the suite, starts Playwright's runner now, held until the CLI has
 * checked the settings (src/cli/gate.mjs). Help, a plan, the catalogue and a merge start nothing here.
 */
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startHeld } from './gate.mjs';
import { asksForARun, playwrightArgs, suiteOptions } from './options.mjs';

const cli = fileURLToPath(new URL('./conformance.ts', import.meta.url));

/**
 * What Playwright's runner is started with for this command line, or undefined: another script, or a command
 * line that asks for no run.
 * @param {string | undefined} script the main script (`process.argv[1]`)
 * @param {readonly string[]} raw the arguments after it
 * @returns {string[] | undefined}
 */
export function heldRunnerArgs(script, raw) {
  if (!isTheCli(script) || !asksForARun(raw)) return undefined;
  return ['test', ...playwrightArgs(suiteOptions(raw).argv)];
}

/** @param {string | undefined} script */
function isTheCli(script) {
  try {
    return script !== undefined && realpathSync(script) === realpathSync(cli);
  } catch {
    return false;
  }
}

const args = heldRunnerArgs(process.argv[1], process.argv.slice(2));
if (args) startHeld(createRequire(import.meta.url).resolve('@playwright/test/cli'), args);
