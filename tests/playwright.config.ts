import { defineConfig } from '@playwright/test';

/** The project's own tests: unit tests of the core, then the self-test that runs the suite against faulty tenants. */
export default defineConfig({
  testDir: '.',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? 'dot' : 'list',
  outputDir: '../test-results/project-tests',
  projects: [
    { name: 'unit', testDir: 'unit' },
    // Runs the real suite with canary credentials: reports, waivers, no credential in any output.
    { name: 'reports', testDir: 'reports' },
    // Hostile and broken tenants on loopback: no canary in any output in any form, tenant text
    // neutralised, every run bounded (throttling, stalls, floods).
    { name: 'hostile', testDir: 'hostile', testMatch: /hostile\.test\.ts/ },
    // Runs the conformance CLI against faulty servers: exit codes, categories, messages, time bounds.
    { name: 'faults', testDir: 'faults' },
    // The reference tenant under a bounded, seeded fuzz on loopback.
    { name: 'robustness', testDir: 'robustness' },
    // Runs the real suite against every tenant variant in one child Playwright invocation.
    { name: 'selftest', testDir: 'selftest', testMatch: /selftest\.test\.ts/ },
  ],
});
