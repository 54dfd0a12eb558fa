import { expect, test } from '@playwright/test';
import { Pacer } from '../../src/client/pacer';
import { paceFor, readRateLimit, readReset, type RateBudget } from '../../src/client/rate-budget';

/** Epoch seconds of the examples: koa-ratelimit's reset below is 10.2 s after it. */
const NOW = 1_796_284_434;
const DEFAULT = { baseRps: 0.8, explicit: false, workers: 1 };

/**
 * Each dialect as its library sends it (shapes from their sources: express-rate-limit `source/headers.ts`,
 * @nestjs/throttler `throttler.guard.ts`, koa-ratelimit `limiter/memory.js`, Laravel's ThrottleRequests,
 * GitHub's REST API), for a tenant allowing 120 requests per 10 s with 119 left, and what the suite reads.
 */
const DIALECTS: readonly {
  readonly name: string;
  readonly headers: Record<string, string>;
  readonly budget: Partial<RateBudget>;
}[] = [
  {
    name: 'express-rate-limit, legacy headers (Reset: ceiled epoch seconds, with Date)',
    headers: {
      date: 'Sat, 01 Dec 2026 10:07:14 GMT',
      'x-ratelimit-limit': '120',
      'x-ratelimit-remaining': '119',
      'x-ratelimit-reset': String(NOW + 10),
    },
    budget: { resetSeconds: 10, resetReadAs: 'epoch seconds', announcedBy: 'X-RateLimit-*' },
  },
  {
    name: 'GitHub (Used beside Remaining, Reset as epoch seconds, the resource counted)',
    headers: {
      'x-ratelimit-limit': '120',
      'x-ratelimit-remaining': '119',
      'x-ratelimit-used': '1',
      'x-ratelimit-reset': String(NOW + 10),
      'x-ratelimit-resource': 'core',
    },
    budget: { resetSeconds: 10, resetReadAs: 'epoch seconds', announcedBy: 'X-RateLimit-*' },
  },
  {
    name: 'X-RateLimit-Used without Remaining: Remaining is Limit − Used',
    headers: { 'x-ratelimit-limit': '120', 'x-ratelimit-used': '1', 'x-ratelimit-reset': '10' },
    budget: { resetSeconds: 10, resetReadAs: 'delta seconds', announcedBy: 'X-RateLimit-*' },
  },
  {
    name: 'koa-ratelimit (Reset: fractional epoch seconds)',
    headers: {
      'x-ratelimit-remaining': '119',
      'x-ratelimit-reset': '1796284444.206626',
      'x-ratelimit-limit': '120',
    },
    budget: { resetReadAs: 'fractional epoch seconds', announcedBy: 'X-RateLimit-*' },
  },
  {
    name: 'Reset as epoch milliseconds (a Date.getTime() sent as is)',
    headers: {
      'x-ratelimit-limit': '120',
      'x-ratelimit-remaining': '119',
      'x-ratelimit-reset': String((NOW + 10) * 1000),
    },
    budget: { resetSeconds: 10, resetReadAs: 'epoch milliseconds', announcedBy: 'X-RateLimit-*' },
  },
  {
    name: 'Reset as a JavaScript Date (rate-limiter-flexible README)',
    headers: {
      'x-ratelimit-limit': '120',
      'x-ratelimit-remaining': '119',
      'x-ratelimit-reset': new Date((NOW + 10) * 1000).toString(),
    },
    budget: { resetSeconds: 10, resetReadAs: 'a date', announcedBy: 'X-RateLimit-*' },
  },
  {
    name: '@nestjs/throttler, default throttler (Reset: delta seconds)',
    headers: { 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '119', 'x-ratelimit-reset': '10' },
    budget: { resetSeconds: 10, resetReadAs: 'delta seconds', announcedBy: 'X-RateLimit-*' },
  },
  {
    name: '@nestjs/throttler, named throttlers (`-<name>` suffix): the tighter one',
    headers: {
      'x-ratelimit-limit-long': '1000',
      'x-ratelimit-remaining-long': '999',
      'x-ratelimit-reset-long': '60',
      'x-ratelimit-limit-short': '120',
      'x-ratelimit-remaining-short': '119',
      'x-ratelimit-reset-short': '10',
    },
    budget: { resetSeconds: 10, resetReadAs: 'delta seconds', announcedBy: 'X-RateLimit-* "short"' },
  },
  {
    name: 'Laravel throttle on a 200 (Limit and Remaining only: no reset, no window)',
    headers: { 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '119' },
    budget: { announcedBy: 'X-RateLimit-*' },
  },
  {
    name: 'X (Twitter) API: X-Rate-Limit-* with epoch seconds',
    headers: {
      'x-rate-limit-limit': '120',
      'x-rate-limit-remaining': '119',
      'x-rate-limit-reset': String(NOW + 10),
    },
    budget: { resetSeconds: 10, resetReadAs: 'epoch seconds', announcedBy: 'X-Rate-Limit-*' },
  },
  {
    name: 'Discord (Reset-After: fractional delta, preferred to the epoch Reset; the bucket counted)',
    headers: {
      'x-ratelimit-limit': '120',
      'x-ratelimit-remaining': '119',
      'x-ratelimit-reset': '1796284444.5',
      'x-ratelimit-reset-after': '10',
      'x-ratelimit-bucket': 'abcd1234',
    },
    budget: { resetSeconds: 10, resetReadAs: 'delta seconds', announcedBy: 'X-RateLimit-*' },
  },
  {
    name: "GitLab (RateLimit-* with an epoch Reset, Observed for Used, ResetTime as a date, the throttle's name)",
    headers: {
      'ratelimit-name': 'throttle_authenticated_api',
      'ratelimit-limit': '120',
      'ratelimit-observed': '1',
      'ratelimit-remaining': '119',
      'ratelimit-reset': String(NOW + 10),
      'ratelimit-resettime': new Date((NOW + 10) * 1000).toUTCString(),
    },
    budget: { resetSeconds: 10, resetReadAs: 'epoch seconds', announcedBy: 'RateLimit-*' },
  },
  {
    name: 'express-rate-limit, draft-6 (RateLimit-* with RateLimit-Policy)',
    headers: {
      'ratelimit-policy': '120;w=10',
      'ratelimit-limit': '120',
      'ratelimit-remaining': '119',
      'ratelimit-reset': '10',
    },
    budget: {
      resetSeconds: 10,
      resetReadAs: 'delta seconds',
      windowSeconds: 10,
      announcedBy: 'RateLimit-*',
    },
  },
  {
    name: 'draft-polli-03 / draft-ietf-00: the policy inside RateLimit-Limit',
    headers: { 'ratelimit-limit': '120, 120;w=10', 'ratelimit-remaining': '119', 'ratelimit-reset': '10' },
    budget: {
      resetSeconds: 10,
      resetReadAs: 'delta seconds',
      windowSeconds: 10,
      announcedBy: 'RateLimit-*',
    },
  },
  {
    name: 'express-rate-limit, draft-7 (one RateLimit dictionary)',
    headers: { 'ratelimit-policy': '120;w=10', ratelimit: 'limit=120, remaining=119, reset=10' },
    budget: { resetSeconds: 10, resetReadAs: 'delta seconds', windowSeconds: 10, announcedBy: 'RateLimit' },
  },
  {
    name: 'express-rate-limit, draft-8 (named policy, partition key as a byte sequence)',
    headers: {
      'ratelimit-policy': '"120-in-10sec"; q=120; w=10; pk=:ZjM1YzhlYmE0ZWIz:',
      ratelimit: '"120-in-10sec"; r=119; t=10',
    },
    budget: {
      resetSeconds: 10,
      resetReadAs: 'delta seconds',
      windowSeconds: 10,
      announcedBy: 'RateLimit-Policy "120-in-10sec"',
    },
  },
  {
    name: 'express-rate-limit, legacy and draft-8 together: one budget, whichever leaves less',
    headers: {
      'x-ratelimit-limit': '120',
      'x-ratelimit-remaining': '119',
      'x-ratelimit-reset': String(NOW + 11),
      'ratelimit-policy': '"120-in-10sec"; q=120; w=10',
      ratelimit: '"120-in-10sec"; r=119; t=10',
    },
    budget: { resetSeconds: 11, resetReadAs: 'epoch seconds', announcedBy: 'X-RateLimit-*' },
  },
];

