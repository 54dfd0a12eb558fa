import { expect, test } from '@playwright/test';
import { Pacer } from '../../src/client/pacer';
import { paceFor, parseRateBudget, type RateBudget } from '../../src/client/rate-budget';
import { describePacing, summarizePacing } from '../../src/report/pacing';

const NOW = 1_790_000_000; // epoch seconds

/** Header sets as tenants send them, and what the suite reads from each. */
const BUDGETS: readonly { name: string; headers: Record<string, string>; budget: RateBudget | undefined }[] =
  [
    { name: 'no rate-limit headers', headers: { 'content-type': 'application/json' }, budget: undefined },
    {
      name: "Laravel's throttle on a 200 (no Reset)",
      headers: { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' },
      budget: { limit: 60, remaining: 59, announcedBy: 'X-RateLimit-*' },
    },
    {
      name: "Laravel's throttle on a 429 (Reset as epoch seconds)",
      headers: {
        'x-ratelimit-limit': '60',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': `${NOW + 42}`,
      },
      budget: {
        limit: 60,
        remaining: 0,
        resetSeconds: 42,
        resetReadAs: 'epoch seconds',
        announcedBy: 'X-RateLimit-*',
      },
    },
    {
      name: 'X-RateLimit-Reset as a delta',
      headers: { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '80', 'x-ratelimit-reset': '7' },
      budget: {
        limit: 100,
        remaining: 80,
        resetSeconds: 7,
        resetReadAs: 'delta seconds',
        announcedBy: 'X-RateLimit-*',
      },
    },
    {
      name: 'IETF draft, separate fields',
      headers: { 'ratelimit-limit': '100', 'ratelimit-remaining': '50', 'ratelimit-reset': '5' },
      budget: {
        limit: 100,
        remaining: 50,
        resetSeconds: 5,
        resetReadAs: 'delta seconds',
        announcedBy: 'RateLimit-*',
      },
    },
    {
      name: 'IETF draft, one dictionary',
      headers: { ratelimit: 'limit=100, remaining=50, reset=5' },
      budget: {
        limit: 100,
        remaining: 50,
        resetSeconds: 5,
        resetReadAs: 'delta seconds',
        announcedBy: 'RateLimit',
      },
    },
    {
      name: 'IETF draft, one dictionary with a policy giving the window',
      headers: { ratelimit: 'limit=100, remaining=50, reset=5', 'ratelimit-policy': '100;w=60, 1000;w=3600' },
      budget: {
        limit: 100,
        remaining: 50,
        resetSeconds: 5,
        resetReadAs: 'delta seconds',
        windowSeconds: 60,
        announcedBy: 'RateLimit',
      },
    },
    {
      name: 'IETF draft, named policies',
      headers: { 'ratelimit-policy': '"default";q=100;w=60', ratelimit: '"default";r=50;t=30' },
      budget: {
        limit: 100,
        remaining: 50,
        resetSeconds: 30,
        resetReadAs: 'delta seconds',
        windowSeconds: 60,
        announcedBy: 'RateLimit-Policy "default"',
      },
    },
    {
      name: 'IETF draft, two named policies: the tighter one counts',
      headers: {
        'ratelimit-policy': '"burst";q=100;w=1, "daily";q=1000;w=86400',
        ratelimit: '"burst";r=90;t=1, "daily";r=600;t=40000',
      },
      budget: {
        limit: 1000,
        remaining: 600,
        resetSeconds: 40000,
        resetReadAs: 'delta seconds',
        windowSeconds: 86400,
        announcedBy: 'RateLimit-Policy "daily"',
      },
    },
    {
      name: 'a policy name that is not plainly a name is not repeated',
      headers: { 'ratelimit-policy': '"<b onclick=x>";q=10;w=1', ratelimit: '"<b onclick=x>";r=9' },
      budget: { limit: 10, remaining: 9, windowSeconds: 1, announcedBy: 'RateLimit-Policy' },
    },
    {
      name: 'a control character is no structured-field string (RFC 9651 §3.3.3): nothing announced',
      headers: { 'ratelimit-policy': '"\u001b[31m";q=10;w=1', ratelimit: '"\u001b[31m";r=9' },
      budget: undefined,
    },
    {
      name: 'remaining above the limit is read as the limit',
      headers: { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '99' },
      budget: { limit: 10, remaining: 10, announcedBy: 'X-RateLimit-*' },
    },
    {
      name: 'a limit of 0 announces nothing usable',
      headers: { 'x-ratelimit-limit': '0', 'x-ratelimit-remaining': '0' },
      budget: undefined,
    },
    {
      name: 'non-numeric values announce nothing',
      headers: { 'x-ratelimit-limit': 'lots', 'x-ratelimit-remaining': '-1' },
      budget: undefined,
    },
    {
      name: 'a limit without remaining announces nothing',
      headers: { 'x-ratelimit-limit': '60' },
      budget: undefined,
    },
  ];

test.describe('reading an announced rate limit', () => {
  for (const { name, headers, budget } of BUDGETS) {
    test(name, () => {
      expect(parseRateBudget(headers, NOW)).toEqual(budget);
    });
  }
});

const DEFAULT = { baseRps: 0.8, explicit: false, workers: 1 };

test.describe('the pace from an announced budget', () => {
  test('nothing announced keeps the default, or the setting', () => {
    expect(paceFor(undefined, DEFAULT)).toMatchObject({ rps: 0.8, source: 'default' });
    expect(paceFor(undefined, { ...DEFAULT, explicit: true, baseRps: 3 })).toMatchObject({
      rps: 3,
      source: 'setting',
    });
  });

  test('a full window: half the limit over the window, less one request per worker', () => {
    const pace = paceFor({ limit: 120, remaining: 120, resetSeconds: 10, announcedBy: 'X' }, DEFAULT);
    expect(pace).toMatchObject({ rps: 5.9, source: 'announced' });
    expect(pace.why).toContain('120 of 120 left');
  });

  test('slows as remaining falls, and waits for the reset at half', () => {
    const at = (remaining: number) =>
      paceFor({ limit: 120, remaining, resetSeconds: 10, announcedBy: 'X' }, { ...DEFAULT, workers: 2 }).rps;
    expect(at(110)).toBeGreaterThan(at(90));
    expect(at(90)).toBeGreaterThan(at(70));
    expect(at(62)).toBe(0);
    expect(paceFor({ limit: 120, remaining: 61, resetSeconds: 4, announcedBy: 'X' }, DEFAULT)).toMatchObject({
      rps: 0,
      waitSeconds: 4,
    });
  });

  test('no reset or window announced: a 60 s window is assumed, and said', () => {
    const pace = paceFor({ limit: 60, remaining: 60, announcedBy: 'X-RateLimit-*' }, DEFAULT);
    expect(pace.rps).toBeCloseTo(29 / 60);
    expect(pace.why).toContain('assumed 60 s');
  });

  test('an explicit MEETBIT_MAX_RPS is a ceiling, never raised by a budget', () => {
    const budget: RateBudget = { limit: 1000, remaining: 1000, resetSeconds: 10, announcedBy: 'X' };
    expect(paceFor(budget, { baseRps: 2, explicit: true, workers: 1 })).toMatchObject({
      rps: 2,
      source: 'setting',
    });
    expect(
      paceFor({ ...budget, limit: 10, remaining: 10 }, { baseRps: 2, explicit: true, workers: 1 }),
    ).toMatchObject({
      source: 'announced',
    });
    expect(paceFor(budget, DEFAULT).rps).toBeGreaterThan(0.8);
  });
});

test('a budget pacer, simulated over windows, never uses more than half of any window', () => {
  // A fixed window of 20 per 2 s, two workers sharing it round-robin on a simulated clock.
  const start = NOW * 1000;
  let clock = start;
  const limit = 20;
  const windowMs = 2000;
  let windowStart = clock;
  let used = 0;
  let mostUsed = 0;
  const workers = [0, 1].map(() =>
    Pacer.fromBudget({ baseRps: 1000, explicit: false, workers: 2 }, () => clock),
  );
  for (let i = 0; i < 200; i++) {
    const pacer = workers[i % 2]!;
    // slot() sleeps in real time; take the slot's time instead and move the clock there.
    clock = Math.max(clock, pacer.reserve());
    if (clock - windowStart >= windowMs) {
      windowStart += Math.floor((clock - windowStart) / windowMs) * windowMs;
      used = 0;
    }
    used++;
    mostUsed = Math.max(mostUsed, used);
    pacer.observe({
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(limit - used),
      'x-ratelimit-reset': String(Math.ceil((windowStart + windowMs) / 1000)),
    });
    clock += 5; // each request takes 5 ms
  }
  expect(mostUsed).toBeLessThanOrEqual(limit / 2);
  // ...and uses most of that half: the pace is not merely slow.
  expect(mostUsed).toBeGreaterThanOrEqual(limit / 2 - 3);
  expect(clock - start).toBeLessThan(100_000); // at least 40 s for 200 requests at 10 per 2 s
});

test('the run reports its pace: an announced budget first, its median, slowest and fastest', () => {
  const pacing = summarizePacing([
    { rps: 1000, source: 'default', why: 'the tenant announced no rate limit; the default pace' },
    { rps: 5.9, source: 'announced', why: 'half of the announced budget (X)' },
    { rps: 12.5, source: 'announced', why: 'near the reset' },
    { rps: 0, source: 'announced', why: 'waiting', waitSeconds: 3 },
  ]);
  expect(pacing).toEqual({
    source: 'announced',
    rps: 5.9,
    slowestRps: 0,
    fastestRps: 12.5,
    why: 'half of the announced budget (X)',
  });
  expect(describePacing(pacing)).toBe(
    'Paced at 5.9 requests/s (from 0 to 12.5), announced: half of the announced budget (X).',
  );
});
