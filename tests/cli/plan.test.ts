import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { EXIT } from '../../src/report/verdict-words';
import type { Plan } from '../../src/playwright/plan';
import { BURST_INSTANCE_LIMIT, createReferenceTenant } from '../../src/tenant/tenant';
import { CORRECT_TENANTS } from '../selftest/correct-tenants';
import { runConformanceCli, tenantEnv } from '../support/cli';
import { countingTenant } from './counting-tenant';

/**
 * The plan (`--list --json`) is what a run sends and creates: proven against the tenant's own count,
 * on the reference tenant and on a second, differently built conforming tenant.
 */
// Each runs the CLI, some the whole suite: bounded by the CLI's own timeouts, generous on a busy machine.
test.describe.configure({ mode: 'parallel', timeout: 240_000 });

async function planOf(env: Record<string, string>, args: readonly string[] = []): Promise<Plan> {
  const listed = await runConformanceCli(env, ['--list', '--json', ...args]);
  expect(listed.code, listed.stderr).toBe(0);
  return JSON.parse(listed.stdout) as Plan;
}

function createdIn(reportsDir: string): { public_id: string }[] {
  return (
    JSON.parse(readFileSync(path.join(reportsDir, 'created.json'), 'utf8')) as {
      conferences: { public_id: string }[];
    }
  ).conferences;
}

test('on the reference tenant: the plan totals are what the tenant received and what created.json lists', async () => {
  const reference = createReferenceTenant();
  const { tenant, seen } = await countingTenant(reference.handle);
  // As global setup does, the burst gets an instance of its own, so emptying its bucket throttles no other test.
  const burstTenant = await countingTenant(createReferenceTenant({ rateLimit: BURST_INSTANCE_LIMIT }).handle);
  try {
    // The bundled tenant, served by this test so that it can count (the seam global setup uses).
    const env = {
      MEETBIT_REFERENCE_TENANT_URL: tenant.baseUrl,
      MEETBIT_REFERENCE_BURST_URL: burstTenant.tenant.baseUrl,
      MEETBIT_RUN_ID: 'plan-reference',
    };
    const plan = await planOf(env);
    expect(seen, '--list sends nothing').toHaveLength(0);
    expect(plan.target.kind).toBe('reference');
    expect(plan.preflightRequests).toBe(0);
    const burst = plan.tests.find((t) => t.caseId === 'rate-limit.burst');
    expect(burst?.stopsEarly).toBe('at the first 429');

    const run = await runConformanceCli(env, [], 120_000);
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.conforms);
    // A quiet console: the seed once, at most one progress line per 10 s of the run (none under 10 s).
    const seed = String((run.report?.fuzz as { seed: number }).seed);
    const seedAsNumber = new RegExp(`(?<![\\d-])${seed}(?!\\d)`, 'g');
    expect(run.stdout.match(seedAsNumber), `the seed ${seed} once:\n${run.stdout}`).toHaveLength(1);
    const progress = run.stdout.split('\n').filter((line) => line.startsWith('Progress:'));
    expect(progress.length).toBeLessThanOrEqual(Math.floor(run.wallMs / 10_000));
    // The burst stops at the reference tenant's first 429; the plan counts its maximum.
    expect(
      seen.filter((r) => r.title?.includes('rate-limit.burst')),
      'the burst goes to its own instance',
    ).toEqual([]);
    const burstSent = burstTenant.seen.length;
    expect(burstSent).toBeGreaterThan(0);
    expect(burstSent).toBeLessThanOrEqual(burst!.requests);
    expect(seen.length).toBe(plan.requests - burst!.requests);
    const limited = seen.filter((r) => r.status === 429);
    expect(
      limited.every((r) => r.title?.includes('rate-limit.burst')),
      'no 429 outside the burst',
    ).toBe(true);
    expect(createdIn(run.reportsDir)).toHaveLength(plan.conferencesCreated);
    expect(reference.conferences.size).toBe(plan.conferencesCreated);
  } finally {
    await tenant.close();
    await burstTenant.tenant.close();
  }
});

test('on a second conforming tenant at MEETBIT_BASE_URL: the plan is exact, preflight included', async () => {
  const variant = CORRECT_TENANTS.find((t) => t.name === 'second-correct')!;
  const reference = createReferenceTenant(variant.options);
  const { tenant, seen } = await countingTenant(variant.wrap!(reference.handle));
  try {
    const env = tenantEnv(tenant.baseUrl, { MEETBIT_RUN_ID: 'plan-second' });
    const plan = await planOf(env);
    expect(seen, '--list sends nothing').toHaveLength(0);
    expect(plan.preflightRequests).toBe(3);
    expect(plan.summary.undeclared, 'every test declares its requests').toBe(0);
    expect(plan.tests.find((t) => t.caseId === 'rate-limit.burst')?.skipped).toContain(
      'MEETBIT_ALLOW_RATE_LIMIT_TEST',
    );

    const run = await runConformanceCli(env, [], 120_000);
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.conforms);
    expect(seen).toHaveLength(plan.requests);
    expect(createdIn(run.reportsDir)).toHaveLength(plan.conferencesCreated);
    expect(reference.conferences.size).toBe(plan.conferencesCreated);
  } finally {
    await tenant.close();
  }
});

test('the plan follows settings and filters: no restricted key, a file filter', async () => {
  const base = tenantEnv('http://127.0.0.1:9/api/public/v2.0');
  const {
    MEETBIT_RESTRICTED_ACCESS_KEY_ID: _id,
    MEETBIT_RESTRICTED_ACCESS_KEY_SECRET: _s,
    ...noRestricted
  } = base;
  const full = await planOf(base);
  const without = await planOf(noRestricted);
  const permissions = without.tests.find((t) => t.caseId === 'permissions.restricted');
  expect(permissions?.skipped).toContain('MEETBIT_RESTRICTED_ACCESS_KEY_ID');
  expect(full.requests - without.requests).toBe(2);
  expect(full.conferencesCreated - without.conferencesCreated).toBe(1);
  const bodies = await planOf(base, ['specs/bodies.spec.ts']);
  // The rate-limit teardown is listed too (Playwright runs it with any filter), skipped here.
  const running = bodies.tests.filter((t) => t.skipped === undefined);
  expect(running.length).toBeGreaterThan(0);
  expect(running.every((t) => t.caseId.startsWith('body.'))).toBe(true);
  expect(bodies.requests).toBe(3 + running.length);
  expect(bodies.conferencesCreated, "the preflight's one valid create").toBe(1);
});