test.describe('every common rate-limit dialect', () => {
  for (const { name, headers, budget } of DIALECTS) {
    test(name, () => {
      const reading = readRateLimit(headers, NOW);
      expect(reading.notUnderstood).toEqual([]);
      expect(reading.budget).toMatchObject({ limit: 120, remaining: 119, ...budget });
      if (budget.resetSeconds === undefined && budget.resetReadAs) {
        expect(reading.budget!.resetSeconds).toBeCloseTo(10.206626, 5);
      }
      // Each reaches a pace: half the budget of a fresh window, said with how the reset was read.
      const pace = paceFor(reading.budget, DEFAULT);
      expect(pace.source).toBe('announced');
      if (budget.resetReadAs) expect(pace.why).toContain(`reset read as ${budget.resetReadAs}`);
    });
  }

  test('119 of 120 left for 10 s, in any dialect that says the reset: (119 − 60 − 1) / 10 = 5.8 requests/s', () => {
    for (const { headers } of DIALECTS.filter((d) => d.budget.resetSeconds === 10)) {
      expect(paceFor(readRateLimit(headers, NOW).budget, DEFAULT).rps).toBeCloseTo(5.8, 5);
    }
  });
});

test.describe('the magnitude rule for a reset', () => {
  const CASES: readonly [string, number, number, string][] = [
    ['a small delta', 7, 7, 'delta seconds'],
    ['an hour as a delta', 3600, 3600, 'delta seconds'],
    ['thirty days as a delta', 30 * 86400, 30 * 86400, 'delta seconds'],
    ['integer epoch seconds', NOW + 42, 42, 'epoch seconds'],
    ['fractional epoch seconds', NOW + 42.5, 42.5, 'fractional epoch seconds'],
    ['epoch seconds in the past (a reset already passed)', NOW - 3, 0, 'epoch seconds'],
    ['epoch milliseconds', (NOW + 42) * 1000, 42, 'epoch milliseconds'],
    ['epoch milliseconds with a fraction', (NOW + 42) * 1000 + 0.5, 42.0005, 'epoch milliseconds'],
    ['epoch milliseconds in the past', (NOW - 3) * 1000, 0, 'epoch milliseconds'],
  ];
  for (const [what, value, seconds, readAs] of CASES) {
    test(`${what}: ${value} is ${seconds} s, read as ${readAs}`, () => {
      const reading = readReset(value, NOW);
      expect(reading.readAs).toBe(readAs);
      expect(reading.seconds).toBeCloseTo(seconds, 3);
    });
  }

  test('the rule follows the clock, not a fixed year', () => {
    // In 2001 an epoch second was ~1e9; a delta of 4e8 s is still no delta then.
    expect(readReset(1_000_000_042, 1_000_000_000)).toEqual({ seconds: 42, readAs: 'epoch seconds' });
    expect(readReset(600_000_000, 1_000_000_000).readAs).toBe('epoch seconds');
    expect(readReset(400_000_000, 1_000_000_000).readAs).toBe('delta seconds');
  });
});

