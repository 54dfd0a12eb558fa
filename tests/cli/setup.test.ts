import { expect, test } from '@playwright/test';
import { EXIT } from '../../src/report/verdict-words';
import { REFERENCE_KEYS } from '../../src/tenant/defaults';
import { createReferenceTenant } from '../../src/tenant/tenant';
import { runConformanceCli, tenantEnv } from '../support/cli';
import { countingTenant } from './counting-tenant';

/**
 * Setup before blame: the user's own mistakes (a wrong account, backer event or key) end as
 * configuration-error, exit 2, naming the setting and quoting the tenant, with no problem attributed to
 * the tenant and no test run. Each is decided by the preflight, in seconds.
 */
test.describe.configure({ mode: 'parallel', timeout: 120_000 });

const MISTAKES: readonly {
  what: string;
  env: Record<string, string>;
  without?: readonly string[];
  names: string;
  quotes: string;
}[] = [
  {
    what: 'an account id the key may not use',
    env: { MEETBIT_ACCOUNT_ID: '9999' },
    names: 'Check MEETBIT_ACCOUNT_ID',
    quotes: 'The selected online conference account id is invalid.',
  },
  {
    what: 'a backer event id that does not exist',
    env: { MEETBIT_BACKER_EVENT_ID: '999' },
    names: 'Check MEETBIT_BACKER_EVENT_ID',
    quotes: 'The selected backer event id is invalid.',
  },
  {
    what: 'a key the tenant knows, without the create permission',
    env: {
      MEETBIT_ACCESS_KEY_ID: REFERENCE_KEYS.restricted.id,
      MEETBIT_ACCESS_KEY_SECRET: REFERENCE_KEYS.restricted.secret,
    },
    // The restricted key is now the one under test: no second one.
    without: ['MEETBIT_RESTRICTED_ACCESS_KEY_ID', 'MEETBIT_RESTRICTED_ACCESS_KEY_SECRET'],
    names: 'the key needs the permission online_conferences.create.*',
    quotes: 'Access denied.',
  },
  {
    what: 'a wrong secret',
    env: { MEETBIT_ACCESS_KEY_SECRET: 'not-the-secret-of-this-key' },
    names: 'check MEETBIT_ACCESS_KEY_ID and MEETBIT_ACCESS_KEY_SECRET',
    quotes: '',
  },
];

for (const mistake of MISTAKES) {
  test(`${mistake.what}: configuration-error, exit 2, the setting named, nothing blamed on the tenant`, async () => {
    const { tenant, seen } = await countingTenant(createReferenceTenant().handle);
    try {
      const env = tenantEnv(tenant.baseUrl, mistake.env);
      for (const name of mistake.without ?? []) delete env[name];
      const run = await runConformanceCli(env);
      expect(run.code, run.stdout + run.stderr).toBe(EXIT.configuration);
      expect(run.stderr).toContain(mistake.names);
      if (mistake.quotes) expect(run.stderr).toContain(JSON.stringify(mistake.quotes));
      expect(run.report).toMatchObject({ verdict: 'configuration-error', stage: 'preflight', problems: [] });
      expect(run.stdout).not.toContain('does not conform');
      // The two probes and, at most, the one valid create: no test ran.
      expect(seen.length).toBeLessThanOrEqual(3);
    } finally {
      await tenant.close();
    }
  });
}
