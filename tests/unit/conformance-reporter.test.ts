import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { reportSchemaErrors } from '../support/report-schema';
import type { FullConfig, FullResult, TestCase, TestResult } from '@playwright/test/reporter';
import ConformanceReporter from '../../src/playwright/conformance-reporter';
import type { ConformanceReport } from '../../src/report/model';
import { exchange } from './report-fixtures';

/** The reporter class driven by hand, as Playwright would: no child run, plain objects for tests. */
let dir = '';
test.beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'meetbit-reporter-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

const config = {
  metadata: { conformance: { target: { kind: 'remote' }, runId: 'run-1' } },
} as unknown as FullConfig;
const end = (status: FullResult['status']): FullResult => ({ status, startTime: new Date(), duration: 1000 });
const read = (): ConformanceReport => {
  const report = JSON.parse(readFileSync(path.join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
  expect(reportSchemaErrors(report), 'conformance.json matches docs/conformance.schema.json').toEqual([]);
  return report;
};

function failedTest(check: string, failedCheck: string): [TestCase, TestResult] {
  const testCase = {
    id: check,
    title: `${check}: fails`,
    annotations: [{ type: 'case', description: check }],
    titlePath: () => ['', 'file', check],
    parent: { project: () => ({ name: 'conformance' }) },
  } as unknown as TestCase;
  const result = {
    status: 'failed',
    duration: 10,
    annotations: [{ type: 'failed-check', description: failedCheck }],
    errors: [{ message: '\u001b[31mReceived: text/html\u001b[39m' }],
    attachments: [
      {
        name: 'conformance-exchanges',
        contentType: 'application/json',
        body: Buffer.from(JSON.stringify([exchange(200, 'x')])),
      },
      {
        name: 'conformance-stats',
        contentType: 'application/json',
        body: Buffer.from('{"requests":1,"rateLimited":0,"waitedMs":0}'),
      },
      {
        name: 'conformance-failures',
        contentType: 'application/json',
        body: Buffer.from(
          JSON.stringify({
            total: 1,
            failures: [
              {
                check: failedCheck,
                requirement: 'response.200.content-type',
                level: 'must',
                defect: 'undocumented media type',
                title: 'Undocumented Content-Type for 200',
                expected: 'Content-Type application/json',
                received: 'text/html',
                specPointer: '#/components/responses/OnlineConferenceResponse/content',
                location: 'header content-type',
                exchange: 0,
              },
            ],
            exchanges: [exchange(200, 'x')],
            verified: ['response.200.content-type'],
          }),
        ),
      },
    ],
  } as unknown as TestResult;
  return [testCase, result];
}

test('a failed global set-up still leaves conformance.json, with verdict infrastructure-error', async () => {
  const reporter = new ConformanceReporter({ reportsDir: dir, waiversFile: path.join(dir, 'none.yaml') });
  // Playwright calls onBegin with an empty suite, then the deferred error, when global setup throws.
  reporter.onBegin(config, {} as never);
  reporter.onError({ message: 'Error: openapi.yaml is not a valid OpenAPI document' });
  expect(await reporter.onEnd(end('failed'))).toEqual({ status: 'failed' });
  const report = read();
  expect(report.verdict).toBe('infrastructure-error');
  expect(report.runErrors[0]).toContain('openapi.yaml is not a valid OpenAPI document');
});

test('a reporter that never saw onBegin does not crash', async () => {
  const reporter = new ConformanceReporter({ reportsDir: dir, waiversFile: path.join(dir, 'none.yaml') });
  expect(await reporter.onEnd(end('interrupted'))).toEqual({ status: 'interrupted' });
  expect(read().verdict).toBe('infrastructure-error');
});

test('when every failure is waived, the run passes although Playwright says failed', async () => {
  const waivers = path.join(dir, 'waivers.yaml');
  writeFileSync(
    waivers,
    'waivers:\n  - {check: content_type_conformance, reason: r, owner: o, expires: 2999-01-01}\n',
  );
  const reporter = new ConformanceReporter({ reportsDir: dir, waiversFile: waivers });
  reporter.onBegin(config, {} as never);
  reporter.onTestEnd(...failedTest('create.full', 'content_type_conformance'));
  expect(await reporter.onEnd(end('failed'))).toEqual({ status: 'passed' });
  const report = read();
  expect(report.summary.waived).toBe(1);
  expect(report.tests[0]?.message).toBe('Received: text/html');
  expect(readFileSync(path.join(dir, 'conformance.md'), 'utf8')).toContain('1. **WAIVED `');
});

test('an unwaived failure keeps the run failed; a broken waiver file fails it too', async () => {
  const waivers = path.join(dir, 'waivers.yaml');
  writeFileSync(waivers, 'waivers: [\n');
  const reporter = new ConformanceReporter({ reportsDir: dir, waiversFile: waivers });
  reporter.onBegin(config, {} as never);
  reporter.onTestEnd(...failedTest('create.full', 'content_type_conformance'));
  expect(await reporter.onEnd(end('failed'))).toEqual({ status: 'failed' });
  expect(read().runErrors.join('\n')).toContain('is not valid YAML');
});

test('the pace and its reasons reach every report: headers not understood and a learned window named', async () => {
  const reporter = new ConformanceReporter({ reportsDir: dir, waiversFile: path.join(dir, 'none.yaml') });
  reporter.onBegin(config, {} as never);
  const paces = [
    {
      rps: 0.98,
      source: 'announced',
      why: 'half of the announced budget (X-RateLimit-*: 119 of 120 left, window not announced (assumed 60 s until resets are seen))',
      notUnderstood: ['x-ratelimit-quota'],
    },
    {
      rps: 5.9,
      source: 'announced',
      why: 'half of the announced budget (X-RateLimit-*: 119 of 120 left, no reset or window announced; window learned: ~10 s from 2 resets, next in ~10 s)',
      learned: 'window learned: ~10 s from 2 resets',
    },
    {
      rps: 5.8,
      source: 'announced',
      why: 'half of the announced budget (X-RateLimit-*: 118 of 120 left, no reset or window announced; window learned: ~10 s from 2 resets, next in ~9.8 s)',
      learned: 'window learned: ~10 s from 2 resets',
    },
  ];
  paces.forEach((pace, i) => {
    const [testCase, result] = failedTest(`create.${i}`, 'content_type_conformance');
    const stats = result.attachments.find((a) => a.name === 'conformance-stats')!;
    stats.body = Buffer.from(JSON.stringify({ requests: 1, rateLimited: 0, waitedMs: 0, pace }));
    reporter.onTestEnd(testCase, result);
  });
  const logged: string[] = [];
  const log = console.log;
  console.log = (line: string) => logged.push(line);
  try {
    await reporter.onEnd(end('failed'));
  } finally {
    console.log = log;
  }
  expect(read().pacing).toEqual({
    source: 'announced',
    rps: 5.8,
    slowestRps: 0.98,
    fastestRps: 5.9,
    why: paces[2]!.why,
    learned: 'window learned: ~10 s from 2 resets',
    notUnderstood: ['x-ratelimit-quota'],
  });
  const line =
    'Paced at 5.8 requests/s (from 0.98 to 5.9), announced: ' +
    `${paces[2]!.why}. Rate-limit headers not understood: x-ratelimit-quota.`;
  expect(logged).toContain(line);
  const markdown = readFileSync(path.join(dir, 'conformance.md'), 'utf8');
  expect(markdown).toContain('**Pacing:** Paced at 5.8 requests/s (from 0.98 to 5.9), announced: ');
  expect(markdown).toContain('Rate-limit headers not understood: x-ratelimit-quota.');
  expect(readFileSync(path.join(dir, 'conformance.html'), 'utf8')).toContain(
    'Rate-limit headers not understood: x-ratelimit-quota.',
  );
});
