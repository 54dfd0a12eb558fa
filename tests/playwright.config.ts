import { defineConfig } from '@playwright/test';

/** tests/faults/verdicts.test.ts's test that waits (a title changed here runs it among the faults again). */
const CUT_SHORT = /a fuzz phase cut short by its timeout/;

/**
 * The project's own tests: the self-test that runs the suite against every tenant variant, the suite against
 * faulty, hostile and reporting tenants, the CLI, and unit tests of the core. Playwright hands out tests in the
 * order of the projects: the longest come first, so the short ones fill both workers to the end (measured, one
 * run each without the check beside it: 185 s with the unit tests first and the self-test last, 175 s so).
 */
export default defineConfig({
  testDir: '.',
  fullyParallel: true,
  // Two, not Playwright's default of half the cores (one here): most of these tests wait on child runs,
  // stalled tenants and timeouts, and a second worker fills that time (measured: 583 s to 425 s quiet).
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? 'dot' : 'list',
  // Not under test-results/: every run of the suite a test starts empties that folder (the suite's outputDir),
  // and a failed test's error-context.md went with it.
  outputDir: '../test-results-project',
  // Empties the folder the last run's child runs wrote into (tests/support/test-folder.ts).
  globalSetup: './global-setup.ts',
  projects: [
    // The one test that mostly waits: a fuzz phase held by its tenant until the phase's own timeout (its floor,
    // ~31 s) cuts it short. First, so its wait falls beside the self-test's child run and the check, which keep
    // both cores busy without it (measured, `npm test`: 192.9 s with it among the faults, 177.3 s so).
    { name: 'cut-short', testDir: 'faults', grep: CUT_SHORT, timeout: 180_000 },
    // Runs the real suite against every tenant variant in one child Playwright invocation.
    { name: 'selftest', testDir: 'selftest', testMatch: /selftest\.test\.ts/ },
    // Runs the conformance CLI against faulty servers: exit codes, categories, messages, bounded runs. Each
    // test starts the CLI (and most a whole run) as a child process: minutes, not seconds, on a 2-core machine
    // with other work on it. The bound that matters is inside each test (a hang is killed, said as a timeout).
    { name: 'faults', testDir: 'faults', grepInvert: CUT_SHORT, timeout: 180_000 },
    // The CLI itself: help, settings, the plan against what a run sends, reports, shards, diagnoses.
    { name: 'cli', testDir: 'cli' },
    // Runs the real suite with canary credentials: reports, waivers, no credential in any output.
    { name: 'reports', testDir: 'reports' },
    // Hostile and broken tenants on loopback: no canary in any output in any form, tenant text
    // neutralised, every run bounded (throttling, stalls, floods).
    { name: 'hostile', testDir: 'hostile', testMatch: /hostile\.test\.ts/ },
    // The reference tenant under a bounded, seeded fuzz on loopback.
    { name: 'robustness', testDir: 'robustness' },
    { name: 'unit', testDir: 'unit' },
  ],
});
