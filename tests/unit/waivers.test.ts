import { expect, test } from '@playwright/test';
import { buildReport, type TestRecord } from '../../src/report/model';
import { matchesCheck, parseWaivers, type Waiver } from '../../src/report/waivers';
import { failedRecord, passedRecord, reportInput } from './report-fixtures';

const waiver = (check: string, extra: Partial<Waiver> = {}): Waiver => ({
  check,
  reason: 'Known: MEET-1',
  owner: 'jane@example.com',
  expires: '2026-12-31',
  ...extra,
});

test.describe('the waiver file', () => {
  test('the shipped file parses and waives nothing', async () => {
    const { readFile } = await import('node:fs/promises');
    const parsed = parseWaivers(await readFile('conformance.waivers.yaml', 'utf8'));
    expect(parsed).toEqual({ waivers: [], problems: [] });
  });

  test('an entry with every field is read, unquoted dates included', () => {
    const parsed = parseWaivers(
      'waivers:\n  - check: create.full\n    reason: r\n    owner: o\n    expires: 2026-12-31\n    target: staging\n',
    );
    expect(parsed).toEqual({
      waivers: [{ check: 'create.full', reason: 'r', owner: 'o', expires: '2026-12-31', target: 'staging' }],
      problems: [],
    });
  });

  for (const [name, text, problem] of [
    ['missing fields', 'waivers:\n  - check: create.full\n', 'waivers[0]: missing reason, owner, expires'],
    [
      'a date that is not a date',
      'waivers:\n  - {check: a, reason: r, owner: o, expires: next week}\n',
      'expires must be a date',
    ],
    ['not a list', 'waivers: create.full\n', 'must be a mapping with a "waivers" list'],
    ['broken YAML', 'waivers: [\n', 'is not valid YAML'],
  ] as const) {
    test(`${name} is a problem, never a silent no-op`, () => {
      const parsed = parseWaivers(text);
      expect(parsed.waivers).toEqual([]);
      expect(parsed.problems).toHaveLength(1);
      expect(parsed.problems[0]).toContain(problem);
    });
  }

  test('no file at all is no waiver and no problem', () => {
    expect(parseWaivers(undefined)).toEqual({ waivers: [], problems: [] });
  });
});

test.describe('matching', () => {
  for (const [pattern, check, matches] of [
    ['create.full', 'create.full', true],
    ['create.full', 'create.fullness', false],
    ['title.*', 'title.maxLength.over', true],
    ['title.*', 'xtitle.a', false],
    ['create.f?ll', 'create.full', false],
  ] as const) {
    test(`${pattern} ${matches ? 'matches' : 'does not match'} ${check}`, () => {
      expect(matchesCheck(pattern, check)).toBe(matches);
    });
  }
});

test.describe('waivers in the report', () => {
  const failing: TestRecord[] = [
    failedRecord('create.full', ['content_type_conformance']),
    passedRecord('create.minimal'),
  ];
  const report = (waivers: Waiver[], tests = failing, target = {}) =>
    buildReport(reportInput({ tests, waivers: { waivers, problems: [] }, target }));

  test('an active waiver turns the failure into waived and the run passes', () => {
    const result = report([waiver('content_type_conformance')]);
    expect(result.tests.find((c) => c.id === 'create.full')?.status).toBe('waived');
    expect(result.summary).toMatchObject({ passed: 1, failed: 0, waived: 1 });
    expect(result.verdict).toBe('conforms');
    expect(result.status).toBe('passed');
    expect(result.waivers.applied).toEqual([
      { waiver: waiver('content_type_conformance'), problems: ['response.200.body.data.id'] },
    ]);
  });

  test('an expired waiver waives nothing and fails the run, even with nothing to waive', () => {
    const old = waiver('content_type_conformance', { expires: '2026-01-01' });
    const result = report([old]);
    expect(result.tests.find((c) => c.id === 'create.full')?.status).toBe('failed');
    expect(result.waivers.expired).toEqual([old]);
    expect(result.status).toBe('failed');

    const clean = report([old], [passedRecord('create.minimal')]);
    expect(clean.verdict).toBe('conforms');
    expect(clean.status).toBe('failed');
    expect(clean.runErrors.join('\n')).toContain('expired on 2026-01-01');
  });

  test('a waiver is valid through its expiry day', () => {
    const result = report([waiver('content_type_conformance', { expires: '2026-11-24' })]);
    expect(result.summary.waived).toBe(1);
  });

  test('a waiver that matches nothing is reported and does not fail the run', () => {
    const stale = waiver('title.maxLength.over');
    const result = report([stale], [passedRecord('create.minimal')]);
    expect(result.waivers.unmatched).toEqual([stale]);
    expect(result.status).toBe('passed');
  });

  test('a waiver for another tenant does not apply', () => {
    const production = waiver('content_type_conformance', { target: 'production' });
    const result = report([production], failing, {
      name: 'staging',
      baseUrl: 'https://staging.example.com/api',
    });
    expect(result.summary.failed).toBe(1);
    expect(result.waivers.otherTargets).toEqual([production]);
    const byHost = report([waiver('content_type_conformance', { target: 'staging.example.com' })], failing, {
      baseUrl: 'https://staging.example.com/api',
    });
    expect(byHost.summary.waived).toBe(1);
  });

  test('an infrastructure error is never waived', () => {
    const unreachable = { ...failedRecord('create.full', []), infrastructureError: 'connection-refused' };
    const result = report([waiver('create.full')], [unreachable]);
    expect(result.tests[0]?.status).toBe('infrastructure-error');
    expect(result.verdict).toBe('infrastructure-error');
  });
});
