import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseDocument } from 'yaml';
import { deriveBoundaryCases } from '../../src/cases/boundary';
import { catalogueOf } from '../../src/cases/catalogue';
import { DEFAULT_SPEC_PATH, loadSpec, operationContract } from '../../src/contract';
import { buildReport } from '../../src/report/model';
import { decideVerdict, verdictPasses } from '../../src/report/verdict';
import { renderConsole } from '../../src/report/console';
import { exchange, failedRecord, passedRecord, reportInput } from './report-fixtures';
import { testFolder } from '../support/test-folder';

const operation = operationContract(await loadSpec(), 'post', '/online_conferences');

test.describe('the requirements catalogue', () => {
  const { requirements, byId } = catalogueOf(operation);

  test('every id is unique, every requirement has a statement and a source', () => {
    expect(new Set(requirements.map((r) => r.id)).size).toBe(requirements.length);
    for (const requirement of requirements) {
      expect(requirement.statement.length, requirement.id).toBeGreaterThan(10);
      expect(['spec', 'rfc', 'convention']).toContain(requirement.source.kind);
    }
  });

  test('the spec states MUSTs; conventions are SHOULDs', () => {
    expect(byId.get('request.title.maxLength')).toMatchObject({
      level: 'must',
      statement: '`title` of up to 255 characters is accepted; longer is rejected with 400',
      source: { kind: 'spec', pointer: '#/components/schemas/OnlineConference/properties/title/maxLength' },
    });
    expect(byId.get('response.200.body.data.id')).toMatchObject({
      level: 'must',
      statement: 'In a 200 JSON body, `data.id` is present and is an integer (int64)',
    });
    expect(byId.get('permissions.create')?.enabledBy).toContain('MEETBIT_RESTRICTED_ACCESS_KEY_ID');
    expect(byId.get('response.500.content-type')?.when).toBe('only when the tenant answers 500');
    // A text/plain body is a string by construction: `type: string` there is no requirement that could fail.
    expect(byId.has('response.401.body')).toBe(false);
    for (const requirement of requirements.filter((r) => r.source.kind === 'convention'))
      expect(requirement.level, requirement.id).toBe('should');
  });

  test('every requirement a boundary case names or verifies is in the catalogue', () => {
    for (const boundaryCase of deriveBoundaryCases(operation))
      for (const id of [boundaryCase.requirement, ...boundaryCase.verifies])
        expect(byId.has(id), `${boundaryCase.id} names ${id}`).toBe(true);
  });

  test('a spec change moves the catalogue with no code edit: a new field with minLength, a required header', async () => {
    const doc = parseDocument(readFileSync(DEFAULT_SPEC_PATH, 'utf8'));
    doc.setIn(
      ['components', 'schemas', 'OnlineConference', 'properties', 'room'],
      doc.createNode({ type: 'string', minLength: 3 }),
    );
    doc.setIn(
      ['components', 'responses', 'OnlineConferenceResponse', 'headers', 'X-Request-Id'],
      doc.createNode({ required: true, schema: { type: 'string' } }),
    );
    const file = path.join(testFolder('spec'), 'openapi.yaml');
    writeFileSync(file, doc.toString());
    const edited = catalogueOf(operationContract(await loadSpec(file), 'post', '/online_conferences')).byId;
    expect(edited.get('request.room.minLength')).toMatchObject({
      level: 'must',
      source: { kind: 'spec', pointer: '#/components/schemas/OnlineConference/properties/room/minLength' },
    });
    expect(edited.get('response.200.header.X-Request-Id')).toMatchObject({
      level: 'must',
      statement: 'A X-Request-Id header of a 200 is a string',
    });
    expect(edited.get('response.200.body.data.room')?.level).toBe('must');
    expect(byId.has('request.room.minLength')).toBe(false);
  });
});

