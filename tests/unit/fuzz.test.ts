import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { TestData } from '../../src/cases/test-data';
import {
  jsonRequestSchema,
  loadSpec,
  operationContract,
  validateAgainst,
  type Exchange,
} from '../../src/contract';
import type { CheckResult } from '../../src/contract';
import { EMAIL_DEFECTS, emailAddress } from '../../src/fuzz/email';
import { invalidBody } from '../../src/fuzz/invalid-body';
import { judgeAccepted, judgeRejected } from '../../src/fuzz/judge';
import { Budget, fuzz } from '../../src/fuzz/run';
import { fuzzPlan, publicEchoNotVerified } from '../../src/fuzz/phases';
import { trimmed } from '../../src/fuzz/strings';
import { materialize, validBody, type Body, type BodyPlan } from '../../src/fuzz/valid-body';
import { API_BASE_PATH, REFERENCE_KEYS } from '../../src/tenant/defaults';
import { createReferenceTenant, type Handler } from '../../src/tenant/tenant';

const operation = operationContract(await loadSpec(), 'post', '/online_conferences');
const root = jsonRequestSchema(operation).schema;
const plan: BodyPlan = {
  tenantValues: {
    online_conference_account_id: fc.constant(1001),
    backer_event_id: fc.constantFrom(null, 501),
  },
  labelField: 'public_id',
};
const SEEDS = [1, 2, 3, 42, -7];

test('every generated valid body validates against the request schema', () => {
  const testData = new TestData('20261124070000-abc123', 0, 1001);
  // Plain checks collected, one expect at the end: each Playwright expect is a step with a stack capture.
  const wrong: string[] = [];
  for (const seed of SEEDS) {
    for (const template of fc.sample(validBody(root, plan), { seed, numRuns: 300 })) {
      const body = materialize(template, plan, testData.publicId());
      const errors = validateAgainst(root, body);
      if (
        errors.length > 0 ||
        body.online_conference_account_id !== 1001 ||
        !/^mbct-20261124070000-abc123-w0-\d+/.test(String(body.public_id))
      )
        wrong.push(`${JSON.stringify(body).slice(0, 300)}: ${JSON.stringify(errors.map((e) => e.message))}`);
    }
  }
  expect(wrong).toEqual([]);
});

test('generated strings reach what frameworks treat specially: empty, control, whitespace ends, astral, combining', () => {
  const titles = fc
    .sample(validBody(root, plan), { seed: 1, numRuns: 500 })
    .map((body) => body.title as string);
  expect(titles).toContain('');
  expect(titles.some((t) => [...t].some((c) => c.charCodeAt(0) < 0x20))).toBe(true);
  expect(titles.some((t) => t !== '' && trimmed(t) !== t)).toBe(true);
  expect(titles.some((t) => /[\u{10000}-\u{10ffff}]/u.test(t))).toBe(true);
  expect(titles.some((t) => /[\u0300-\u036f]/.test(t))).toBe(true);
  expect(titles.some((t) => [...t].length > 200)).toBe(true);
});

test('is_public is generated both ways unless pinned', () => {
  const values = (p: BodyPlan) =>
    new Set(fc.sample(validBody(root, p), { seed: 3, numRuns: 50 }).map((b) => b.is_public));
  expect(values(plan)).toEqual(new Set([true, false]));
  expect(values({ ...plan, pinned: { is_public: false } })).toEqual(new Set([false]));
});

test('every generated invalid body breaks exactly the constraint it names, at its place', () => {
  const testData = new TestData('20261124070000-abc123', 0, 1001);
  const seen = new Set<string>();
  const wrong: string[] = [];
  for (const seed of SEEDS) {
    for (const { body: template, violation } of fc.sample(invalidBody(root, plan), { seed, numRuns: 300 })) {
      const body = materialize(template, plan, testData.publicId());
      const errors = validateAgainst(root, body);
      const [only] = errors;
      const exact =
        errors.length === 1 &&
        only!.keyword === violation.keyword &&
        only!.instancePath === violation.instancePath &&
        (only!.keyword !== 'required' ||
          only!.params.missingProperty === violation.field.split('.').at(-1)) &&
        (body.is_public === false || violation.field === 'is_public');
      if (!exact)
        wrong.push(
          `${violation.requirement}: ${JSON.stringify(body).slice(0, 300)} ${JSON.stringify(errors.map((e) => [e.keyword, e.instancePath]))}`,
        );
      seen.add(violation.requirement);
    }
  }
  expect(wrong).toEqual([]);
  // Random places and depths: attendee items as well as the root.
  expect([...seen].filter((id) => id.includes('[]')).length).toBeGreaterThan(3);
  expect(seen).toContain('request.online_conference_attendees[].email.format');
  expect(seen).toContain('request.public_id.pattern');
  expect(seen).toContain('request.online_conference_attendees.maxItems');
});

