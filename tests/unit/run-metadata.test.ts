import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseConfig } from '../../src/config/config';
import { runSettingsOf } from '../../src/config/coverage-settings';
import { readSuiteIdentity } from '../../src/config/suite-identity';
import { buildReport } from '../../src/report/model';
import { noVerdictReport } from '../../src/report/no-verdict';
import type { RunSettings } from '../../src/report/run-settings';
import { ROOT } from '../selftest/harness';
import { reportSchemaErrors } from '../support/report-schema';
import { passedRecord, reportInput } from './report-fixtures';
import { testFolder } from '../support/test-folder';

const SETTINGS: RunSettings = {
  keyWithoutPermission: false,
  rateLimitBurst: false,
  strict: true,
  fuzzRequests: 20,
  fuzzPublic: false,
  pace: { rps: 0.8, from: 'default' },
  disposable: false,
};

test('conformance.json names the suite (version, commit) and the settings that shaped coverage', () => {
  const suite = { version: '0.1.0', commit: 'a'.repeat(40) };
  const report = buildReport(
    reportInput({ tests: [passedRecord('create.minimal')], suite, settings: SETTINGS }),
  );
  expect(report.suite).toEqual(suite);
  expect(report.settings).toEqual(SETTINGS);
  expect(reportSchemaErrors(JSON.parse(JSON.stringify(report)))).toEqual([]);
  // A merged blob report of an older run carries neither: said as null, not guessed.
  const older = buildReport(reportInput({ tests: [passedRecord('create.minimal')] }));
  expect([older.suite, older.settings]).toEqual([{ version: null, commit: null }, null]);
  expect(reportSchemaErrors(JSON.parse(JSON.stringify(older)))).toEqual([]);
});

test('a report without a verdict names the suite too, and the settings once they were read', () => {
  const run = {
    verdict: 'infrastructure-error' as const,
    reason: 'nothing listens',
    target: { kind: 'remote' as const, baseUrl: 'https://t.example' },
    runId: 'r',
    startedAt: new Date(0),
    stage: 'preflight' as const,
    suite: { version: '0.1.0', commit: null },
  };
  const early = noVerdictReport(run, new Date(1000));
  expect([early.suite, early.settings]).toEqual([{ version: '0.1.0', commit: null }, null]);
  const late = noVerdictReport({ ...run, settings: SETTINGS }, new Date(1000));
  expect(late.settings).toEqual(SETTINGS);
  expect(reportSchemaErrors(late)).toEqual([]);
});

test('the settings are facts about the settings, never a value: no key, secret or account id', () => {
  const secret = 'restricted-secret-value-5c1e';
  const result = parseConfig({
    MEETBIT_BASE_URL: 'http://127.0.0.1:4010/api/public/v2.0',
    MEETBIT_ACCESS_KEY_ID: 'full-key-id-77aa',
    MEETBIT_ACCESS_KEY_SECRET: 'full-secret-value-99bb',
    MEETBIT_ACCOUNT_ID: '424242',
    MEETBIT_RESTRICTED_ACCESS_KEY_ID: 'restricted-id-3d3d',
    MEETBIT_RESTRICTED_ACCESS_KEY_SECRET: secret,
    MEETBIT_RPS: '2',
  });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  const settings = runSettingsOf(result.config);
  expect(settings).toEqual({
    keyWithoutPermission: true,
    rateLimitBurst: false,
    strict: false,
    fuzzRequests: 20,
    fuzzPublic: false,
    pace: { rps: 2, from: 'MEETBIT_RPS' },
    disposable: false,
  });
  const text = JSON.stringify(settings);
  for (const value of ['full-key-id-77aa', 'full-secret-value-99bb', '424242', 'restricted-id-3d3d', secret])
    expect(text).not.toContain(value);
});

test('the suite identity: the version from package.json, the commit from git, null (never a failure) without it', () => {
  const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
  let head: string | null = null;
  try {
    head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // This checkout has no git: the identity says null too.
  }
  expect(readSuiteIdentity()).toEqual({ version, commit: head });
  expect(readSuiteIdentity({ git: path.join(tmpdir(), 'no-such-git') })).toEqual({ version, commit: null });
  const unpacked = testFolder('unpacked');
  writeFileSync(path.join(unpacked, 'package.json'), '{"version":"9.9.9"}');
  expect(readSuiteIdentity({ root: unpacked })).toEqual({ version: '9.9.9', commit: null });
});
