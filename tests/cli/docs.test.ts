import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
  blockNames,
  footprintBlocks,
  footprintPlans,
  MARKDOWN_FILES,
  regenerated,
  ROOT,
} from '../../scripts/docs-blocks';

/**
 * The footprint README.md and docs/plan.md show (requests, conferences, public ones, time) is the plan's own:
 * `npm run conformance -- --list --json` (buildPlan over the tests' annotations) under each kind of run.
 */
test("README and docs agree with the plan's footprint", async () => {
  // Five --list runs, one after the other: each starts Playwright, a few seconds on a quiet machine.
  test.setTimeout(600_000);
  const blocks = footprintBlocks(await footprintPlans());
  let shown = 0;
  for (const file of MARKDOWN_FILES) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const names = blockNames(text).filter((name) => name in blocks);
    if (names.length === 0) continue;
    shown += names.length;
    expect(await regenerated(file, blocks), `${file} disagrees with the plan: run npm run docs`).toBe(text);
  }
  expect(shown, 'the footprint is shown somewhere').toBeGreaterThanOrEqual(2);
});