test('generated addresses are in the zone every common validator accepts, and each defect leaves it', () => {
  const agreed =
    /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)*example\.(com|org|net)$/;
  const wrong: string[] = [];
  for (const address of fc.sample(emailAddress, { seed: 5, numRuns: 500 })) {
    if (!agreed.test(address) || address.length > 254 || address.split('@')[0]!.length > 64)
      wrong.push(address);
    for (const [name, defect] of Object.entries(EMAIL_DEFECTS))
      if (agreed.test(defect(address, 0.5))) wrong.push(`${name}: ${defect(address, 0.5)}`);
  }
  expect(wrong).toEqual([]);
});

// The runner against the reference tenant in process: no false positive, and a defect is found and shrunk.
function inProcess(handler: Handler) {
  return (body: Body): Exchange => {
    const response = handler({
      method: 'POST',
      url: `${API_BASE_PATH}/online_conferences`,
      headers: {
        'content-type': 'application/json',
        'x-access-key-id': REFERENCE_KEYS.full.id,
        'x-access-key-secret': REFERENCE_KEYS.full.secret,
      },
      body: JSON.stringify(body),
      bodyTooLarge: false,
      remoteAddress: '127.0.0.1',
    });
    return {
      request: {
        method: 'POST',
        url: 'http://127.0.0.1/online_conferences',
        headers: {},
        body: JSON.stringify(body),
      },
      response,
      durationMs: 0,
    };
  };
}

async function fuzzAccepting(handler: Handler, seed: number, requests: number) {
  const send = inProcess(handler);
  const testData = new TestData('20261124070000-abc123', 0, 1001);
  return fuzz({
    arbitrary: validBody(root, plan),
    seed,
    budget: new Budget(requests),
    attempt: async (template) => {
      const body = materialize(template, plan, testData.publicId());
      const exchange = send(body);
      return Promise.resolve({ exchange, judged: judgeAccepted(operation, exchange, body, 'public_id') });
    },
  });
}

test('no false positive: the reference tenant passes both phases under several seeds', async () => {
  for (const seed of SEEDS.slice(0, 3)) {
    const accepted = await fuzzAccepting(createReferenceTenant({ rateLimit: null }).handle, seed, 100);
    expect(
      accepted.problems.map((p) => p.failures[0]!.requirement),
      `seed ${seed}`,
    ).toEqual([]);
    const send = inProcess(createReferenceTenant({ rateLimit: null }).handle);
    const testData = new TestData('20261124070000-abc123', 1, 1001);
    const rejected = await fuzz({
      arbitrary: invalidBody(root, plan),
      seed,
      budget: new Budget(100),
      attempt: async ({ body, violation }) => {
        const exchange = send(materialize(body, plan, testData.publicId()));
        return Promise.resolve({ exchange, judged: judgeRejected(operation, exchange, violation) });
      },
    });
    expect(
      rejected.problems.map((p) => p.failures[0]!.requirement),
      `seed ${seed}`,
    ).toEqual([]);
    expect(rejected.requests).toBe(100);
  }
});

test('a defect is found, shrunk to a small input within the budget, and reported once', async () => {
  // Drops astral characters from titles, as a utf8mb3 column would.
  const reference = createReferenceTenant({ rateLimit: null }).handle;
  const faulty: Handler = (request) => {
    const response = reference(request);
    if (response.status !== 200) return response;
    const parsed = JSON.parse(response.body) as { data: { title: string } };
    parsed.data.title = parsed.data.title.replace(/[\u{10000}-\u{10ffff}]/gu, '');
    return { ...response, body: JSON.stringify(parsed) };
  };
  const outcome = await fuzzAccepting(faulty, 1, 100);
  expect(outcome.requests).toBeLessThanOrEqual(100);
  expect(outcome.problems).toHaveLength(1);
  const [problem] = outcome.problems;
  expect(problem!.failures.map((f) => f.requirement)).toEqual(['echo.title']);
  expect([...(problem!.input.title as string)].length).toBeLessThanOrEqual(3);
});

