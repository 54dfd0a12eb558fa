import path from 'node:path';
import { defineConfig } from '@playwright/test';
import product from '../../playwright.config';
import { loadConfig } from '../../src/config/env';
import type { HarnessFixture } from '../../src/playwright/fixtures';
import { caughtGate, killSwitch } from './kill-switch';

/**
 * The self-test's run of the real suite: the product's config (playwright.config.ts, which describes only
 * the suite users run) with every variant as a target, its own reporters, and the kill switch in the
 * product's harness seam. harness.ts starts the variants and points MEETBIT_SELFTEST_TARGETS at them.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const suite = loadConfig();

export default defineConfig<{ harness: HarnessFixture }, { targetGate: typeof caughtGate }>({
  ...product,
  testDir: path.join(ROOT, 'specs'),
  globalSetup: path.join(ROOT, 'src/playwright/global-setup.ts'),
  outputDir: path.join(suite.reportsDir, 'test-results'),
  reporter: [
    // The product's kept-worker seam first, as in playwright.config.ts, then the self-test's own.
    [path.join(ROOT, 'src/playwright/kept-worker.ts')],
    [path.join(ROOT, 'tests/selftest/kill-reporter.ts')],
  ],
  use: { ...product.use, harness: killSwitch, targetGate: caughtGate },
  // Two workers share the variants' groups (describeContract), whatever the product's own rule.
  fullyParallel: true,
  // One project, as the bundled tenant's: every variant's burst talks to an instance of its own (harness.ts),
  // so the rate-limit test runs beside the others. Fully parallel, the tests of eight
  // variants in one file are one group (describeContract): cheap to dispatch, both workers busy to the end.
  projects: [{ name: 'conformance' }],
});
