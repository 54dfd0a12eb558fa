import { expect, test } from '@playwright/test';
import { CONVENTIONS } from '../../src/contract/conventions';
import {
  binOf,
  figuresOf,
  LatencyRecorder,
  mergeHistograms,
  readLatency,
  summarizeLatency,
  type LatencyByKind,
} from '../../src/report/latency';
import { buildReport } from '../../src/report/model';
import { renderHtml } from '../../src/report/html';
import { renderMarkdown } from '../../src/report/markdown';
import { renderConsole } from '../../src/report/console';
import { CATALOGUE, passedRecord, reportInput } from './report-fixtures';

const RESPONSE_TIME = CONVENTIONS.find((r) => r.id === 'convention.response-time')!;

/** One test's stats with these response times (ms) for answers of `status`. */
function timed(status: number, times: readonly number[]): LatencyByKind {
  const recorder = new LatencyRecorder();
  for (const ms of times) recorder.record(status, ms);
  return recorder.toJSON();
}

test.describe('response times, bounded', () => {
  test('exact below 64 ms, then bins at most about 3 % wide', () => {
    for (const ms of [0, 1, 17, 63]) expect(binOf(ms)).toBe(ms);
    for (const ms of [64, 100, 999, 1500, 14_999, 180_000]) {
      const bin = binOf(ms);
      expect(bin).toBeLessThanOrEqual(ms);
      expect((ms - bin) / ms, `${ms} ms in bin ${bin}`).toBeLessThan(0.032);
    }
  });

  test('p50 and p95 of 1..1000 ms are read to within a bin; the maximum is exact', () => {
    const times = Array.from({ length: 1000 }, (_, i) => i + 1);
    const figures = summarizeLatency([timed(200, times)])!.overall;
    expect(figures.count).toBe(1000);
    expect(figures.max).toBe(1000);
    expect(Math.abs(figures.p50 - 500) / 500).toBeLessThan(0.03);
    expect(Math.abs(figures.p95 - 950) / 950).toBeLessThan(0.03);
  });

  test('a hundred thousand answers keep a few hundred bins at most: memory by range, not by count', () => {
    const times = Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 180_000);
    const kinds = timed(400, times);
    expect(kinds.rejected!.count).toBe(100_000);
    expect(Object.keys(kinds.rejected!.bins).length).toBeLessThan(500);
    expect(JSON.stringify(kinds).length).toBeLessThan(12_000);
  });

  test('tests and shards add up exactly; kinds are kept apart', () => {
    const one = timed(200, [10, 20, 30]);
    const two = { ...timed(200, [40]), ...timed(401, [5, 5]) };
    const latency = summarizeLatency([one, two])!;
    expect(latency.byKind.accepted).toEqual({ count: 4, p50: 20, p95: 40, max: 40 });
    expect(latency.byKind.unauthorized).toEqual({ count: 2, p50: 5, p95: 5, max: 5 });
    expect(latency.overall.count).toBe(6);
    expect(figuresOf(mergeHistograms([one.accepted, two.accepted])).count).toBe(4);
  });

  test('every kind of answer by its disposition: accepted, rejected, unauthorized, 429, 5xx', () => {
    const recorder = new LatencyRecorder();
    for (const status of [200, 201, 400, 422, 401, 403, 429, 500, 302]) recorder.record(status, 1);
    const counts = Object.fromEntries(Object.entries(recorder.toJSON()).map(([kind, h]) => [kind, h.count]));
    expect(counts).toEqual({
      accepted: 2,
      rejected: 2,
      unauthorized: 2,
      throttled: 1,
      'server-error': 1,
      other: 1,
    });
  });

  test('a malformed attachment (a merge of an older or edited blob) is ignored, never summed', () => {
    expect(readLatency(undefined)).toBeUndefined();
    expect(readLatency({ accepted: { count: -1, max: 3, bins: { 3: 1 } } })).toBeUndefined();
    expect(readLatency({ accepted: { count: 1, max: 3, bins: { x: 1, 3: 1.5 } } })).toBeUndefined();
    expect(readLatency({ surprise: { count: 1, max: 3, bins: { 3: 1 } } })).toBeUndefined();
    // The count is what the bins hold, whatever the attachment claims.
    expect(readLatency({ accepted: { count: 99, max: 3, bins: { 3: 2 } } })).toEqual({
      accepted: { count: 2, max: 3, bins: { 3: 2 } },
    });
  });
});

