import { defineConfig } from '@playwright/test';

/**
 * The floor for "time to verdict": what Playwright itself costs on this machine. Same shape as the
 * suite's config (workers, reporters, outputs) minus the suite: no global setup, no spec, no tenant.
 */
export default defineConfig({
  testDir: '.',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  outputDir: '../tmp/floor/test-results',
  reporter: [
    [process.env.CI ? 'dot' : 'list'],
    ['junit', { outputFile: '../tmp/floor/junit.xml' }],
    ['html', { outputFolder: '../tmp/floor/playwright-html', open: 'never' }],
  ],
  use: { trace: 'off' },
  projects: [{ name: 'floor' }],
});
