import { expect, test } from '@playwright/test';
import { targetText } from '../../src/report/headline';
import { buildPlan, planTest, renderPlan } from '../../src/playwright/plan';

const a = (type: string, description: string) => ({ type, description });

test('one request per expected status; creates defaults to the expected 200s', () => {
  const planned = planTest({
    project: 'conformance',
    title: 'auth.none: …',
    annotations: [a('case', 'auth.none'), a('expect', '401'), a('expect', '200'), a('expect', '401')],
  });
  expect(planned).toMatchObject({
    caseId: 'auth.none',
    requests: 3,
    expects: ['401', '200', '401'],
    creates: 1,
  });
});

test('a declared request count wins: a fuzz phase declares its budget, a burst its maximum', () => {
  const fuzz = planTest({
    project: 'conformance',
    title: 'fuzz',
    annotations: [a('case', 'fuzz'), a('requests', '50'), a('expect', '400'), a('creates', '0')],
  });
  expect(fuzz).toMatchObject({ requests: 50, creates: 0 });
  const burst = planTest({
    project: 'rate-limit',
    title: 'burst',
    annotations: [
      a('requests', '300'),
      a('expect', '400'),
      a('expect', '429'),
      a('stops-early', 'at the first 429'),
    ],
  });
  expect(burst).toMatchObject({ requests: 300, stopsEarly: 'at the first 429' });
});

const REMOTE_RUN = {
  target: { kind: 'remote', baseUrl: 'https://t.example' },
  runId: 'r',
  shard: null,
  disposable: 'no',
  pace: { rps: 0.8, from: 'default' },
  preflightRequests: 3,
  preflightCreates: 1,
} as const;

test('a skipped test sends and creates nothing; a test that declares nothing is shown, not hidden', () => {
  const plan = buildPlan(
    [
      { project: 'p', title: 'x', annotations: [a('expect', '200')], skipped: 'needs a key' },
      { project: 'p', title: 'y', annotations: [] },
    ],
    { ...REMOTE_RUN, preflightRequests: 3, preflightCreates: 1 },
  );
  expect(plan).toMatchObject({
    requests: 4,
    conferencesCreated: 1,
    summary: { tests: 2, skipped: 1, undeclared: 1 },
  });
  const text = renderPlan(plan);
  expect(text).toContain('skipped: needs a key');
  expect(text).toContain('expects ?');
  expect(text).toContain('1 tests declare no requests');
  expect(text).toContain('Nothing was sent.');
});

test('the target kind is always named; a tenant name never on the bundled tenant', () => {
  expect(targetText({ kind: 'reference', name: 'staging', baseUrl: 'http://127.0.0.1:1' })).toBe(
    'the bundled reference tenant (http://127.0.0.1:1)',
  );
  expect(targetText({ kind: 'remote', name: 'staging', baseUrl: 'https://s.example' })).toBe(
    'configured tenant staging (https://s.example)',
  );
});

test('the plan says how long the paced requests take, which creates may be public, and how the tenant is treated', () => {
  const inputs = [
    { project: 'p', title: 'a', annotations: [a('expect', '200'), a('expect', '400')] },
    {
      project: 'p',
      title: 'fuzz',
      annotations: [a('requests', '10'), a('creates', '10'), a('creates-public', '10')],
    },
    // The burst is unpaced: it counts in the requests, not in the time.
    {
      project: 'p',
      title: 'burst',
      annotations: [a('requests', '300'), a('stops-early', 'at the first 429')],
    },
  ];
  const safe = buildPlan(inputs.slice(0, 1).concat(inputs.slice(2)), REMOTE_RUN);
  expect(safe).toMatchObject({
    requests: 305,
    pacedRequests: 2,
    estimatedSeconds: 3,
    conferencesPublicAtMost: 0,
  });
  expect(renderPlan(safe)).toContain(
    'Conferences created: 2 (1 by the preflight), all private; each public_id starts mbct-r-.',
  );
  expect(renderPlan(safe)).toContain('Time: about 3 s for 2 paced requests at 0.8 requests/s (the default;');
  expect(renderPlan(safe)).toContain("Tenant: someone's system, whatever its address");
  expect(renderPlan(safe)).toContain('MEETBIT_DISPOSABLE_TENANT=1 if it is a throwaway instance.');

  const disposable = buildPlan(inputs, {
    ...REMOTE_RUN,
    disposable: 'opt-in',
    pace: { rps: 2, from: 'MEETBIT_RPS' },
  });
  expect(disposable).toMatchObject({ pacedRequests: 12, estimatedSeconds: 6, conferencesPublicAtMost: 10 });
  const text = renderPlan(disposable);
  expect(text).toContain('private but for up to 10 generated ones that may be public');
  expect(text).toContain(
    'Time: about 6 s for 12 paced requests at 2 requests/s (MEETBIT_RPS), plus start-up.',
  );
  expect(text).toContain('Tenant: disposable (MEETBIT_DISPOSABLE_TENANT=1)');
});
