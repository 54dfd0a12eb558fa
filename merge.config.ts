import { defineConfig } from '@playwright/test';
import config, { PROGRESS_REPORTER } from './playwright.config';

/**
 * `npm run conformance -- --merge <dir>`: the run's reporters over the shards' blob reports, with the
 * progress reporter silent (a merge replays finished tests: ten progress lines would say nothing). It
 * still claims the console, so merge-reports prints none of its own status lines either.
 */
export default defineConfig({
  ...config,
  reporter: (Array.isArray(config.reporter) ? config.reporter : []).map((entry) =>
    entry[0] === PROGRESS_REPORTER ? [PROGRESS_REPORTER, { silent: true }] : entry,
  ),
});
