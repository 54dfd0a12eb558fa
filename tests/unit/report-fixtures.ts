import type { Exchange } from '../../src/contract';
import type { Requirement } from '../../src/contract';
import type { ReportInput, TestRecord } from '../../src/report/model';

/** A small catalogue: two MUSTs and a SHOULD, enough to show verdicts and coverage. */
export const CATALOGUE: readonly Requirement[] = [
  {
    id: 'request.title.maxLength',
    level: 'must',
    statement: '`title` of up to 255 characters is accepted; longer is rejected with 400',
    source: { kind: 'spec', pointer: '#/components/schemas/OnlineConference/properties/title/maxLength' },
  },
  {
    id: 'response.200.body.data.id',
    level: 'must',
    statement: 'In a 200 JSON body, `data.id` is present and is an integer (int64)',
    source: { kind: 'spec', pointer: '#/components/schemas/OnlineConference/properties/id' },
  },
  {
    id: 'convention.error-names-field',
    level: 'should',
    statement: 'A 400 names the offending field among the keys of `errors`',
    source: { kind: 'convention', rationale: 'ValidationError defines no key syntax' },
  },
];

/** Small shared fragments for the unit tests of the reporter and the checks: plain data, no Playwright run. */
export const BASE_URL = 'http://127.0.0.1:4010/api/public/v2.0';

export function exchange(
  status: number,
  body: string,
  contentType = 'application/json',
  sentTitle?: string,
): Exchange {
  return {
    request: {
      method: 'POST',
      url: `${BASE_URL}/online_conferences`,
      headers: {
        'content-type': 'application/json',
        'x-access-key-id': '$MEETBIT_ACCESS_KEY_ID',
        'x-access-key-secret': '$MEETBIT_ACCESS_KEY_SECRET',
      },
      body: sentTitle === undefined ? '{"title":"It\'s <b>bold</b>"}' : JSON.stringify({ title: sentTitle }),
    },
    response: { status, headers: { 'content-type': contentType }, body },
    durationMs: 12,
  };
}

/** A conference as a 200 body's `data` documents it. */
export const CONFERENCE = {
  id: 7,
  online_conference_account_id: 1001,
  backer_event_id: null,
  public_id: 'abc',
  title: 'Weekly',
  is_public: false,
  created_at: '2026-11-24T09:30:00.000000Z',
  updated_at: '2026-11-24T09:30:00.000000Z',
  deleted_at: null,
};

export function passedRecord(caseId: string): TestRecord {
  return {
    caseId,
    title: `${caseId}: passes`,
    project: 'conformance',
    outcome: 'passed',
    specPointer: '#/paths/~1online_conferences/post/responses/200',
    failedChecks: [],
    exchanges: [exchange(200, '{"data":{}}')],
    stats: { requests: 1, rateLimited: 0, waitedMs: 0 },
    durationMs: 40,
    evidence: {
      declared: CATALOGUE.some((r) => r.id === caseId) ? [caseId] : [],
      verified: ['request.title.maxLength', 'response.200.body.data.id'],
      notVerified: [],
      failures: [],
      failureExchanges: [],
    },
  };
}

export function failedRecord(
  caseId: string,
  failedChecks: string[],
  message = 'Expected: 200\nReceived: 201',
): TestRecord {
  return {
    ...passedRecord(caseId),
    title: `${caseId}: fails`,
    outcome: 'failed',
    failedChecks,
    message,
    exchanges: [exchange(200, '<html>oops</html>', 'text/html')],
    stats: { requests: 2, rateLimited: 1, waitedMs: 1500 },
    evidence: {
      ...passedRecord(caseId).evidence,
      failures: failedChecks.map((failed) => ({
        check: failed as 'content_type_conformance',
        requirement:
          failed === 'error_names_field' ? 'convention.error-names-field' : 'response.200.body.data.id',
        level: failed === 'error_names_field' ? 'should' : 'must',
        defect: 'type',
        title: `${failed} failed`,
        expected: 'a value of type integer',
        received: '"1"',
        specPointer: '#/components/schemas/OnlineConference/properties/id',
        location: 'body/data/id',
        exchange: 0,
      })),
      failureExchanges: [exchange(200, '<html>oops</html>', 'text/html')],
    },
  };
}

export function reportInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    operation: 'POST /online_conferences',
    tests: [],
    globalErrors: [],
    runStatus: 'passed',
    target: { kind: 'remote', baseUrl: BASE_URL },
    runId: 'run-1',
    spec: { title: 'MeetBit Public API', version: '2.0', sha256: 'ab'.repeat(32) },
    findings: [
      {
        id: 'pattern-with-regex-delimiters',
        severity: 'defect',
        pointer: '#/components/schemas/OnlineConference/properties/public_id/pattern',
        title: 'Pattern written with regex delimiters',
        detail: 'The pattern is /^[a-z]+$/ <with slashes>',
        handling: 'Tested as the expression inside',
      },
    ],
    waivers: { waivers: [], problems: [] },
    catalogue: CATALOGUE,
    strict: false,
    created: [],
    startedAt: new Date('2026-11-24T07:00:00Z'),
    durationMs: 2500,
    now: new Date('2026-11-24T07:00:03Z'),
    ...overrides,
  };
}
