import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { CHROMIUM, launchChromium } from '../support/chromium';
import type { ConformanceReport } from '../../src/report/model';
import { serve } from '../../src/tenant/http';
import { createReferenceTenant, type Handler } from '../../src/tenant/tenant';
import { runConformanceCli, tenantEnv, type CliRun } from '../support/cli';
import { testFolder } from '../support/test-folder';


/** Run 2's defect: accepted creates answered as text/html. */
const htmlCreates =
  (handler: Handler): Handler =>
  (request) => {
    const response = handler(request);
    return response.status === 200
      ? { ...response, headers: { ...response.headers, 'content-type': 'text/html; charset=utf-8' } }
      : response;
  };

/**
 * Three runs of one tenant with MEETBIT_HISTORY and a 1 ms budget (the create spec only: a few seconds
 * each): the history has three lines, every report has response times and the budget's warning, and the
 * third run's conformance.html draws the three runs, in headless Chromium, loading nothing.
 */
// eslint-disable-next-line no-empty-pattern
test('three runs: three history lines, latency and the budget warning in every report, the trend drawn in Chromium', async ({}, testInfo) => {
  test.setTimeout(300_000);
  const root = testFolder('trend');
  const historyFile = path.join(root, 'history.jsonl');
  const runs: CliRun[] = [];
  const behaviours: Handler[] = [
    createReferenceTenant().handle,
    htmlCreates(createReferenceTenant().handle),
    createReferenceTenant().handle,
  ];
  let current = behaviours[0]!;
  const tenant = await serve((request) => current(request));
  try {
    for (const [index, behaviour] of behaviours.entries()) {
      current = behaviour;
      runs.push(
        await runConformanceCli(
          tenantEnv(tenant.baseUrl, {
            MEETBIT_TENANT_NAME: 'trend',
            MEETBIT_RUN_ID: `trend-${index + 1}`,
            MEETBIT_HISTORY: historyFile,
            MEETBIT_MAX_RESPONSE_MS: '1',
          }),
          ['specs/create.spec.ts'],
          120_000,
        ),
      );
    }
  } finally {
    await tenant.close();
  }
  expect(runs.map((run) => run.code)).toEqual([0, 1, 0]);
  const reports = runs.map((run) => run.report as unknown as ConformanceReport);
  expect(reports.map((report) => report.verdict)).toEqual(['incomplete', 'does-not-conform', 'incomplete']);
  for (const [index, run] of runs.entries()) {
    const report = reports[index]!;
    expect(report.latency?.overall.count, `run ${index + 1}`).toBeGreaterThan(0);
    expect(report.latency?.byKind.accepted?.p95).toBeGreaterThanOrEqual(0);
    // Every answer takes a millisecond or more on any machine: the budget of 1 ms is exceeded.
    expect(report.problems.filter((p) => p.requirement === 'convention.response-time').length).toBeGreaterThan(0);
    expect(readFileSync(path.join(run.reportsDir, 'conformance.md'), 'utf8')).toContain('**Response times:** all responses: p50');
    expect(readFileSync(path.join(run.reportsDir, 'conformance.html'), 'utf8')).toContain('<table id="latency-table">');
    expect(run.stdout).toContain('Response times: all responses: p50');
  }
  const lines = readFileSync(historyFile, 'utf8').trim().split('\n');
  expect(lines).toHaveLength(3);
  expect(lines.map((line) => (JSON.parse(line) as { runId: string }).runId)).toEqual(['trend-1', 'trend-2', 'trend-3']);
  expect(reports[2]!.history?.runs.map((run) => run.verdict)).toEqual(['incomplete', 'does-not-conform', 'incomplete']);

  test.skip(!existsSync(CHROMIUM) && !process.env.CI, `${CHROMIUM} is not installed (apt-get install -y chromium)`);
  const context = await launchChromium(mkdtempSync(path.join(root, 'chromium-')));
  try {
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const errors: string[] = [];
    page.on('console', (message) => errors.push(message.text()));
    await page.goto(`file://${path.join(runs[2]!.reportsDir, 'conformance.html')}`);
    const trend = page.locator('svg#trend');
    await expect(page.locator('#history')).toHaveText('The last 3 runs');
    await expect(trend).toBeVisible();
    await expect(trend.locator('g.run')).toHaveCount(3);
    const verdicts = await Promise.all(
      [0, 1, 2].map((index) => trend.locator('g.run').nth(index).getAttribute('data-verdict')),
    );
    expect(verdicts).toEqual(['incomplete', 'does-not-conform', 'incomplete']);
    // The failing run's bar is drawn (red), the others have none; each run's tooltip names it.
    await expect(trend.locator('g.run').nth(1).locator('rect.problems')).toHaveCount(1);
    await expect(trend.locator('g.run').nth(0).locator('rect.problems')).toHaveCount(0);
    await expect(trend.locator('g.run title').nth(1)).toHaveText(/^trend-2 · .* · does not conform · 1 problem, \d+ warnings?( · p95 \d+ ms)?$/);
    const box = await trend.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(box?.height).toBeGreaterThan(50);
    await expect(page.locator('#latency-table')).toContainText('accepted creates');
    expect(requests.filter((url) => !url.startsWith('file://')), 'the page loads nothing from the network').toEqual([]);
    expect(errors, 'no CSP violation or script error').toEqual([]);
    const screenshot = testInfo.outputPath('trend.png');
    await trend.screenshot({ path: screenshot });
    await testInfo.attach('trend', { path: screenshot, contentType: 'image/png' });
  } finally {
    await context.close();
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  }
});
