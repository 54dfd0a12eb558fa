import { mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { MAX_BASELINE_BYTES, readBaseline } from '../../src/config/baseline';
import {
  appendHistory,
  HISTORY_KEEP_LINES,
  HISTORY_MAX_BYTES,
  readHistoryTail,
} from '../../src/playwright/history-file';
import { historyLineOf, parseHistory, type ReportForHistory } from '../../src/report/history';
import { renderHtml } from '../../src/report/html';
import { buildReport } from '../../src/report/model';
import { trendSvg } from '../../src/report/trend';
import { failedRecord, passedRecord, reportInput } from './report-fixtures';

// In the test's own output folder, which Playwright clears: a 20 MB file must not stay behind.
const dir = () => {
  const folder = test.info().outputPath(`files-${Math.random().toString(36).slice(2)}`);
  mkdirSync(folder, { recursive: true });
  return folder;
};

/** A bad night of a real tenant: 12 problems, every kind of answer timed. */
function badNight(index: number): ReportForHistory {
  const kinds = ['accepted', 'rejected', 'unauthorized', 'throttled'] as const;
  const figures = { count: 120, p50: 80, p95: 1234, max: 15000 };
  return {
    target: {
      kind: 'remote',
      name: 'production-eu-west',
      baseUrl: 'https://acme.example.com/api/public/v2.0',
    },
    runId: `gh-12345678${String(index).padStart(3, '0')}-1`,
    finishedAt: new Date(Date.UTC(2026, 0, 1) + index * 86_400_000).toISOString(),
    verdict: 'does-not-conform',
    problems: Array.from({ length: 12 }, (_, i) => ({
      fingerprint: (i * 1_000_003 + index).toString(16).padStart(16, '0'),
      level: i < 8 ? 'must' : 'should',
    })),
    coverage: { notVerified: [{ level: 'must' }, { level: 'must' }, { level: 'should' }] },
    latency: { overall: figures, byKind: Object.fromEntries(kinds.map((kind) => [kind, figures])) },
  };
}

test.describe('the history file (MEETBIT_HISTORY)', () => {
  test('a year of bad nights stays well under 1 MB (measured)', () => {
    const file = path.join(dir(), 'history.jsonl');
    for (let night = 0; night < 365; night++) appendHistory(file, historyLineOf(badNight(night)));
    const bytes = statSync(file).size;
    console.log(
      `365 nights of 12 problems and 4 kinds of answers: ${bytes} bytes (${Math.round(bytes / 365)} a night)`,
    );
    expect(bytes).toBeLessThan(250_000);
    const { runs, unreadable } = parseHistory(readHistoryTail(file), 'production-eu-west');
    expect(unreadable).toBe(0);
    expect(runs.at(-1)).toMatchObject({ verdict: 'does-not-conform', problems: 8, warnings: 4, p95: 1234 });
  });

  test('one line a run, read back for the trend; another tenant’s lines are left out', () => {
    const lines = [
      historyLineOf(badNight(1)),
      historyLineOf({ ...badNight(2), target: { kind: 'remote', name: 'staging' } }),
    ];
    expect(lines.every((line) => line.endsWith('\n') && line.split('\n').length === 2)).toBe(true);
    const { runs } = parseHistory(lines.join(''), 'production-eu-west');
    expect(runs).toEqual([
      {
        runId: 'gh-12345678001-1',
        finishedAt: '2026-01-02T00:00:00.000Z',
        verdict: 'does-not-conform',
        problems: 8,
        warnings: 4,
        p95: 1234,
      },
    ]);
  });

  test('a corrupt file: unreadable lines are counted and left out, the run goes on', () => {
    const text = [
      historyLineOf(badNight(1)).trim(),
      '{"v":1,"tenant":"production-eu-west","finishedAt":"yesterday"',
      'not json at all',
      JSON.stringify({
        v: 1,
        tenant: 'production-eu-west',
        finishedAt: '2026-01-01T00:00:00Z',
        verdict: 'great',
        problems: 0,
        warnings: 0,
      }),
      JSON.stringify({ v: 2, future: true }),
      historyLineOf(badNight(2)).trim(),
    ].join('\n');
    const { runs, unreadable } = parseHistory(text, 'production-eu-west');
    expect(runs.map((run) => run.runId)).toEqual(['gh-12345678001-1', 'gh-12345678002-1']);
    expect(unreadable).toBe(4);
  });

  test('a huge file costs a bounded read; past 1 MiB the file is cut to its last lines', () => {
    const file = path.join(dir(), 'history.jsonl');
    // 20 MB of one endless line, as a wrong file or a disk error might leave.
    writeFileSync(file, 'x'.repeat(20 * 1024 * 1024));
    expect(readHistoryTail(file)).toBe('');
    appendHistory(file, historyLineOf(badNight(1)));
    expect(statSync(file).size).toBeLessThan(HISTORY_MAX_BYTES);
    expect(parseHistory(readFileSync(file, 'utf8'), 'production-eu-west').runs).toHaveLength(1);

    const full = path.join(dir(), 'history.jsonl');
    const line = historyLineOf(badNight(3));
    writeFileSync(full, line.repeat(Math.ceil(HISTORY_MAX_BYTES / line.length)));
    appendHistory(full, historyLineOf(badNight(4)));
    const kept = readFileSync(full, 'utf8').trim().split('\n');
    expect(kept).toHaveLength(HISTORY_KEEP_LINES);
    expect(kept.at(-1)).toContain('"runId":"gh-12345678004-1"');
  });
});

test.describe('the trend in conformance.html', () => {
  test('an inline SVG: a mark per run in its verdict, no script, tenant-controlled text escaped', () => {
    const svg = trendSvg([
      {
        runId: '<script>alert(1)</script>',
        finishedAt: '2026-01-01T03:00:00Z',
        verdict: 'incomplete',
        problems: 0,
        warnings: 1,
        p95: 40,
      },
      {
        runId: 'b',
        finishedAt: '2026-01-02T03:00:00Z',
        verdict: 'does-not-conform',
        problems: 2,
        warnings: 0,
        p95: 240,
      },
      { runId: 'c', finishedAt: '2026-01-03T03:00:00Z', verdict: 'conforms', problems: 0, warnings: 0 },
    ]);
    expect(svg.match(/<g class="run"/g)).toHaveLength(3);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(svg).toContain('data-verdict="does-not-conform"');
    expect(svg).toMatch(/<polyline class="p95" points="[\d., ]+"/);
  });

  test('the report draws this run after the earlier ones, at most 30 in all', () => {
    const earlier = Array.from({ length: 40 }, (_, i) => ({
      runId: `r${i}`,
      finishedAt: `2026-01-${String((i % 28) + 1).padStart(2, '0')}T03:00:00Z`,
      verdict: 'conforms' as const,
      problems: 0,
      warnings: 0,
    }));
    const report = buildReport(
      reportInput({
        tests: [passedRecord('create.minimal'), failedRecord('create.full', ['content_type_conformance'])],
        history: { runs: earlier, unreadable: 2 },
      }),
    );
    expect(report.history!.runs).toHaveLength(30);
    expect(report.history!.runs.at(-1)).toMatchObject({
      runId: 'run-1',
      verdict: 'does-not-conform',
      problems: 1,
    });
    const html = renderHtml(report);
    expect(html).toContain('<h2 id="history">The last 30 runs</h2><svg id="trend"');
    expect(html).toContain('2 lines of the history file could not be read and were left out.');
  });
});

test.describe('reading a baseline file', () => {
  const valid = () => {
    const file = path.join(dir(), 'conformance.json');
    writeFileSync(
      file,
      JSON.stringify(buildReport(reportInput({ tests: [passedRecord('create.minimal')] }))),
    );
    return file;
  };

  test('a report of this format is read', () => {
    const read = readBaseline(valid());
    expect(read.ok && read.baseline.runId).toBe('run-1');
  });

  const broken: [string, (file: string) => void, RegExp][] = [
    ['missing', () => undefined, /does not exist\. The first run of a tenant has no baseline/],
    ['not JSON', (file) => writeFileSync(file, '{"format": "meetbit-conf'), /is not JSON/],
    [
      'an older format',
      (file) => writeFileSync(file, '{"format":"meetbit-conformance/2","verdict":"conforms"}'),
      /is not a meetbit-conformance\/3 report \(format "meetbit-conformance\/2"\)/,
    ],
    [
      'edited against the schema',
      (file) =>
        writeFileSync(
          file,
          JSON.stringify({ ...JSON.parse(readFileSync(valid(), 'utf8')), verdict: 'fine' }),
        ),
      /does not match docs\/conformance\.schema\.json \(\/verdict must be equal to one of the allowed values\)/,
    ],
    [
      'larger than any report',
      (file) => {
        writeFileSync(file, '');
        truncateSync(file, MAX_BASELINE_BYTES + 1);
      },
      /more than the \d+ a conformance\.json can have/,
    ],
  ];
  for (const [what, make, message] of broken) {
    test(`${what}: refused with one sentence`, () => {
      const file = path.join(dir(), 'baseline.json');
      make(file);
      const read = readBaseline(file);
      expect(read.ok).toBe(false);
      expect(read.ok ? '' : read.problem).toMatch(message);
    });
  }
});
