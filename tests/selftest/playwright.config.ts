import path from 'node:path';
import { defineConfig } from '@playwright/test';
import product from '../../playwright.config';
import { loadConfig } from '../../src/config/env';
import type { HarnessFixture } from '../../src/playwright/fixtures';
import { killSwitch } from './kill-switch';

/**
 * The self-test's run of the real suite: the product's config (playwright.config.ts, which describes only
 * the suite users run) with every variant as a target, its own reporters, and the kill switch in the
 * product's harness seam. harness.ts starts the variants and points MEETBIT_SELFTEST_TARGETS at them.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const suite = loadConfig();
const targets = suite.selftestTargets?.map((target) => target.name) ?? [];

export default defineConfig<{ harness: HarnessFixture }>({
  ...product,
  testDir: path.join(ROOT, 'specs'),
  globalSetup: path.join(ROOT, 'src/playwright/global-setup.ts'),
  outputDir: path.join(suite.reportsDir, 'test-results'),
  reporter: [
    // The product's kept-worker seam first, as in playwright.config.ts, then the self-test's own.
    [path.join(ROOT, 'src/playwright/kept-worker.ts')],
    [path.join(ROOT, 'tests/selftest/kill-reporter.ts')],
  ],
  use: { ...product.use, harness: killSwitch },
  projects: selftestProjects(targets),
});

/**
 * The self-test runs thousands of short tests. Dispatched one by one (fullyParallel) Playwright
 * manages ~60 a second here; grouped by file, ~150. So the targets are split into two halves, one
 * project each (filtered by the `@target` suffix describeContract puts in titles), each grouped by
 * file, and each of the two workers serves one half.
 */
function selftestProjects(names: readonly string[]) {
  const halves = [names.filter((_, i) => i % 2 === 0), names.filter((_, i) => i % 2 === 1)].filter(
    (half) => half.length,
  );
  return halves.flatMap((half, i) => {
    const grep = new RegExp(
      ` @(${half.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})( |$)`,
    );
    return [
      {
        name: `conformance-${i + 1}`,
        testIgnore: /rate-limit\.spec\.ts/,
        teardown: `rate-limit-${i + 1}`,
        fullyParallel: false,
        grep,
      },
      { name: `rate-limit-${i + 1}`, testMatch: /rate-limit\.spec\.ts/, fullyParallel: false, grep },
    ];
  });
}