test.describe('latency in every report', () => {
  const withTimes = (times: number[]) => ({
    ...passedRecord('create.minimal'),
    stats: { requests: times.length, rateLimited: 0, waitedMs: 0, latency: timed(200, times) },
  });

  test('conformance.json, .md, .html and the console give count, p50, p95 and max per kind and overall', () => {
    const report = buildReport(reportInput({ tests: [withTimes([10, 12, 14, 60])] }));
    expect(report.latency).toEqual({
      overall: { count: 4, p50: 12, p95: 60, max: 60 },
      byKind: { accepted: { count: 4, p50: 12, p95: 60, max: 60 } },
    });
    expect(renderMarkdown(report)).toContain(
      '**Response times:** all responses: p50 12 ms, p95 60 ms, max 60 ms (4 responses); accepted creates: p50 12 ms',
    );
    expect(renderConsole(report, 'reports')).toContain('Response times: all responses: p50 12 ms, p95 60 ms');
    expect(renderHtml(report)).toMatch(
      /<table id="latency-table">.*<td>accepted creates<\/td><td>4<\/td><td>12<\/td><td>60<\/td><td>60<\/td>/,
    );
  });
});

test.describe('convention.response-time (MEETBIT_MAX_RESPONSE_MS)', () => {
  const catalogue = [...CATALOGUE, RESPONSE_TIME];
  const run = (budget: number | undefined) =>
    buildReport(
      reportInput({
        catalogue,
        tests: [
          {
            ...passedRecord('create.minimal'),
            stats: {
              requests: 8,
              rateLimited: 0,
              waitedMs: 0,
              // 20 quick creates and one slow one: the p95 is 26 ms, the maximum 500 ms.
              latency: {
                ...timed(200, [...Array.from({ length: 20 }, () => 26), 500]),
                ...timed(401, [3, 3, 4, 4]),
              },
            },
          },
        ],
        ...(budget === undefined ? {} : { responseTimeBudgetMs: budget }),
      }),
    );

  test('a budget of 1 ms: a warning for each kind over it, naming p95 and the budget; the verdict only warns', () => {
    const report = run(1);
    const warnings = report.problems.filter((p) => p.requirement === 'convention.response-time');
    expect(warnings.map((p) => [p.level, p.location])).toEqual([
      ['should', 'latency/accepted'],
      ['should', 'latency/unauthorized'],
    ]);
    expect(warnings[0]).toMatchObject({
      expected: 'p95 at most 1 ms (MEETBIT_MAX_RESPONSE_MS)',
      received: 'p95 26 ms over 21 responses (p50 26 ms, max 500 ms)',
      check: 'response_time_budget',
    });
    expect(report.verdict).toBe('conforms-with-warnings');
    expect(report.requirements.find((r) => r.id === 'convention.response-time')?.status).toBe('warned');
    // The same defect keeps its fingerprint run after run, whatever the figures.
    expect(run(2).problems.map((p) => p.fingerprint)).toEqual(warnings.map((p) => p.fingerprint));
  });

  test('budget_no_false_positive: p95 within the budget is verified and passes, though one answer was slower', () => {
    const report = run(30);
    expect(report.problems).toEqual([]);
    expect(report.requirements.find((r) => r.id === 'convention.response-time')?.status).toBe('passed');
    expect(report.verdict).toBe('conforms');
  });

  test('without a budget it is not verified, and says which setting enables it', () => {
    const report = run(undefined);
    expect(report.problems).toEqual([]);
    expect(report.coverage.notVerified.filter((entry) => entry.id === RESPONSE_TIME.id)).toEqual([
      {
        id: 'convention.response-time',
        level: 'should',
        reason: 'no response-time budget was set',
        enabledBy: 'MEETBIT_MAX_RESPONSE_MS=<ms> (a response-time budget)',
      },
    ]);
  });
});
