import { expect, test } from '@playwright/test';
import {
  checkResponse,
  formatFailure,
  loadSpec,
  operationContract,
  serverErrorConformance,
  type RecordedResponse,
} from '../../src/contract';

const spec = await loadSpec();
const operation = operationContract(spec, 'post', '/online_conferences');
const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json';
const response = (status: number, headers: Record<string, string>, body: string): RecordedResponse => ({
  status,
  headers,
  body,
});
const checksFailing = (received: RecordedResponse) =>
  checkResponse(operation, received).failures.map((f) => f.check);
const exchange = (received: RecordedResponse) => ({
  request: { method: 'POST', url: 'http://127.0.0.1/online_conferences', headers: {} },
  response: received,
  durationMs: 1,
});

test.describe('content types on 401, 429 and 500, beyond checks.test.ts', () => {
  const cases: { status: number; contentType?: string; fails: boolean }[] = [
    { status: 401, contentType: 'text/plain', fails: false },
    { status: 401, contentType: 'text/html', fails: true },
    { status: 429, contentType: 'text/html', fails: true },
    { status: 429, fails: true },
    { status: 500, contentType: 'text/html', fails: true },
    { status: 500, fails: true },
  ];
  for (const { status, contentType, fails } of cases) {
    test(`${status} with ${contentType ?? 'no Content-Type'} ${fails ? 'fails' : 'passes'}`, () => {
      const headers = { 'retry-after': '1', ...(contentType ? { 'content-type': contentType } : {}) };
      expect(checksFailing(response(status, headers, 'No.'))).toEqual(
        fails ? ['content_type_conformance'] : [],
      );
    });
  }

  test('a 401 as JSON names text/plain and where the spec says so', () => {
    const [failure] = checkResponse(
      operation,
      response(401, { 'content-type': JSON_TYPE }, '{"message":"No."}'),
    ).failures;
    expect(formatFailure(failure!)).toBe(
      [
        'Undocumented Content-Type for 401 [content_type_conformance]',
        '  at header content-type',
        'Expected: Content-Type text/plain (parameters such as charset allowed)',
        'Received: "application/json"',
        'Spec allows: text/plain',
        'Spec location: openapi.yaml#/components/responses/UnauthorizedErrorResponse/content',
      ].join('\n'),
    );
  });

  test('an undocumented 403 lists the documented statuses', () => {
    const [failure] = checkResponse(
      operation,
      response(403, { 'content-type': TEXT }, 'Forbidden.'),
    ).failures;
    expect(failure?.expected).toBe('one of the documented statuses: 200, 400, 401, 429, 500');
  });
});

test.describe('Retry-After on 429', () => {
  const with429 = (headers: Record<string, string>) =>
    checkResponse(operation, response(429, { 'content-type': TEXT, ...headers }, 'Too many requests.'))
      .failures;

  for (const value of ['0', '1', '120', ' 7 ']) {
    test(`"${value}" conforms`, () => {
      expect(with429({ 'retry-after': value })).toEqual([]);
    });
  }

  for (const [what, value] of [
    ['an HTTP date', 'Wed, 21 Oct 2026 07:28:00 GMT'],
    ['a fraction', '1.5'],
    ['negative', '-1'],
    ['empty', ''],
  ] as const) {
    test(`${what} ("${value}") fails, naming Retry-After`, () => {
      const failures = with429({ 'retry-after': value });
      expect(failures.map((f) => f.check)).toEqual(['response_headers_conformance']);
      expect([failures[0]!.requirement, failures[0]!.level]).toEqual([
        'response.429.header.Retry-After',
        'must',
      ]);
      expect(formatFailure(failures[0]!)).toContain('Retry-After');
      expect(failures[0]!.received).toBe(JSON.stringify(value));
    });
  }

  test('missing is a warning (documented, not required; RFC 6585 §4: MAY), never a MUST failure', () => {
    const [failure, ...more] = with429({});
    expect(more).toEqual([]);
    expect({ requirement: failure!.requirement, level: failure!.level }).toEqual({
      requirement: 'convention.retry-after-present',
      level: 'should',
    });
    expect(formatFailure(failure!)).toBe(
      [
        'No Retry-After header on 429 [response_headers_conformance]',
        '  at header retry-after',
        'Expected: a Retry-After header (integer, Number of seconds to wait before making another request.): documented, not required (RFC 6585 §4: MAY)',
        'Received: no such header',
        'Spec allows: {"description":"Number of seconds to wait before making another request.","type":"integer","minimum":0}',
        'Spec location: openapi.yaml#/components/responses/RateLimitedErrorResponse/headers/Retry-After',
      ].join('\n'),
    );
  });

  test('negative values are refused because HTTP requires delay-seconds, and that is a reported finding', () => {
    expect(operation.findings.map((finding) => finding.id)).toContain('retry-after-may-be-negative');
  });
});

test.describe('server errors', () => {
  test('a documented 500 conforms in shape, yet is a failure', () => {
    const received = response(500, { 'content-type': TEXT }, 'An unexpected error occurred.');
    expect(checkResponse(operation, received).failures).toEqual([]);
    const [failure, ...more] = serverErrorConformance(operation, exchange(received)).failures;
    expect(more).toEqual([]);
    expect(formatFailure(failure!)).toBe(
      [
        'Server error 500 (documented: An unexpected error occurred.) [server_error_conformance]',
        '  at status',
        'Expected: an answer other than 5xx: every request the suite sends has a defined outcome',
        'Received: status 500 with body "An unexpected error occurred."',
        'Spec location: openapi.yaml#/components/responses/UnexpectedErrorResponse',
      ].join('\n'),
    );
  });

  test('an undocumented 503 fails the status check and the server-error check', () => {
    const received = response(503, { 'content-type': TEXT, 'retry-after': '5' }, 'Service Unavailable');
    expect(checksFailing(received)).toEqual(['status_code_conformance']);
    expect(serverErrorConformance(operation, exchange(received)).failures.map((f) => f.check)).toEqual([
      'server_error_conformance',
    ]);
  });

  test('no false positive: 2xx and 4xx are not server errors', () => {
    for (const status of [200, 400, 401, 429, 499])
      expect(serverErrorConformance(operation, exchange(response(status, {}, ''))).failures).toEqual([]);
  });
});