test.describe('rate-limit headers present but not understood are named', () => {
  test('a Reset that is no number keeps the budget and names the header', () => {
    const reading = readRateLimit(
      { 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '119', 'x-ratelimit-reset': 'soon' },
      NOW,
    );
    expect(reading.budget).toMatchObject({ limit: 120, remaining: 119 });
    expect(reading.budget?.resetSeconds).toBeUndefined();
    expect(reading.notUnderstood).toEqual(['x-ratelimit-reset']);
    expect(paceFor(reading.budget, DEFAULT, reading.notUnderstood)).toMatchObject({
      source: 'announced',
      notUnderstood: ['x-ratelimit-reset'],
      why: expect.stringContaining('rate-limit headers not understood: x-ratelimit-reset'),
    });
  });

  test('nothing usable: the default pace, and the reason is said', () => {
    const reading = readRateLimit(
      { 'x-ratelimit-limit': '60', 'x-ratelimit-quota': 'plenty', 'ratelimit-limit': '-5' },
      NOW,
    );
    expect(reading).toEqual({
      notUnderstood: ['ratelimit-limit', 'x-ratelimit-limit', 'x-ratelimit-quota'],
    });
    expect(paceFor(reading.budget, DEFAULT, reading.notUnderstood)).toEqual({
      rps: 0.8,
      source: 'default',
      why:
        "the tenant's rate-limit headers announce no budget the suite understands (not understood: " +
        'ratelimit-limit, x-ratelimit-limit, x-ratelimit-quota); the default pace',
      notUnderstood: ['ratelimit-limit', 'x-ratelimit-limit', 'x-ratelimit-quota'],
    });
  });

  test('a malformed structured field is not understood (RFC 9651 parsing fails closed)', () => {
    expect(
      readRateLimit({ ratelimit: 'limit=120, remaining=119, reset=', 'ratelimit-policy': '120;w=10' }, NOW),
    ).toEqual({
      notUnderstood: ['ratelimit', 'ratelimit-policy'],
    });
  });

  test('a policy counting something else than requests is no request budget', () => {
    const reading = readRateLimit(
      { 'ratelimit-policy': '"bytes";q=1000000;qu="content-bytes";w=60', ratelimit: '"bytes";r=10;t=5' },
      NOW,
    );
    expect(reading.budget).toBeUndefined();
  });

  test('at most ten are named, the rest counted', () => {
    const headers = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [`x-ratelimit-extra-${String(i).padStart(3, '0')}`, '1']),
    );
    const { notUnderstood } = readRateLimit(headers, NOW);
    expect(notUnderstood).toHaveLength(11);
    expect(notUnderstood.at(-1)).toBe('490 more');
  });

  test('other headers are none of its business', () => {
    expect(
      readRateLimit({ 'content-type': 'application/json', 'retry-after': '5', 'x-request-id': 'r1' }, NOW),
    ).toEqual({ notUnderstood: [] });
  });

  test('the pacer says it in its pace, which reaches the report (pacing.why, notUnderstood)', () => {
    const pacer = Pacer.fromBudget(DEFAULT, () => NOW * 1000);
    pacer.observe({ 'x-ratelimit-limit': '60', 'content-type': 'application/json' });
    expect(pacer.pace).toMatchObject({ rps: 0.8, source: 'default', notUnderstood: ['x-ratelimit-limit'] });
  });
});