test.describe('problems and verdicts', () => {
  const idAsString = (check: string) => failedRecord(check, ['response_schema_conformance']);

  test('one root cause is one problem, whatever the number of tests that saw it', () => {
    const tests = Array.from({ length: 40 }, (_, i) => idAsString(`case.${i}`));
    const report = buildReport(reportInput({ tests }));
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({
      requirement: 'response.200.body.data.id',
      level: 'must',
      occurrences: 40,
      location: 'body/data/id',
    });
    expect(report.problems[0]?.curl).toContain('curl -sS -i -X POST');
    expect(report.verdict).toBe('does-not-conform');
  });

  test('a wrong status beside a wrong body gives two problems, the status first', () => {
    const record = idAsString('auth.none');
    const both = {
      ...record,
      evidence: {
        ...record.evidence,
        failures: [
          ...record.evidence.failures,
          {
            check: 'expected_outcome' as const,
            requirement: 'security.unauthenticated',
            level: 'must' as const,
            defect: 'accepted',
            title: 'Expected 401, received 200',
            expected: 'status 401',
            received: 'status 200',
            specPointer: '#/components/responses/UnauthorizedErrorResponse',
            location: 'status',
            exchange: 0,
          },
        ],
      },
    };
    const report = buildReport(reportInput({ tests: [both] }));
    expect(report.problems.map((p) => p.requirement)).toEqual([
      'security.unauthenticated',
      'response.200.body.data.id',
    ]);
  });

  test('a filtered run is incomplete, and says what was not verified', () => {
    const only = {
      ...passedRecord('create.minimal'),
      evidence: { ...passedRecord('x').evidence, verified: ['response.200.body.data.id'] },
    };
    const report = buildReport(reportInput({ tests: [only] }));
    expect(report.verdict).toBe('incomplete');
    expect(report.status).toBe('passed');
    expect(report.coverage.must).toEqual({ verified: 1, held: 1, total: 2 });
    expect(report.coverage.notVerified.map((n) => n.id)).toContain('request.title.maxLength');
    expect(buildReport(reportInput({ tests: [only], strict: true })).status).toBe('failed');
  });

  test('a SHOULD is a warning: the run passes, unless strict', () => {
    const warned = failedRecord('title.maxLength.over', ['error_names_field']);
    const record = { ...warned, outcome: 'passed' as const };
    const report = buildReport(reportInput({ tests: [record] }));
    expect(report.verdict).toBe('conforms-with-warnings');
    expect(report.status).toBe('passed');
    expect(report.summary.warnings).toBe(1);
    expect(report.problems[0]).toMatchObject({
      level: 'should',
      requirement: 'convention.error-names-field',
    });
    expect(buildReport(reportInput({ tests: [record], strict: true })).status).toBe('failed');
  });

  test('precedence: does-not-conform, infrastructure-error, incomplete, with warnings, conforms', () => {
    const must = { level: 'must', waivedBy: undefined } as never;
    const should = { level: 'should', waivedBy: undefined } as never;
    const unverified = [{ level: 'must', status: 'not-verified' }] as never;
    expect(decideVerdict(unverified, [must, should], true)).toBe('does-not-conform');
    expect(decideVerdict(unverified, [should], true)).toBe('infrastructure-error');
    expect(decideVerdict(unverified, [should], false)).toBe('incomplete');
    expect(decideVerdict([], [should], false)).toBe('conforms-with-warnings');
    expect(decideVerdict([], [], false)).toBe('conforms');
    expect(verdictPasses('incomplete', false)).toBe(true);
    expect(verdictPasses('incomplete', true)).toBe(false);
    expect(verdictPasses('conforms', true)).toBe(true);
  });

  test('a waiver names a requirement: it waives that problem and no other', () => {
    const record = idAsString('create.full');
    const report = buildReport(
      reportInput({
        tests: [record],
        waivers: {
          waivers: [
            { requirement: 'response.200.body.data.id', reason: 'r', owner: 'o', expires: '2999-01-01' },
          ],
          problems: [],
        },
      }),
    );
    expect(report.problems[0]?.waivedBy?.requirement).toBe('response.200.body.data.id');
    expect(report.verdict).toBe('conforms');
    expect(exchange(200, '').response.status).toBe(200);
  });
});

