import { expect, test } from '@playwright/test';
import { deriveBoundaryCases } from '../../src/cases/boundary';
import { retryAfterSeconds } from '../../src/client/client';
import {
  checkExchange,
  checkResponse,
  CONVENTIONS,
  echoConformance,
  loadSpec,
  operationContract,
  outcomeConformance,
  serverFieldsPlausibility,
  type ContractFailure,
  type Exchange,
} from '../../src/contract';
import { fieldsNamedBy, keyNamesField, keySegments, rejectionNames } from '../../src/contract/error-keys';
import { CONFERENCE } from './report-fixtures';

/** One unit test per ruling of issue 11: what is a MUST failure, what only a warning, what nothing. */

const operation = operationContract(await loadSpec(), 'post', '/online_conferences');
// The fixtures' conference, with the optional times a tenant may send and timestamps of now (the plausibility
// convention judges how old created_at is).
const conference = {
  ...CONFERENCE,
  started_at: null,
  ended_at: null,
  created_at: new Date().toISOString(),
  updated_at: new Date().toISOString(),
};
const sent = { online_conference_account_id: 1001, public_id: 'abc', title: 'Weekly', is_public: false };

function exchange(
  status: number,
  body: unknown,
  request: { body?: unknown; contentType?: string | null } = {},
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Exchange {
  const contentType = request.contentType === undefined ? 'application/json' : request.contentType;
  return {
    request: {
      method: 'POST',
      url: 'http://127.0.0.1/online_conferences',
      headers: contentType === null ? {} : { 'content-type': contentType },
      body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? sent),
    },
    response: { status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) },
    durationMs: 1,
  };
}
const created = (data: Record<string, unknown>, body: unknown = sent) =>
  exchange(200, { message: 'Created.', data }, { body });
const levels = (failures: readonly ContractFailure[]) =>
  failures.map((failure) => `${failure.requirement} ${failure.level}`);

test.describe('the error-key normaliser reads every common path syntax as segments', () => {
  const table: [string, string[]][] = [
    ['title', ['title']],
    ['online_conference_attendees.0.email', ['online_conference_attendees', '0', 'email']],
    ['online_conference_attendees[0].email', ['online_conference_attendees', '0', 'email']],
    ['online_conference_attendees[0][email]', ['online_conference_attendees', '0', 'email']],
    ['online_conference_attendees["0"]["email"]', ['online_conference_attendees', '0', 'email']],
    ["online_conference_attendees['0'].email", ['online_conference_attendees', '0', 'email']],
    ['/online_conference_attendees/0/email', ['online_conference_attendees', '0', 'email']],
    ['/body/online_conference_attendees/0/email', ['body', 'online_conference_attendees', '0', 'email']],
    ['#/body/title', ['body', 'title']],
    ['body/online_conference_attendees/0/email', ['body', 'online_conference_attendees', '0', 'email']],
    ['.body.title', ['body', 'title']],
    ['body[title]', ['body', 'title']],
    ['/a~1b/c~0d', ['a/b', 'c~d']],
    [' title ', ['title']],
    ['', []],
  ];
  for (const [key, segments] of table) {
    test(`${JSON.stringify(key)} → ${JSON.stringify(segments)}`, () => {
      expect(keySegments(key)).toEqual(segments);
    });
  }
});

test.describe('an error key names the field, or a place inside it, in any syntax', () => {
  const field = 'online_conference_attendees.0.email';
  const table: [string, string, boolean][] = [
    [field, field, true],
    ['online_conference_attendees[0].email', field, true],
    ['online_conference_attendees[0][email]', field, true],
    ['/online_conference_attendees/0/email', field, true],
    ['/body/online_conference_attendees/0/email', field, true],
    ['body/online_conference_attendees/0/email', field, true],
    ['body.online_conference_attendees.0.email', field, true],
    ['.body.online_conference_attendees[0].email', field, true],
    ['requestBody.online_conference_attendees.0.email', field, true],
    ['online_conference_attendees.0.email.format', field, true],
    ['online_conference_attendees.1.email', field, false],
    ['online_conference_attendees.0', field, false],
    ['onlineConferenceAttendees.0.email', field, false],
    ['online_conference_attendees.0.emails', field, false],
    ['body', 'title', false],
    ['body.title', 'title', true],
    ['/body/title', 'title', true],
    ['body[title]', 'title', true],
    ['title_extra', 'title', false],
    // A property that is itself called "body" is still named by its own key.
    ['body', 'body', true],
  ];
  for (const [key, wanted, names] of table) {
    test(`${JSON.stringify(key)} ${names ? 'names' : 'does not name'} ${wanted}`, () => {
      expect(keyNamesField(key, wanted)).toBe(names);
    });
  }
});

