// @ts-check
/**
 * Stands in for Playwright's runner in tests/cli/prestart.test.ts: waits for the CLI's word as
 * playwright.config.ts does, then writes what it was given to HELD_RUNNER_OUT.
 */
import { writeFileSync } from 'node:fs';
import { holdForCli } from '../../src/cli/gate.mjs';

holdForCli();
const out = process.env.HELD_RUNNER_OUT;
if (out)
  writeFileSync(
    out,
    JSON.stringify({
      args: process.argv.slice(2),
      execArgv: process.execArgv,
      set: process.env.HELD_RUNNER_SET ?? null,
      removed: process.env.HELD_RUNNER_REMOVED ?? null,
      gate: process.env.MEETBIT_CLI_GATE ?? null,
    }),
  );
