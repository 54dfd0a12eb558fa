// @ts-check
/**
 * Preloaded by `npm run conformance` (`node --import ./src/cli/prestart.mjs src/cli/main.mjs`), before the
 * CLI's own modules: for a run against the bundled reference tenant, starts Playwright's runner now, held
 * until the CLI has checked the settings (src/cli/gate.mjs). Help, a plan, the catalogue and a merge start
 * nothing here, and neither does a run whose settings give a tenant's address: that run is paced (a minute or
 * more, so the ~0.2 s saved is noise) and its preflight decides whether the suite runs at all, so a runner
 * started before it would often be killed unused (measured in the project's tests: 29 of 71, ~0.45 s of CPU each).
 * Nor does a run with another `--config` than the suite's: only playwright.config.ts waits at the gate.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';
import { PLAYWRIGHT_CLI, startHeld } from './gate.mjs';
import { asksForARun, playwrightArgs, suiteOptions } from './options.mjs';

/** The script `npm run conformance` runs: the CLI, built or through tsx (src/cli/main.mjs). */
const cli = fileURLToPath(new URL('./main.mjs', import.meta.url));

/** The settings that give a tenant's address (src/config/settings.ts; a test keeps the two lists agreeing). */
export const ADDRESS_SETTINGS = ['MEETBIT_BASE_URL', 'MEETBIT_PRIMARY_DOMAIN'];

/**
 * What Playwright's runner is started with for this command line, or undefined: another script, a command
 * line that asks for no run or names another config, or settings that give a tenant's address.
 * @param {string | undefined} script the main script (`process.argv[1]`)
 * @param {readonly string[]} raw the arguments after it
 * @param {Readonly<Record<string, string | undefined>>} settings the environment, with .env's values under it
 * @returns {string[] | undefined}
 */
export function heldRunnerArgs(script, raw, settings) {
  if (!isTheCli(script) || !asksForARun(raw)) return undefined;
  if (ADDRESS_SETTINGS.some((name) => settings[name] !== undefined)) return undefined;
  const args = playwrightArgs(suiteOptions(raw).argv);
  // Only the suite's own config holds a runner at the gate; another one would start running at once.
  const config = configOf(args);
  if (config !== undefined && !samePath(config, productConfig)) return undefined;
  return ['test', ...args];
}

const productConfig = fileURLToPath(new URL('../../playwright.config.ts', import.meta.url));

/**
 * The config file a Playwright command line names (`--config x`, `--config=x`, `-c x`), if any.
 * @param {readonly string[]} args
 * @returns {string | undefined}
 */
function configOf(args) {
  let named;
  for (let i = 0; i < args.length; i++) {
    const arg = /** @type {string} */ (args[i]);
    if (arg === '--config' || arg === '-c') named = args[++i] ?? '';
    else if (arg.startsWith('--config=')) named = arg.slice('--config='.length);
  }
  return named;
}

/**
 * @param {string} a
 * @param {string} b
 */
function samePath(a, b) {
  try {
    return realpathSync(path.resolve(a)) === realpathSync(b);
  } catch {
    return false;
  }
}

/**
 * The environment over .env, read as src/config/env.ts reads them (`dotenv.config`, which never overrides the
 * environment), into a copy: this process's environment is the CLI's to settle.
 * @returns {Record<string, string | undefined>}
 */
function settingsNow() {
  const copy = { ...process.env };
  dotenv.config({ quiet: true, processEnv: copy });
  return copy;
}

/** @param {string | undefined} script */
function isTheCli(script) {
  return script !== undefined && samePath(script, cli);
}

const args = heldRunnerArgs(process.argv[1], process.argv.slice(2), settingsNow());
if (args) startHeld(PLAYWRIGHT_CLI, args);
