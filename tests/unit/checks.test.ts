import { expect, test } from '@playwright/test';
import {
  checkResponse,
  formatFailure,
  loadSpec,
  operationContract,
  type ContractFailure,
  type RecordedResponse,
} from '../../src/contract';
import { CONFERENCE } from './report-fixtures';

const operation = operationContract(await loadSpec(), 'post', '/online_conferences');
const json = (status: number, body: unknown, contentType = 'application/json'): RecordedResponse => ({
  status,
  headers: { 'content-type': contentType },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const text = (status: number, body: string, headers: Record<string, string> = {}): RecordedResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  body,
});
const checksOf = (failures: readonly ContractFailure[]) => failures.map((failure) => failure.check);

test.describe('no false positives', () => {
  const conforming: [string, RecordedResponse][] = [
    ['200 create', json(200, { message: 'Created.', data: CONFERENCE })],
    [
      '200 with charset and extra fields',
      json(
        200,
        { message: 'ok', data: { ...CONFERENCE, extra: 1 }, meta: {} },
        'application/json; charset=UTF-8',
      ),
    ],
    ['400 validation', json(400, { message: 'Invalid.', errors: { title: ['Too long.'] } })],
    ['400 with no errors at all', json(400, { message: 'Invalid.', errors: {} })],
    ['401', text(401, 'Invalid or missing access key.')],
    ['401 empty body', text(401, '')],
    ['429', text(429, 'Too many requests.', { 'retry-after': '30' })],
    ['500', text(500, 'An unexpected error occurred.')],
  ];
  for (const [name, response] of conforming) {
    test(`${name} conforms`, () => {
      expect(checkResponse(operation, response).failures.map(formatFailure)).toEqual([]);
    });
  }
});

test.describe('each kind of failure, with its message', () => {
  test('an undocumented status lists the documented ones', () => {
    const failures = checkResponse(operation, json(422, { message: 'x', errors: {} })).failures;
    expect(failures.map(formatFailure).join('\n')).toBe(
      [
        'Undocumented status code 422 [status_code_conformance]',
        '  at status',
        'Expected: one of the documented statuses: 200, 400, 401, 429, 500',
        'Received: 422 with body "{\\"message\\":\\"x\\",\\"errors\\":{}}"',
        'Spec allows: 200, 400, 401, 429, 500',
        'Spec location: openapi.yaml#/paths/~1online_conferences/post/responses',
      ].join('\n'),
    );
  });

  test('a wrong media type names the documented one; parameters are not the problem', () => {
    const failures = checkResponse(
      operation,
      text(200, JSON.stringify({ message: 'x', data: CONFERENCE })),
    ).failures;
    expect(failures.map(formatFailure).join('\n')).toBe(
      [
        'Undocumented Content-Type for 200 [content_type_conformance]',
        '  at header content-type',
        'Expected: Content-Type application/json (parameters such as charset allowed)',
        'Received: "text/plain; charset=utf-8"',
        'Spec allows: application/json',
        'Spec location: openapi.yaml#/components/responses/OnlineConferenceResponse/content',
      ].join('\n'),
    );
  });

  test('a missing Content-Type is its own failure', () => {
    const failures = checkResponse(operation, { status: 401, headers: {}, body: 'no' }).failures;
    expect(failures[0]?.title).toBe('Missing Content-Type on 401');
    expect(failures[0]?.received).toBe('no Content-Type header');
  });

  test('401, 429 and 500 as JSON fail the content-type check', () => {
    for (const status of [401, 429, 500]) {
      const failures = checkResponse(operation, {
        ...json(status, { error: 'x' }),
        headers: { 'content-type': 'application/json', 'retry-after': '1' },
      }).failures;
      expect(checksOf(failures), `status ${status}`).toEqual(['content_type_conformance']);
    }
  });

  test('a non-object 200 body fails, thanks to the repaired type: object', () => {
    const failures = checkResponse(operation, json(200, '"hi"')).failures;
    expect(formatFailure(failures[0]!)).toBe(
      [
        '200 application/json body does not match the spec at body [response_schema_conformance]',
        '  at body',
        'Expected: a value of type object',
        'Received: "hi"',
        'Spec allows: {"type":"object","properties":"…","required":["message","data"]}',
        'Spec location: openapi.yaml#/components/responses/OnlineConferenceResponse/content/application~1json/schema',
      ].join('\n'),
    );
  });

  test('a missing required field points at the schema that requires it', () => {
    const { deleted_at: _omitted, ...data } = CONFERENCE;
    const [failure] = checkResponse(operation, json(200, { message: 'x', data })).failures;
    expect(failure?.expected).toBe('property "deleted_at" to be present');
    expect(failure?.location).toBe('body/data');
  });

  test('a date-time without a zone shows the value and the format rule', () => {
    const [failure] = checkResponse(
      operation,
      json(200, { message: 'x', data: { ...CONFERENCE, created_at: '2026-11-24 09:30:00' } }),
    ).failures;
    expect(formatFailure(failure!)).toBe(
      [
        '200 application/json body does not match the spec at body/data/created_at [response_schema_conformance]',
        '  at body/data/created_at',
        'Expected: a string in format "date-time" (RFC 3339 date and time with a time-zone offset, e.g. 2026-11-24T09:30:00Z)',
        'Received: "2026-11-24 09:30:00"',
        'Spec allows: {"type":"string","format":"date-time"}',
        'Spec location: openapi.yaml#/components/schemas/OnlineConference/properties/created_at',
      ].join('\n'),
    );
  });

  test('a number sent as a string', () => {
    const [failure] = checkResponse(
      operation,
      json(200, { message: 'x', data: { ...CONFERENCE, id: '7' } }),
    ).failures;
    expect([failure?.location, failure?.expected, failure?.received]).toEqual([
      'body/data/id',
      'a value of type integer',
      '"7"',
    ]);
  });

  test('errors that are not arrays of strings', () => {
    const [failure] = checkResponse(
      operation,
      json(400, { message: 'x', errors: { title: 'Too long.' } }),
    ).failures;
    expect([failure?.location, failure?.expected]).toEqual(['body/errors/title', 'a value of type array']);
    expect(failure?.specPointer).toBe('#/components/schemas/ValidationError/additionalProperties');
  });

  test('malformed JSON under a JSON Content-Type', () => {
    const [failure] = checkResponse(operation, json(200, '{"message":')).failures;
    expect(failure?.title).toBe('200 body is not valid JSON');
    expect(failure?.received).toMatch(/^"{\\"message\\":" \(/);
  });

  // The message of a missing Retry-After is pinned in error-responses.test.ts.
  test('Retry-After as an HTTP date or a fraction fails the header check', () => {
    const date = checkResponse(
      operation,
      text(429, 'Slow down.', { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' }),
    ).failures;
    expect(checksOf(date)).toEqual(['response_headers_conformance']);
    expect(date[0]?.received).toBe('"Wed, 21 Oct 2026 07:28:00 GMT"');
    expect(checksOf(checkResponse(operation, text(429, 'x', { 'retry-after': '1.5' })).failures)).toEqual([
      'response_headers_conformance',
    ]);
  });
});
