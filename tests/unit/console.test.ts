import { expect, test } from '@playwright/test';
import { renderConsole } from '../../src/report/console';
import { enablerNote } from '../../src/report/enabled-by';
import { buildReport, fuzzLines } from '../../src/report/model';
import { CATALOGUE, passedRecord, reportInput } from './report-fixtures';

test('a requirement not verified names its enabling setting once', () => {
  const skipped = {
    reason: 'skipped: set MEETBIT_ALLOW_RATE_LIMIT_TEST=1 to enable it.',
    enabledBy: 'MEETBIT_ALLOW_RATE_LIMIT_TEST=1 (the rate-limit burst)',
  };
  expect(enablerNote(skipped)).toBe('');
  const unsaid = {
    reason: 'skipped by a filter of the burst',
    enabledBy: 'MEETBIT_ALLOW_RATE_LIMIT_TEST=1',
    notRun: 'skipped' as const,
  };
  expect(enablerNote(unsaid)).toBe(' (enable: MEETBIT_ALLOW_RATE_LIMIT_TEST=1)');
  // The burst ran (the setting was on) and saw no 429: no advice to set what is set.
  const ran = { reason: 'no 429 within 1000 requests', enabledBy: 'MEETBIT_ALLOW_RATE_LIMIT_TEST=1' };
  expect(enablerNote(ran)).toBe('');
  // Both keys of a pair must be named for the reason to stand alone.
  expect(
    enablerNote({
      reason: 'set MEETBIT_RESTRICTED_ACCESS_KEY_ID',
      enabledBy: 'MEETBIT_RESTRICTED_ACCESS_KEY_ID and MEETBIT_RESTRICTED_ACCESS_KEY_SECRET',
      notRun: 'skipped',
    }),
  ).toContain('(enable: ');
  expect(enablerNote({ reason: 'filtered out' })).toBe('');
});

test('the console lists a not-verified MUST with its setting named once', () => {
  const record = passedRecord('create.minimal');
  const report = buildReport(
    reportInput({
      catalogue: [
        ...CATALOGUE,
        {
          id: 'response.429.content-type',
          level: 'must',
          statement: 'A 429 is text/plain',
          source: { kind: 'spec', pointer: '#/paths/~1online_conferences/post/responses/429' },
          enabledBy: 'MEETBIT_ALLOW_RATE_LIMIT_TEST=1 (the rate-limit burst)',
        },
      ],
      tests: [
        {
          ...record,
          caseId: 'rate-limit.burst',
          title: 'rate-limit.burst',
          outcome: 'skipped',
          evidence: {
            ...record.evidence,
            declared: ['response.429.content-type'],
            verified: [],
            skipReason: 'set MEETBIT_ALLOW_RATE_LIMIT_TEST=1 to enable it.',
          },
        },
      ],
    }),
  );
  const lines = renderConsole(report, 'reports').split('\n');
  const line = lines.find((text) => text.includes('response.429.content-type'));
  expect(line, lines.join('\n')).toBeDefined();
  expect(line!.match(/MEETBIT_ALLOW_RATE_LIMIT_TEST/g)).toHaveLength(1);
});

test('the fuzz line names the seed once in a report, and not at all on the console (its first line has it)', () => {
  const report = buildReport(
    reportInput({
      seed: -1077001730,
      tests: [
        {
          ...passedRecord('fuzz.accepts-generated'),
          evidence: { ...passedRecord('fuzz.accepts-generated').evidence, generated: true },
          notes: {
            fuzz: ['accepting: 10 requests, 10 generated inputs, 0 problems, 0 warnings'],
            warnings: [],
            notVerified: [],
          },
        },
        // A fixed case's own not-verified note is its coverage, never a line of the fuzz phase.
        {
          ...passedRecord('create.minimal'),
          notes: { fuzz: [], warnings: [], notVerified: ['echo.is_public: the tenant answered 429'] },
        },
      ],
    }),
  );
  expect(report.fuzz.notVerified).toEqual([]);
  expect(
    fuzzLines(report)
      .join('\n')
      .match(/-1077001730/g),
  ).toHaveLength(1);
  expect(fuzzLines(report)[0]).toBe(
    'Fuzz phase (replays with MEETBIT_SEED=-1077001730): accepting: 10 requests, 10 generated inputs, 0 problems, 0 warnings.',
  );
  expect(fuzzLines(report, { seed: false }).join('\n')).not.toContain('1077001730');
});
