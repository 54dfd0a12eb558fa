import { defineConfig } from '@playwright/test';
import { loadConfig } from './src/config/env';
import { runMetadata } from './src/playwright/run-metadata';
import { holdForCli } from './src/cli/gate.mjs';

/** merge.config.ts silences it: a merge has no progress to tell. */
export const PROGRESS_REPORTER = './src/playwright/progress-reporter.ts';

// Started early by `npm run conformance`: waits here for the CLI's word, before any setting is read.
holdForCli();
// Fails here, before any request, with one message listing every configuration problem.
const suite = loadConfig();
const reports = suite.reportsDir;
// Playwright runs teardown projects in every shard; two runners bursting one key at once would
// measure each other. So only shard 1 has the burst, and a merged report has it once.
const burstInThisShard = !suite.shard || suite.shard.index === 1;

export default defineConfig({
  testDir: 'specs',
  globalSetup: './src/playwright/global-setup.ts',
  // Each test its own group only where groups can run side by side (workers, shards): with one worker, a
  // group per test costs a dispatch each (~0.1 s of the bundled run's ~2.9 s), and a file is one group.
  fullyParallel: suite.concurrency > 1 || suite.shard !== undefined,
  workers: suite.concurrency,
  // A failed create is never re-sent: a retry could create twice on a tenant that did process it.
  retries: 0,
  timeout: suite.target.kind === 'reference' ? 30_000 : 180_000,
  forbidOnly: !!process.env.CI,
  outputDir: 'test-results',
  reporter: [
    // First: keeps workers after failed tests while every reporter after it sees them as failures.
    ['./src/playwright/kept-worker.ts'],
    // The console stays compact: a progress line, then the conformance reporter's problems with counts. Every
    // failure's full message and stack is in junit.xml and Playwright's HTML report.
    ['junit', { outputFile: `${reports}/junit.xml` }],
    ['html', { outputFolder: `${reports}/playwright-html`, open: 'never' }],
    // conformance.{json,md,html} and created.json; applies waivers to the run's exit status.
    [
      './src/playwright/conformance-reporter.ts',
      {
        reportsDir: reports,
        waiversFile: suite.waiversFile,
        baselineFile: suite.baselineFile,
        historyFile: suite.historyFile,
        failOn: suite.failOn,
        maxResponseMs: suite.maxResponseMs,
      },
    ],
    ...(suite.blobReport ? [['blob', { outputDir: `${reports}/blob-report` }] as const] : []),
    // done/total and, against a paced tenant, the time left.
    [PROGRESS_REPORTER, { paced: suite.maxRequestsPerSecond < 100 }],
    // Last: every file the reporters above wrote is read back through the output exit (src/playwright/sweep.ts).
    // Only with a configured key: the bundled tenant's keys are published, and sweeping them costs seconds.
    ...(suite.target.kind === 'remote'
      ? [['./src/playwright/sweep-reporter.ts', { reportsDir: reports }] as const]
      : []),
  ],
  // Carried by blob reports into merge-reports, where the conformance reporter names the tenant, the suite's
  // version and the settings that shaped coverage from it.
  metadata: { conformance: runMetadata(suite) },
  use: {
    // The suite never uses Playwright's `request` fixture, so traces would hold nothing useful; off
    // also guarantees no request header is ever recorded into one.
    trace: 'off',
  },
  // The self-test (tests/selftest/playwright.config.ts) replaces the projects with its own.
  projects:
    suite.target.kind === 'reference'
      ? // The bundled tenant gives the burst an instance of its own (global setup), so it runs beside
        // the other tests: no teardown project, no third worker process.
        [{ name: 'conformance' }]
      : burstInThisShard
        ? [
            // `teardown`, not `dependencies`: the burst still runs last, but also when a conformance test
            // failed (a failing dependency would skip it, and with it every check of the 429 path).
            { name: 'conformance', testIgnore: /rate-limit\.spec\.ts/, teardown: 'rate-limit' },
            { name: 'rate-limit', testMatch: /rate-limit\.spec\.ts/ },
          ]
        : [{ name: 'conformance', testIgnore: /rate-limit\.spec\.ts/ }],
});
