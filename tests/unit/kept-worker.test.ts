import { expect, test } from '@playwright/test';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import KeptWorkerReporter, { KEPT_WORKER, keepWorkerAfterFailure } from '../../src/playwright/kept-worker';

// The whole seam, end to end (JUnit, HTML report, merge-reports, exit code), is proven in tests/reports.

test('the reporter puts back the expected status and drops its annotation, before any other reporter', () => {
  const mark = { type: KEPT_WORKER, description: 'passed' };
  const other = { type: 'case', description: 'create.minimal' };
  const testCase = { expectedStatus: 'failed', annotations: [other, mark] } as unknown as TestCase;
  const result = { status: 'failed', annotations: [other, mark] } as unknown as TestResult;
  new KeptWorkerReporter().onTestEnd(testCase, result);
  expect(testCase.expectedStatus).toBe('passed');
  expect(testCase.annotations).toEqual([other]);
  expect(result.annotations).toEqual([other]);
});

test('the reporter leaves every other test alone, an expected failure (test.fail) included', () => {
  const testCase = { expectedStatus: 'failed', annotations: [] } as unknown as TestCase;
  const result = { status: 'failed', annotations: [] } as unknown as TestResult;
  new KeptWorkerReporter().onTestEnd(testCase, result);
  expect(testCase.expectedStatus).toBe('failed');
});

test('a worker whose runner did not load the reporter keeps Playwright behaviour', () => {
  // This test's own runner (tests/playwright.config.ts) lists no kept-worker reporter.
  const info = { status: 'failed', expectedStatus: 'passed', annotations: [] as { type: string }[] };
  expect(keepWorkerAfterFailure(info as never)).toBe(false);
  expect(info).toEqual({ status: 'failed', expectedStatus: 'passed', annotations: [] });
});