test.describe('outcome: which status is a failure, which a warning', () => {
  const rejected = (errors: Record<string, string[]>) =>
    exchange(400, { message: 'Invalid.', errors }, { body: { ...sent, title: 'x'.repeat(256) } });
  const expected = { status: 400, field: 'title', pointer: '#/x', requirement: 'request.title.maxLength' };

  test('a 400 naming the field in JSON Pointer syntax with a body prefix conforms', () => {
    expect(
      outcomeConformance(operation, rejected({ '/body/title': ['Too long.'] }), expected).failures,
    ).toEqual([]);
  });

  test('a 400 naming no field is a warning (convention.error-names-field), not a failure', () => {
    expect(
      levels(outcomeConformance(operation, rejected({ titleText: ['Too long.'] }), expected).failures),
    ).toEqual(['convention.error-names-field should']);
  });

  test('a wrong status fails the case requirement (MUST), and says what came back', () => {
    const [failure] = outcomeConformance(operation, created(conference), expected).failures;
    expect(levels([failure!])).toEqual(['request.title.maxLength must']);
    expect(failure!.title).toMatch(/^Expected 400 .*, received 200$/);
  });

  test('a tolerated status is a warning naming its convention', () => {
    const lenient = {
      status: [400, 415],
      pointer: '#/x',
      requirement: 'request.content-type',
      tolerated: [{ status: '2XX', requirement: 'convention.strict-content-type', why: 'lenient' }] as const,
    };
    expect(levels(outcomeConformance(operation, created(conference), lenient).failures)).toEqual([
      'convention.strict-content-type should',
    ]);
    expect(outcomeConformance(operation, exchange(415, 'no'), lenient).failures).toEqual([]);
    expect(levels(outcomeConformance(operation, exchange(401, 'no'), lenient).failures)).toEqual([
      'request.content-type must',
    ]);
  });

  test('auth: a 400 to an anonymous invalid body is a warning; a 2xx is a MUST failure', () => {
    const auth = {
      status: 401,
      pointer: '#/x',
      requirement: 'security.unauthenticated',
      tolerated: [
        { status: 400, requirement: 'convention.auth-before-validation', why: 'unordered' },
      ] as const,
    };
    expect(levels(outcomeConformance(operation, rejected({ is_public: ['x'] }), auth).failures)).toEqual([
      'convention.auth-before-validation should',
    ]);
    expect(levels(outcomeConformance(operation, created(conference), auth).failures)).toEqual([
      'security.unauthenticated must',
    ]);
  });
});

test.describe('what a rejection is about', () => {
  test('fields are read from every common error shape: errors object, errors array, pydantic detail, zod issues', () => {
    expect(fieldsNamedBy({ errors: { title: ['x'] } })).toEqual(['title']);
    expect(fieldsNamedBy({ errors: [{ path: '/body/title' }, { field: 'public_id' }] })).toEqual([
      '/body/title',
      'public_id',
    ]);
    expect(fieldsNamedBy({ detail: [{ loc: ['body', 'title'], msg: 'x' }] })).toEqual(['body.title']);
    expect(fieldsNamedBy({ error: { issues: [{ path: ['title'] }] } })).toEqual(['title']);
    expect(fieldsNamedBy({ message: 'Unauthenticated.' })).toEqual([]);
    expect(fieldsNamedBy('text')).toEqual([]);
  });

  test('a rejection names the field, names others, or (naming none) mentions it in words', () => {
    const body = (errors: unknown) => JSON.stringify({ message: 'Invalid.', errors });
    expect(rejectionNames(body({ title: ['x'] }), 'title')).toBe(true);
    expect(rejectionNames(body({ online_conference_account_id: ['x'] }), 'title')).toBe('names-others');
    expect(
      rejectionNames('{"message":"The selected account is invalid."}', 'online_conference_account_id', [
        'account',
      ]),
    ).toBe(true);
    expect(rejectionNames('{"message":"Bad request."}', 'online_conference_account_id', ['account'])).toBe(
      false,
    );
  });

  test('a valid-body case refused for another field fails request.accepts-valid, not the keyword it varies', () => {
    const valid = { status: 200, pointer: '#/x', requirement: 'request.title.maxLength', about: 'title' };
    const refused = exchange(400, {
      message: 'Invalid.',
      errors: { online_conference_account_id: ['The selected account id is invalid.'] },
    });
    expect(levels(outcomeConformance(operation, refused, valid).failures)).toEqual([
      'request.accepts-valid must',
    ]);
    const aboutTitle = exchange(400, { message: 'Invalid.', errors: { title: ['Too long.'] } });
    expect(levels(outcomeConformance(operation, aboutTitle, valid).failures)).toEqual([
      'request.title.maxLength must',
    ]);
  });

  test('auth: a valid body refused 400 without credentials is a warning only when the refusal names a field', () => {
    const auth = {
      status: 401,
      pointer: '#/x',
      requirement: 'security.unauthenticated',
      tolerated: [
        { status: 400, requirement: 'convention.auth-before-validation', why: 'first', ifNamesAField: true },
      ] as const,
    };
    const namesField = exchange(400, { message: 'Invalid.', errors: { public_id: ['taken'] } });
    expect(levels(outcomeConformance(operation, namesField, auth).failures)).toEqual([
      'convention.auth-before-validation should',
    ]);
    const namesNone = exchange(400, { message: 'Bad request.' });
    expect(levels(outcomeConformance(operation, namesNone, auth).failures)).toEqual([
      'security.unauthenticated must',
    ]);
  });
});

