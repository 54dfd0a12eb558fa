import { expect, test } from '@playwright/test';
import type { JSONReport, JSONReportSpec } from '@playwright/test/reporter';
import { footprintOf } from '../../bench/footprint';
import { runSummary } from '../../bench/run';
import { runsWithin, summarize } from '../../bench/stats';

const RESPONSES = '#/paths/~1online_conferences/post/responses';
const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

function spec(
  title: string,
  annotations: { type: string; description: string }[],
  attachments: { name: string; body: string; contentType: string }[],
): JSONReportSpec {
  return {
    title,
    tags: [],
    ok: true,
    id: title,
    file: 'x.spec.ts',
    line: 1,
    column: 1,
    tests: [
      {
        timeout: 30000,
        annotations,
        expectedStatus: 'passed',
        projectName: 'conformance',
        projectId: 'conformance',
        status: 'expected',
        results: [
          {
            workerIndex: 0,
            parallelIndex: 0,
            status: 'passed',
            duration: 10,
            error: undefined,
            errors: [],
            stdout: [],
            stderr: [],
            retry: 0,
            startTime: '2026-11-24T07:00:00.000Z',
            attachments,
            annotations: [],
          },
        ],
      },
    ],
  };
}

const stats = (requests: number, rateLimited = 0) => ({
  name: 'conformance-stats',
  contentType: 'application/json',
  body: base64({ requests, rateLimited, waitedMs: 0 }),
});
const answered = (...statuses: number[]) => ({
  name: 'conformance-exchanges',
  contentType: 'application/json',
  body: base64(statuses.map((status) => ({ response: { status } }))),
});

const report = {
  suites: [
    {
      title: 'x.spec.ts',
      file: 'x.spec.ts',
      line: 0,
      column: 0,
      specs: [],
      suites: [
        {
          title: 'POST',
          file: 'x.spec.ts',
          line: 1,
          column: 1,
          specs: [
            spec('create', [{ type: 'spec', description: `${RESPONSES}/200` }], [stats(1), answered(200)]),
            spec(
              'title.over',
              [{ type: 'spec', description: '#/components/schemas/OnlineConference/properties/title' }],
              [stats(2, 1), answered(429, 400)],
            ),
            spec(
              'burst',
              [
                { type: 'spec', description: `${RESPONSES}/429` },
                { type: 'burst', description: '57 requests: 50× 400, 7× 429' },
              ],
              [],
            ),
          ],
        },
      ],
    },
  ],
} as unknown as JSONReport;

const created = [
  { run_id: 'run-1', test: 'POST › create' },
  { run_id: 'run-0', test: 'POST › create' },
  { run_id: 'run-1', test: 'POST › gone' },
]
  .map((entry) => JSON.stringify(entry))
  .join('\n');

test.describe('bench: footprint of a conformance run', () => {
  test('splits tests by the response they expect, or failing that the status they got', () => {
    const footprint = footprintOf(report, created, 'run-1');
    const row = (label: string) => footprint.groups.find((group) => group.label === label);

    expect(row('expects 200')).toMatchObject({ tests: 1, requests: 1, created: 1 });
    expect(row('answered 400 (no response pointer)')).toMatchObject({
      tests: 1,
      requests: 2,
      rateLimited: 1,
    });
    expect(row('**rate-limit probe** (429)')).toMatchObject({ tests: 1, requests: 57, rateLimited: 7 });
    expect(row('**all tests**')).toMatchObject({ tests: 3, requests: 60, created: 1 });
    expect(footprint.unattributedCreated).toBe(1);
    expect(footprint.withoutStats).toBe(0);
  });
});

test.describe('bench: statistics', () => {
  test('median of odd and even counts, with min and max', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, runs: 3 });
    expect(summarize([4, 1, 2, 3])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 });
    expect(summarize([]).runs).toBe(0);
  });

  test('runs that fit a time budget stay between the bounds', () => {
    expect(runsWithin(60_000, 10_000, 3, 5)).toBe(5);
    expect(runsWithin(60_000, 25_000, 3, 5)).toBe(3);
    expect(runsWithin(60_000, 15_000, 3, 5)).toBe(4);
  });
});

test("a run's summary: Playwright's counts, else the suite's verdict line, else said missing", () => {
  expect(runSummary('  ·····\n  12 passed (3.1s)\n  1 skipped\n')).toBe('12 passed, 1 skipped');
  const consoleWith = (line: string) =>
    `MeetBit conformance · run x · reference target\n\n${line}\n61 of 63 MUST\n`;
  expect(
    runSummary(consoleWith('MeetBit conformance: ✅ conforms · the bundled reference tenant (http://x)')),
  ).toBe('verdict: conforms');
  expect(
    runSummary(
      consoleWith(
        'MeetBit conformance: ◐ incomplete: nothing failed, but not every MUST · configured tenant',
      ),
    ),
  ).toBe('verdict: incomplete');
  expect(runSummary(consoleWith('MeetBit conformance: ✅ conforms, with warnings · configured tenant'))).toBe(
    'verdict: conforms, with warnings',
  );
  expect(runSummary(consoleWith('MeetBit conformance: ⚠️ infrastructure error: no verdict, not a ...'))).toBe(
    'verdict: infrastructure error',
  );
  expect(runSummary('MeetBit conformance · run x\nsomething else\n')).toBe('no summary line');
});
