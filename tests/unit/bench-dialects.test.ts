import { expect, test } from '@playwright/test';
import { DIALECTS } from '../../bench/dialects';
import type { AnnouncedPacing } from '../../bench/loopback';
import { rateLimitSummaryRows } from '../../bench/report-rate-limits';
import { announcingTenant } from '../../bench/tenants';
import { retryAfterSeconds } from '../../src/client/client';
import { readRateLimit } from '../../src/client/rate-budget';
import type { TenantRequest } from '../../src/tenant/tenant';

/** The bench measures what it says: each dialect's tenant is read as meant, and enforces its limit. */
const START = 1_796_284_434_000;
const REQUEST: TenantRequest = {
  method: 'POST',
  url: '/api/public/v2.0/online_conferences',
  headers: {},
  body: '{}',
  bodyTooLarge: false,
  remoteAddress: '127.0.0.1',
};

for (const dialect of DIALECTS) {
  test(`bench dialect ${dialect.id}: read as 120 per 10 s${dialect.unannounced ? ', no window announced' : ''}, 429 past it`, () => {
    let clock = START;
    const tenant = announcingTenant(120, 10, dialect, () => clock);
    const first = tenant.handle(REQUEST);
    const reading = readRateLimit(first.headers, clock / 1000);
    expect(reading.notUnderstood).toEqual([]);
    expect(reading.budget).toMatchObject({ limit: 120, remaining: 119 });
    const { resetSeconds, windowSeconds } = reading.budget!;
    if (dialect.unannounced) {
      expect([resetSeconds, windowSeconds]).toEqual([undefined, undefined]);
    } else {
      expect(resetSeconds).toBeCloseTo(10, 5);
    }

    for (let i = 1; i < 120; i++) tenant.handle(REQUEST);
    clock += 4000;
    const refused = tenant.handle(REQUEST);
    expect(refused.status).toBe(429);
    expect(retryAfterSeconds(refused.headers['retry-after'], clock)).toBeGreaterThanOrEqual(6);
    expect([tenant.throttled(), tenant.mostUsedInAWindow()]).toEqual([1, 120]);

    clock += 6000;
    expect(tenant.handle(REQUEST).status).not.toBe(429);
    expect(tenant.windowStarts()).toEqual([START, START + 10_000]);
  });
}

test.describe('the rate-limit rows of bench/results.md', () => {
  const run = (dialect: string, wallMs: number, extra: Partial<AnnouncedPacing> = {}): AnnouncedPacing => ({
    dialect,
    sentBy: dialect,
    unannounced: false,
    limit: 120,
    windowSeconds: 10,
    run: { wallMs, exitCode: 0, tail: '', startedAt: 0, load1: 0, summary: '' },
    requests: 120,
    throttled: 0,
    mostUsedInAWindow: 59,
    floorSeconds: 20,
    ...extra,
  });

  test('met when every dialect ends within 1.3x its floor with no 429, and the learned window within 1.5x after learning', () => {
    const rows = rateLimitSummaryRows([
      run('github', 25_000),
      run('draft-8', 26_000),
      run('laravel', 44_000, {
        unannounced: true,
        afterSecondReset: { requests: 100, seconds: 20, floorSeconds: 16 },
      }),
    ]);
    expect(rows[0]).toContain('1.30x (draft-8) | ≤ 1.3x: **met**');
    expect(rows[1]).toBe('| same runs: 429s provoked | 0 | 0: **met** |');
    expect(rows[2]).toContain('| 1.25x | ≤ 1.5x: **met** |');
    expect(rows[3]).toContain('| 2.20x; 0 |');
  });

  test('missed on a slow dialect, on any 429, and when the window was never learned', () => {
    const rows = rateLimitSummaryRows([
      run('github', 27_000),
      run('koa-ratelimit', 20_000, { throttled: 2 }),
      run('laravel', 44_000, { unannounced: true }),
    ]);
    expect(rows[0]).toContain('1.35x (github) | ≤ 1.3x: **MISSED**');
    expect(rows[1]).toBe('| same runs: 429s provoked | 2 | 0: **MISSED** |');
    expect(rows[2]).toContain('not learned (fewer than two resets) | ≤ 1.5x: **MISSED**');
  });
});
