import { expect, test } from '@playwright/test';
import { EXIT } from '../../src/report/verdict-words';
import type { Plan } from '../../src/playwright/plan';
import { createReferenceTenant } from '../../src/tenant/tenant';
import { runConformanceCli, tenantEnv } from '../support/cli';
import { countingTenant } from './counting-tenant';

/**
 * A configured tenant is someone's system, whatever its address: on loopback too (a `kubectl port-forward`
 * to staging is a loopback port), it gets private creates and the small fuzz budget unless the user says it
 * is disposable. Proven on the tenant's own store and count, with the fuzz phase alone to keep it short.
 */
test.describe.configure({ mode: 'parallel', timeout: 240_000 });

const FUZZ_ONLY = ['specs/fuzz.spec.ts'];

/** tenantEnv without the settings this test is about: the defaults decide. */
function loopbackEnv(baseUrl: string, extra: Record<string, string>): Record<string, string> {
  const {
    MEETBIT_DISPOSABLE_TENANT: _disposable,
    MEETBIT_FUZZ_REQUESTS: _budget,
    ...env
  } = tenantEnv(baseUrl, { MEETBIT_SEED: '7' });
  return { ...env, ...extra };
}

for (const { optIn, budget, publicCreates } of [
  { optIn: false, budget: 20, publicCreates: false },
  { optIn: true, budget: 200, publicCreates: true },
]) {
  test(`a configured loopback tenant ${optIn ? 'with' : 'without'} MEETBIT_DISPOSABLE_TENANT=1: a fuzz budget of ${budget}, ${publicCreates ? 'public creates allowed' : 'every conference private'}`, async () => {
    const reference = createReferenceTenant();
    const { tenant, seen } = await countingTenant(reference.handle);
    try {
      const env = loopbackEnv(tenant.baseUrl, optIn ? { MEETBIT_DISPOSABLE_TENANT: '1' } : {});
      const listed = await runConformanceCli(env, ['--list', '--json', ...FUZZ_ONLY]);
      expect(listed.code, listed.stderr).toBe(0);
      const plan = JSON.parse(listed.stdout) as Plan;
      expect(plan.disposable).toBe(optIn ? 'opt-in' : 'no');
      expect(plan.requests, 'the preflight and the fuzz budget').toBe(3 + budget);
      expect(plan.conferencesPublicAtMost).toBe(publicCreates ? budget / 2 : 0);

      const run = await runConformanceCli(env, FUZZ_ONLY, 180_000);
      expect(run.code, run.stdout + run.stderr).toBe(EXIT.conforms);
      expect(seen.length, 'the tenant received what the plan said, no more').toBeLessThanOrEqual(
        plan.requests,
      );
      const stored = [...reference.conferences.values()];
      expect(stored.length).toBeGreaterThan(1);
      const publicOnes = stored.filter((conference) => conference.is_public);
      if (publicCreates) expect(publicOnes.length, 'generated creates may be public').toBeGreaterThan(0);
      else expect(publicOnes, 'every conference private').toEqual([]);
      expect(run.report?.settings).toMatchObject({
        disposable: optIn,
        fuzzRequests: budget,
        fuzzPublic: publicCreates,
      });
    } finally {
      await tenant.close();
    }
  });
}