test('judging a valid body: framework trimming and empty strings are warnings, anything else a failure', () => {
  const exchangeFor = (sent: Body, status: number, body: unknown): Exchange => ({
    request: { method: 'POST', url: 'http://127.0.0.1/x', headers: {}, body: JSON.stringify(sent) },
    response: { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    durationMs: 0,
  });
  const sent = { online_conference_account_id: 1001, public_id: 'mbct-x', title: ' Board ', is_public: true };
  const created = (data: Body) => ({
    message: 'ok',
    data: {
      id: 1,
      ...sent,
      backer_event_id: null,
      is_occurred: false,
      started_at: null,
      ended_at: null,
      deleted_at: null,
      created_at: '2026-12-01T10:00:00Z',
      updated_at: '2026-12-01T10:00:00Z',
      ...data,
    },
  });
  const levels = (judged: CheckResult) => judged.failures.map((j) => `${j.requirement}:${j.level}`);
  expect(levels(judgeAccepted(operation, exchangeFor(sent, 200, created({})), sent, 'public_id'))).toEqual(
    [],
  );
  expect(
    levels(judgeAccepted(operation, exchangeFor(sent, 200, created({ title: 'Board' })), sent, 'public_id')),
  ).toEqual(['convention.echo-exact-whitespace:should']);
  expect(
    levels(judgeAccepted(operation, exchangeFor(sent, 200, created({ title: 'Bo' })), sent, 'public_id')),
  ).toEqual(['echo.title:must']);
  expect(
    levels(
      judgeAccepted(operation, exchangeFor(sent, 200, created({ is_public: false })), sent, 'public_id'),
    ),
  ).toEqual(['echo.is_public:must']);
  const empty = { ...sent, title: '  ' };
  const required = { message: 'invalid', errors: { title: ['The title field is required.'] } };
  expect(levels(judgeAccepted(operation, exchangeFor(empty, 400, required), empty, 'public_id'))).toEqual([
    'convention.empty-string-kept:should',
  ]);
  expect(levels(judgeAccepted(operation, exchangeFor(sent, 400, required), sent, 'public_id'))).toEqual([
    'request.accepts-valid:must',
  ]);
});

test('every convention the fuzz judge names is in the catalogue', async () => {
  const { CONVENTIONS } = await import('../../src/contract');
  const source = (await import('node:fs')).readFileSync('src/fuzz/judge.ts', 'utf8');
  const named = [...source.matchAll(/'(convention\.[a-z-]+)'/g)].map((m) => m[1]);
  expect(named.length).toBeGreaterThan(3);
  for (const id of named) expect(CONVENTIONS.map((c) => c.id)).toContain(id);
});

test('the accepting half says why echo.is_public=true was not verified, and nothing once it was', () => {
  const none = { sent: 0, accepted: 0, echoed: 0 };
  expect(publicEchoNotVerified(none, 100, false)).toBe('echo.is_public=true: set MEETBIT_FUZZ_PUBLIC=1');
  expect(publicEchoNotVerified(none, 100, true)).toContain('none of the 100 generated bodies');
  expect(publicEchoNotVerified({ ...none, sent: 7 }, 100, true)).toContain('none of the 7 generated creates');
  expect(publicEchoNotVerified({ ...none, sent: 7, accepted: 3 }, 100, true)).toContain(
    '3 generated creates with is_public true were accepted, none echoed it',
  );
  expect(publicEchoNotVerified({ sent: 7, accepted: 3, echoed: 1 }, 100, false)).toBeUndefined();
});

test('the fuzz plan pins is_public to false unless public creates are allowed', () => {
  expect(fuzzPlan({ accountId: 7, fuzzPublic: false }).pinned).toEqual({ is_public: false });
  expect(fuzzPlan({ accountId: 7, fuzzPublic: true }).pinned).toBeUndefined();
  const [account] = fc.sample(
    fuzzPlan({ accountId: 7, fuzzPublic: true }).tenantValues.online_conference_account_id!,
    1,
  );
  expect(account).toBe(7);
});