test.describe('a response of another shape is one failure, not one per missing property', () => {
  test("pydantic's 400 (detail, no message, no errors) fails response.400.body once", () => {
    const detail = exchange(400, { detail: [{ loc: ['body', 'title'], msg: 'field required' }] });
    const failures = checkResponse(operation, detail.response).failures.filter(
      (f) => f.check === 'response_schema_conformance',
    );
    expect(failures.map((f) => f.requirement)).toEqual(['response.400.body']);
    expect(failures[0]!.expected).toBe('properties "message", "errors" to be present');
  });

  test('one property of two missing stays the defect of that property', () => {
    const partial = exchange(400, { message: 'Invalid.' });
    const failures = checkResponse(operation, partial.response).failures.filter(
      (f) => f.check === 'response_schema_conformance',
    );
    expect(failures.map((f) => f.requirement)).toEqual(['response.400.body.errors']);
  });
});

test.describe('echo: what a framework default may change, and what it may not', () => {
  test('an optional nullable field sent as null and left out is as good as null', () => {
    const { backer_event_id: _a, started_at: _b, ended_at: _c, ...omitted } = conference;
    expect(echoConformance(operation, created(omitted, { ...sent, backer_event_id: null })).failures).toEqual(
      [],
    );
  });

  test('a required field left out still fails (schema and echo alike)', () => {
    const { title: _title, ...withoutTitle } = conference;
    expect(levels(echoConformance(operation, created(withoutTitle)).failures)).toEqual(['echo.title must']);
  });

  test('whitespace trimmed (TrimStrings, Joi/zod .trim()) is a warning', () => {
    const failures = echoConformance(operation, created(conference, { ...sent, title: ' Weekly ' })).failures;
    expect(levels(failures)).toEqual(['convention.echo-exact-whitespace should']);
  });

  test('a title cut short or is_public ignored is a MUST failure of its field', () => {
    const failures = echoConformance(
      operation,
      created(
        { ...conference, title: 'Week', is_public: false },
        { ...sent, title: 'Weekly', is_public: true },
      ),
    ).failures;
    expect(levels(failures)).toEqual(['echo.title must', 'echo.is_public must']);
  });
});

test.describe('plausibility of server-owned fields is a reading, so a warning', () => {
  test('every implausible field is convention.server-fields-plausible, SHOULD', () => {
    const window = { sentAt: Date.now(), receivedAt: Date.now() };
    const failures = serverFieldsPlausibility(
      operation,
      created({
        ...conference,
        id: 0,
        created_at: '1970-01-01T00:00:00Z',
        deleted_at: conference.created_at,
      }),
      window,
    ).failures;
    expect(levels(failures)).toEqual(Array(3).fill('convention.server-fields-plausible should'));
  });
});

test.describe('a request outside the documented media types', () => {
  test('may be answered 415 with any body: the spec does not describe that request', () => {
    const textPlain = exchange(
      415,
      '<h1>no</h1>',
      { contentType: 'text/plain' },
      { 'content-type': 'text/html' },
    );
    const none = exchange(415, '', { contentType: null }, {});
    expect(checkExchange(operation, textPlain).failures).toEqual([]);
    expect(checkExchange(operation, none).failures).toEqual([]);
  });

  test('a 415 to an application/json body stays an undocumented status (MUST)', () => {
    const json = exchange(415, 'Unsupported', {}, { 'content-type': 'text/plain' });
    expect(levels(checkExchange(operation, json).failures)).toEqual(['status.documented must']);
  });

  test('any other answer to it is checked as usual', () => {
    const wrong = exchange(400, { message: 'x' }, { contentType: 'text/plain' });
    expect(levels(checkExchange(operation, wrong).failures)).toEqual(['response.400.body.errors must']);
  });
});

