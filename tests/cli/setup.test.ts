import { expect, test } from '@playwright/test';
import { EXIT } from '../../src/report/verdict-words';
import { REFERENCE_ACCOUNT_IDS, REFERENCE_KEYS } from '../../src/tenant/defaults';
import { createReferenceTenant, type Handler } from '../../src/tenant/tenant';
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

test('https:// on a port that speaks plain HTTP: configuration-error, exit 2, naming MEETBIT_BASE_URL, not a certificate', async () => {
  const { tenant, seen } = await countingTenant(createReferenceTenant().handle);
  try {
    const run = await runConformanceCli(tenantEnv(tenant.baseUrl.replace(/^http:/, 'https:')));
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.configuration);
    expect(run.stderr).toContain('check MEETBIT_BASE_URL');
    expect(run.stderr).not.toContain('certificate');
    expect(run.report).toMatchObject({ verdict: 'configuration-error', stage: 'preflight', problems: [] });
    expect(seen).toHaveLength(0);
  } finally {
    await tenant.close();
  }
});

/** NestJS's NotFoundException (Rails' RecordNotFound) for an account that does not exist: a 404. */
const notFoundForUnknownAccounts =
  (handler: Handler): Handler =>
  (request) => {
    const account = (JSON.parse(request.body || '{}') as { online_conference_account_id?: unknown })
      .online_conference_account_id;
    const known = (REFERENCE_ACCOUNT_IDS as readonly unknown[]).includes(account);
    return account === undefined || known
      ? handler(request)
      : {
          status: 404,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ message: 'Online conference account not found.', statusCode: 404 }),
        };
  };

test('an account id answered 404 by a tenant that found the operation: configuration-error naming the settings, not the base URL', async () => {
  const { tenant, seen } = await countingTenant(notFoundForUnknownAccounts(createReferenceTenant().handle));
  try {
    const run = await runConformanceCli(tenantEnv(tenant.baseUrl, { MEETBIT_ACCOUNT_ID: '9999' }));
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.configuration);
    expect(run.stderr).toContain('Check MEETBIT_ACCOUNT_ID');
    expect(run.stderr).toContain(JSON.stringify('Online conference account not found.').slice(1, -1));
    expect(run.stderr).not.toContain('base URL');
    expect(run.report).toMatchObject({ verdict: 'configuration-error', stage: 'preflight', problems: [] });
    expect(seen.length).toBeLessThanOrEqual(3);
  } finally {
    await tenant.close();
  }
});

test('preflight_404_no_false_positive: a base URL where the operation is not is still the base URL', async () => {
  const { tenant } = await countingTenant(createReferenceTenant().handle);
  try {
    const run = await runConformanceCli(tenantEnv(`${tenant.baseUrl}/v3`));
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.configuration);
    expect(run.stderr).toContain('no such operation there. Check the base URL');
    expect(run.report).toMatchObject({ verdict: 'configuration-error', stage: 'preflight', problems: [] });
  } finally {
    await tenant.close();
  }
});

/** express-openapi-validator's order: the body is validated before any key is looked at. */
const validateBeforeAuth =
  (handler: Handler): Handler =>
  (request) =>
    request.body.trim() === '{}'
      ? {
          status: 400,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ message: 'Invalid body.', errors: { title: ['required'] } }),
        }
      : handler(request);

for (const { what, env, names } of [
  {
    what: 'a wrong secret',
    env: { MEETBIT_ACCESS_KEY_SECRET: 'not-the-secret-of-this-key' },
    names: 'Check MEETBIT_ACCESS_KEY_ID and MEETBIT_ACCESS_KEY_SECRET',
  },
  {
    what: 'the restricted key as the main key',
    env: {
      MEETBIT_ACCESS_KEY_ID: REFERENCE_KEYS.restricted.id,
      MEETBIT_ACCESS_KEY_SECRET: REFERENCE_KEYS.restricted.secret,
    },
    names: 'Check MEETBIT_ACCESS_KEY_ID and MEETBIT_ACCESS_KEY_SECRET, the key’s permission',
  },
]) {
  test(`${what} on a tenant that validates before it authenticates: exit 2 naming the key settings, never "it accepted the key"`, async () => {
    const { tenant, seen } = await countingTenant(validateBeforeAuth(createReferenceTenant().handle));
    try {
      const base = tenantEnv(tenant.baseUrl, env);
      delete base.MEETBIT_RESTRICTED_ACCESS_KEY_ID;
      delete base.MEETBIT_RESTRICTED_ACCESS_KEY_SECRET;
      const run = await runConformanceCli(base);
      expect(run.code, run.stdout + run.stderr).toBe(EXIT.configuration);
      expect(run.stderr).toContain(names);
      expect(run.stderr).not.toContain('accepted the key');
      expect(run.report).toMatchObject({ verdict: 'configuration-error', stage: 'preflight', problems: [] });
      expect(seen.length).toBeLessThanOrEqual(3);
    } finally {
      await tenant.close();
    }
  });
}