test.describe('only what was observed counts', () => {
  const catalogue = catalogueOf(operation).requirements;
  const burst = (outcome: 'failed' | 'passed', verified: string[]) => ({
    ...passedRecord('rate-limit.burst'),
    title: 'rate-limit.burst: a burst is eventually answered 429',
    outcome,
    evidence: {
      ...passedRecord('rate-limit.burst').evidence,
      declared: ['response.429.content-type', 'response.429.header.Retry-After'],
      verified,
    },
    stats: { requests: 8, rateLimited: 0, waitedMs: 0, statuses: { '422': 8 } },
  });

  test('a test that declares a requirement but never evaluated it verifies nothing, and says why', () => {
    const report = buildReport(reportInput({ catalogue, tests: [burst('failed', ['status.documented'])] }));
    const of = (id: string) => report.requirements.find((r) => r.id === id);
    expect(of('response.429.content-type')).toMatchObject({
      status: 'not-verified',
      reason: 'no 429 response in this run (statuses received: 422 ×8)',
    });
    expect(of('status.documented')?.status).toBe('passed');
    // A 429 that was checked verifies its requirements.
    const seen = buildReport(
      reportInput({ catalogue, tests: [burst('passed', ['response.429.content-type'])] }),
    );
    expect(seen.requirements.find((r) => r.id === 'response.429.content-type')?.status).toBe('passed');
  });

  test('a test that timed out is cut short: the verdict is at best incomplete, with the reason, never conforms', () => {
    const timedOut = {
      ...passedRecord('fuzz.accepts-generated'),
      title: 'fuzz.accepts-generated: bodies generated from the request schema are accepted and echoed',
      outcome: 'timedOut' as const,
      durationMs: 37_512,
    };
    const report = buildReport(reportInput({ tests: [timedOut] }));
    expect(report.verdict).toBe('incomplete');
    expect(report.cutShort).toEqual([{ test: timedOut.title, reason: 'it timed out after 38 s' }]);
    expect(report.problems).toEqual([]);
    expect(report.tests[0]?.status).toBe('cut-short');
    expect(renderConsole(report, 'reports')).toContain(
      `Cut short (1): what these tests did not observe is not verified\n   - ${timedOut.title}: it timed out after 38 s`,
    );
  });

  test('an error no check recorded is the run cut short, never a problem of the tenant', () => {
    const crashed = failedRecord('create.full', [], 'RangeError: Maximum call stack size exceeded\n    at x');
    const report = buildReport(reportInput({ tests: [crashed] }));
    expect(report.problems).toEqual([]);
    expect(report.verdict).toBe('incomplete');
    expect(report.cutShort[0]?.reason).toBe(
      'it stopped on an error: RangeError: Maximum call stack size exceeded',
    );
  });
});

test.describe('one root cause, one problem', () => {
  const outcomeFailure = (location: string, defect: string) => ({
    check: 'expected_outcome' as const,
    requirement: 'request.title.maxLength',
    level: 'must' as const,
    defect,
    title: 'Expected 400, received 200',
    expected: 'status 400',
    received: 'status 200',
    specPointer: '#/components/schemas/OnlineConference/properties/title/maxLength',
    location,
    exchange: 0,
  });
  const sent = (title: string) =>
    exchange(200, JSON.stringify({ message: 'ok', data: { title } }), 'application/json', title);

  test('the boundary case, the fuzz phase and the echoed over-long title are one problem, the boundary case shown', () => {
    const long = 'x'.repeat(256);
    const generated = '\u0001'.repeat(300);
    const boundary = {
      ...failedRecord('title.maxLength.over', []),
      evidence: {
        ...failedRecord('title.maxLength.over', []).evidence,
        failures: [
          outcomeFailure('status', 'accepted'),
          {
            ...outcomeFailure('body/data/title', 'maxLength'),
            check: 'response_schema_conformance' as const,
            requirement: 'response.200.body.data.title',
          },
        ],
        failureExchanges: [sent(long)],
      },
    };
    const fuzzed = {
      ...failedRecord('fuzz.rejects-generated', []),
      evidence: {
        ...failedRecord('fuzz.rejects-generated', []).evidence,
        generated: true,
        failures: [outcomeFailure('status', 'accepted')],
        failureExchanges: [sent(generated)],
      },
    };
    const report = buildReport(reportInput({ tests: [fuzzed, boundary] }));
    expect(report.problems.map((p) => [p.requirement, p.occurrences])).toEqual([
      ['request.title.maxLength', 3],
    ]);
    expect(report.problems[0]?.request?.body).toContain(long);
    expect(report.problems[0]?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  test('the same defect at two attendees is one problem; a different defect of one requirement is another', () => {
    const at = (index: number) =>
      outcomeFailure(`body/errors/online_conference_attendees.${index}.email`, 'rejected');
    const record = {
      ...failedRecord('fuzz.accepts-generated', []),
      evidence: {
        ...failedRecord('fuzz.accepts-generated', []).evidence,
        failures: [at(0), at(3), outcomeFailure('status', 'accepted')],
        failureExchanges: [sent('t')],
      },
    };
    const problems = buildReport(reportInput({ tests: [record] })).problems;
    expect(problems.map((p) => [p.location, p.defect, p.occurrences])).toEqual([
      ['body/errors/online_conference_attendees.[].email', 'rejected', 2],
      ['status', 'accepted', 1],
    ]);
  });
});