test.describe('every contract failure names its requirement and level', () => {
  const table: [string, Exchange['response'], string[]][] = [
    [
      'id as a string',
      {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'x', data: { ...conference, id: '7' } }),
      },
      ['response.200.body.data.id must'],
    ],
    [
      'deleted_at left out',
      {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'x', data: { ...conference, deleted_at: undefined } }),
      },
      ['response.200.body.data.deleted_at must'],
    ],
    [
      'errors as strings',
      {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'x', errors: { title: 'no' } }),
      },
      ['response.400.body.errors.* must'],
    ],
    [
      'an error message not a string',
      {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'x', errors: { title: [1] } }),
      },
      ['response.400.body.errors.*[] must'],
    ],
    [
      'a 401 as HTML',
      { status: 401, headers: { 'content-type': 'text/html' }, body: 'no' },
      ['response.401.content-type must'],
    ],
    [
      'a 403',
      { status: 403, headers: { 'content-type': 'text/plain' }, body: 'no' },
      ['status.documented must'],
    ],
    [
      'a 429 with a fractional Retry-After',
      { status: 429, headers: { 'content-type': 'text/plain', 'retry-after': '1.5' }, body: 'slow' },
      ['response.429.header.Retry-After must'],
    ],
    [
      'a 429 without Retry-After',
      { status: 429, headers: { 'content-type': 'text/plain' }, body: 'slow' },
      ['convention.retry-after-present should'],
    ],
  ];
  for (const [what, response, expected] of table) {
    test(what, () => {
      expect(levels(checkResponse(operation, response).failures)).toEqual(expected);
    });
  }
});

test.describe('e-mail boundaries respect RFC 5321 as a whole', () => {
  const cases = deriveBoundaryCases(operation).filter((c) => c.id.includes('items.email.maxLength'));
  const length = (id: string) => {
    const body = cases.find((c) => c.id === id)!.build({ ...sent });
    return (body.online_conference_attendees as { email: string }[])[0]!.email.length;
  };

  test('254 is accepted, 256 rejected, and nothing is asserted at 255', () => {
    expect(cases.map((c) => [c.id, c.expected.status])).toEqual([
      ['online_conference_attendees.items.email.maxLength.rfc5321', 200],
      ['online_conference_attendees.items.email.maxLength.over', 400],
    ]);
    expect(length('online_conference_attendees.items.email.maxLength.rfc5321')).toBe(254);
    expect(length('online_conference_attendees.items.email.maxLength.over')).toBe(256);
  });

  test('the disagreement is a recorded spec finding', () => {
    const finding = operation.findings.find((f) => f.id === 'email-max-length-beyond-rfc');
    expect(finding?.pointer).toBe(
      '#/components/schemas/CreateOnlineConferenceAttendee/properties/email/maxLength',
    );
    expect(finding?.handling).toMatch(
      /254-character address .*nothing is asserted above 254 up to maxLength \(255\).*256 characters must be rejected/,
    );
  });
});

test.describe('boundary cases name the requirement they verify', () => {
  const cases = new Map(deriveBoundaryCases(operation).map((c) => [c.id, c]));
  const table: [string, string, string[]][] = [
    ['title.maxLength.over', 'request.title.maxLength', ['request.title.maxLength']],
    ['title.required.missing', 'request.title.required', ['request.title.required']],
    [
      'online_conference_attendees.items.email.format.invalid.no-at',
      'request.online_conference_attendees[].email.format',
      ['request.online_conference_attendees[].email.format'],
    ],
    [
      'online_conference_attendees.items.type.null',
      'request.online_conference_attendees[].type',
      ['request.online_conference_attendees[].type'],
    ],
    [
      'title.maxLength.exact',
      'request.title.maxLength',
      ['request.accepts-valid', 'request.title.maxLength'],
    ],
    ['body.minimal', 'request.accepts-valid', ['request.accepts-valid']],
  ];
  for (const [id, requirement, verifies] of table) {
    test(id, () => {
      expect(cases.get(id)?.requirement).toBe(requirement);
      expect(cases.get(id)?.verifies).toEqual(verifies);
    });
  }
});

test.describe('Retry-After: absent is a guess, present is obeyed', () => {
  test('absent waits 1 s; seconds and HTTP-dates as HTTP defines them; nonsense is unusable', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(retryAfterSeconds(undefined, now)).toBe(1);
    expect(retryAfterSeconds(' 7 ', now)).toBe(7);
    expect(retryAfterSeconds('Tue, 01 Dec 2026 10:00:05 GMT', now)).toBe(5);
    expect(retryAfterSeconds('Tue, 01 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('1.5', now)).toBeUndefined();
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
  });
});

test('every convention is a SHOULD with a source, except the RFC MUSTs listed beside them', () => {
  for (const convention of CONVENTIONS) {
    expect(convention.id.startsWith('convention.') ? 'should' : 'must', convention.id).toBe(convention.level);
  }
  expect(CONVENTIONS.map((c) => c.id)).toEqual(
    expect.arrayContaining([
      'convention.error-names-field',
      'convention.retry-after-present',
      'convention.strict-content-type',
      'convention.auth-before-validation',
      'convention.echo-exact-whitespace',
      'convention.server-fields-plausible',
    ]),
  );
});