test.describe('MEETBIT_RPS: the pace the user sets', () => {
  const misread = { limit: 120, remaining: 119, resetSeconds: 1000, announcedBy: 'X-RateLimit-*' };

  test('overrides an announced budget, and says what it overrode', () => {
    const pace = paceFor(misread, { ...DEFAULT, pinnedRps: 5 });
    expect(pace).toMatchObject({ rps: 5, source: 'setting' });
    expect(pace.why).toBe(
      'MEETBIT_RPS=5, not the announced budget (X-RateLimit-*: 119 of 120 left, reset in 1000 s)',
    );
  });

  test('overrides the default, and never waits for a reset', () => {
    expect(paceFor(undefined, { ...DEFAULT, pinnedRps: 3 })).toEqual({
      rps: 3,
      source: 'setting',
      why: 'MEETBIT_RPS=3',
    });
    expect(paceFor({ ...misread, remaining: 0 }, { ...DEFAULT, pinnedRps: 3 })).toMatchObject({ rps: 3 });
  });

  test('an explicit MEETBIT_MAX_RPS stays the ceiling', () => {
    expect(paceFor(undefined, { baseRps: 2, explicit: true, workers: 1, pinnedRps: 5 })).toMatchObject({
      rps: 2,
      why: 'MEETBIT_RPS=5, below MEETBIT_MAX_RPS=2',
    });
  });

  test('a pinned pacer spaces requests at the set pace whatever the tenant announces', () => {
    let clock = NOW * 1000;
    const pacer = Pacer.fromBudget({ ...DEFAULT, pinnedRps: 4 }, () => clock);
    const slots: number[] = [];
    for (let i = 0; i < 5; i++) {
      clock = pacer.reserve();
      slots.push(clock);
      pacer.observe({
        'x-ratelimit-limit': '120',
        'x-ratelimit-remaining': '1',
        'x-ratelimit-reset': '3600',
      });
    }
    expect(slots.slice(1).map((at, i) => at - slots[i]!)).toEqual([250, 250, 250, 250]);
  });
});
