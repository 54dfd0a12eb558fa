import { expect, test } from '@playwright/test';
import { formatProblems, mayBeLoopback, parseConfig, type SuiteConfig } from '../../src/config/config';
import { closestSetting } from '../../src/config/unknown-settings';

const remote = {
  MEETBIT_BASE_URL: 'https://acme.example.com/api/public/v2.0',
  MEETBIT_ACCESS_KEY_ID: 'id',
  MEETBIT_ACCESS_KEY_SECRET: 'secret',
  MEETBIT_ACCOUNT_ID: '42',
};

test('no tenant configured: the reference tenant with its built-in keys, rate-limit test on', () => {
  const result = parseConfig({});
  expect(result.ok && result.config.target).toEqual({ kind: 'reference' });
  expect(result.ok && result.config.allowRateLimitTest).toBe(true);
  expect(result.ok && result.config.restrictedCredentials).toBeTruthy();
  // One worker: a second costs more to start than the bundled tenant's sub-second tests save.
  expect(result.ok && result.config.concurrency).toBe(1);
});

test('a configured tenant: gentle defaults, opt-in rate-limit test', () => {
  const result = parseConfig(remote);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  expect(result.config.target).toEqual({
    kind: 'remote',
    baseUrl: 'https://acme.example.com/api/public/v2.0',
  });
  expect(result.config.maxRequestsPerSecond).toBeLessThanOrEqual(1);
  expect(result.config.concurrency).toBe(1);
  expect(result.config.allowRateLimitTest).toBe(false);
  expect(result.config.restrictedCredentials).toBeUndefined();
});

test('MEETBIT_PRIMARY_DOMAIN builds the base URL from the spec servers entry; MEETBIT_BASE_URL wins', () => {
  const { MEETBIT_BASE_URL: _base, ...rest } = remote;
  const byDomain = parseConfig({ ...rest, MEETBIT_PRIMARY_DOMAIN: 'acme.meetbit.example' });
  expect(byDomain.ok && byDomain.config.target.baseUrl).toBe('https://acme.meetbit.example/api/public/v2.0');
  const both = parseConfig({ ...remote, MEETBIT_PRIMARY_DOMAIN: 'other.example' });
  expect(both.ok && both.config.target.baseUrl).toBe('https://acme.example.com/api/public/v2.0');
});

test('every problem is listed at once, and no secret value is echoed', () => {
  const result = parseConfig({
    MEETBIT_BASE_URL: 'http://tenant.example.com/api',
    MEETBIT_ACCESS_KEY_SECRET: 's3cr3t-value',
    MEETBIT_ACCOUNT_ID: '-4',
    MEETBIT_RESTRICTED_ACCESS_KEY_ID: 'only-the-id',
    MEETBIT_ALLOW_RATE_LIMIT_TEST: 'yes',
    MEETBIT_MAX_RPS: 'fast',
  });
  expect(result.ok).toBe(false);
  const problems = result.ok ? [] : result.problems;
  expect(problems).toEqual([
    'MEETBIT_BASE_URL uses plain http to a host that is not loopback: the access key would travel unencrypted. Use https (http is for 127.0.0.1, [::1] and localhost names that resolve to loopback).',
    'MEETBIT_ACCESS_KEY_ID is not set (required with MEETBIT_BASE_URL or MEETBIT_PRIMARY_DOMAIN).',
    'MEETBIT_ACCOUNT_ID must be a positive whole number.',
    'MEETBIT_RESTRICTED_ACCESS_KEY_ID and MEETBIT_RESTRICTED_ACCESS_KEY_SECRET go together: set both or neither (MEETBIT_RESTRICTED_ACCESS_KEY_SECRET is not set).',
    'MEETBIT_ALLOW_RATE_LIMIT_TEST must be 1 or 0.',
    'MEETBIT_MAX_RPS must be a number from 0.01 to 10000.',
  ]);
  expect(formatProblems(problems)).not.toContain('s3cr3t-value');
  expect(formatProblems(problems)).toMatch(
    /^MeetBit conformance: the configuration has 6 problems; no request was sent\./,
  );
});

test('plain http is allowed to loopback only', () => {
  expect(parseConfig({ ...remote, MEETBIT_BASE_URL: 'http://127.0.0.1:4010/api/public/v2.0' }).ok).toBe(true);
  expect(parseConfig({ ...remote, MEETBIT_BASE_URL: 'http://localhost:4010/api/public/v2.0' }).ok).toBe(true);
  expect(mayBeLoopback('[::1]')).toBe(true);
  // A localhost name passes here and is resolved and pinned by the client (tests/unit/loopback.test.ts).
  expect(mayBeLoopback('anything.localhost')).toBe(true);
  expect(mayBeLoopback('127.0.0.1.nip.io')).toBe(false);
  expect(mayBeLoopback('10.0.0.1')).toBe(false);
  expect(parseConfig({ ...remote, MEETBIT_BASE_URL: 'https://user:pw@acme.example.com/api' }).ok).toBe(false);
});

test('a configuration message names the setting and what is wrong, never the value', () => {
  const secret = 'pasted-SECRET-9f8e7d';
  const settings = [
    { MEETBIT_ACCOUNT_ID: secret },
    { MEETBIT_BACKER_EVENT_ID: secret },
    { MEETBIT_BASE_URL: `https://user:${secret}@acme.example.com/api` },
    { MEETBIT_BASE_URL: `htps//user:${secret}@` },
    { MEETBIT_BASE_URL: `ftp://${secret}.example.com` },
    { MEETBIT_PRIMARY_DOMAIN: `${secret}/x`, MEETBIT_BASE_URL: '' },
    { MEETBIT_TENANT_NAME: `${secret} !` },
    { MEETBIT_RUN_ID: `${secret}_!` },
    { MEETBIT_MAX_RPS: secret },
    { MEETBIT_RPS: secret },
    { MEETBIT_BLOB_REPORT: secret },
    { MEETBIT_UNSAFE_NO_REDACTION: secret },
    { MEETBIT_SEED: secret },
    { MEETBIT_FUZZ_PUBLIC: secret },
    { MEETBIT_FUZZ_REQUESTS: secret },
  ];
  for (const extra of settings) {
    const result = parseConfig({ ...remote, ...extra });
    expect(result.ok, JSON.stringify(extra)).toBe(false);
    expect(formatProblems(result.ok ? [] : result.problems)).not.toContain('SECRET-9f8e7d');
  }
});

test('MEETBIT_RPS sets the pace; MEETBIT_MAX_RPS stays a ceiling above it', () => {
  const pinned = parseConfig({ ...remote, MEETBIT_RPS: '5' });
  if (!pinned.ok) throw new Error(pinned.problems.join('\n'));
  expect(pinned.config).toMatchObject({
    requestsPerSecond: 5,
    maxRequestsPerSecond: 0.8,
    maxRequestsPerSecondIsSetting: false,
  });
  const below = parseConfig({ ...remote, MEETBIT_RPS: '5', MEETBIT_MAX_RPS: '10' });
  expect(below.ok && below.config.requestsPerSecond).toBe(5);
  const unset = parseConfig(remote);
  expect(unset.ok && unset.config.requestsPerSecond).toBeUndefined();
  const above = parseConfig({ ...remote, MEETBIT_RPS: '20', MEETBIT_MAX_RPS: '10' });
  expect(above.ok ? [] : above.problems).toEqual([
    'MEETBIT_RPS must not be above MEETBIT_MAX_RPS, which is a ceiling: lower one or raise the other.',
  ]);
  const invalid = parseConfig({ ...remote, MEETBIT_RPS: '0' });
  expect(invalid.ok ? [] : invalid.problems).toEqual(['MEETBIT_RPS must be a number from 0.01 to 10000.']);
});

test('a .env line holding two assignments never puts the key into the base URL', () => {
  const result = parseConfig({
    ...remote,
    MEETBIT_BASE_URL: 'http://127.0.0.1:1 MEETBIT_ACCESS_KEY_SECRET=xyz-secret',
  });
  expect(result.ok).toBe(false);
  const problems = result.ok ? [] : result.problems;
  expect(problems.join('\n')).toContain('MEETBIT_BASE_URL holds whitespace');
  expect(problems.join('\n')).not.toContain('xyz-secret');
});

test("a configured tenant is someone's system whatever its address: the safe defaults, unless MEETBIT_DISPOSABLE_TENANT=1", () => {
  const bundled = parseConfig({});
  const loopback = parseConfig({ ...remote, MEETBIT_BASE_URL: 'http://127.0.0.1:4010/api/public/v2.0' });
  const far = parseConfig(remote);
  const disposable = parseConfig({
    ...remote,
    MEETBIT_BASE_URL: 'http://127.0.0.1:4010/api/public/v2.0',
    MEETBIT_DISPOSABLE_TENANT: '1',
  });
  if (!bundled.ok || !loopback.ok || !far.ok || !disposable.ok)
    throw new Error('valid settings were refused');
  const treatment = ({ config }: { config: SuiteConfig }) => ({
    disposable: config.disposable,
    fuzzRequests: config.fuzzRequests,
    fuzzPublic: config.fuzzPublic,
    rateLimitBurstMax: config.rateLimitBurstMax,
    maxRequestsPerSecond: config.maxRequestsPerSecond,
  });
  const safe = { disposable: false, fuzzRequests: 20, fuzzPublic: false, rateLimitBurstMax: 300 };
  expect(treatment(far)).toEqual({ ...safe, maxRequestsPerSecond: 0.8 });
  // A loopback port may be a kubectl port-forward to staging: the same safe defaults as any tenant.
  expect(treatment(loopback)).toEqual({ ...safe, maxRequestsPerSecond: 0.8 });
  // The opt-in is today's loopback treatment: the larger budget and public creates, at the same pace.
  expect(treatment(disposable)).toEqual({
    disposable: true,
    fuzzRequests: 200,
    fuzzPublic: true,
    rateLimitBurstMax: 1000,
    maxRequestsPerSecond: 0.8,
  });
  expect(treatment(bundled)).toMatchObject({ disposable: true, fuzzRequests: 200, fuzzPublic: true });
  const optedIn = parseConfig({ ...remote, MEETBIT_FUZZ_PUBLIC: '1', MEETBIT_FUZZ_REQUESTS: '0' });
  expect(optedIn.ok && [optedIn.config.fuzzPublic, optedIn.config.fuzzRequests]).toEqual([true, 0]);
  const forbidden = parseConfig({ ...remote, MEETBIT_DISPOSABLE_TENANT: '1', MEETBIT_FUZZ_PUBLIC: '0' });
  expect(forbidden.ok && forbidden.config.fuzzPublic).toBe(false);
  const wrong = parseConfig({ ...remote, MEETBIT_DISPOSABLE_TENANT: 'yes' });
  expect(wrong.ok ? [] : wrong.problems).toEqual(['MEETBIT_DISPOSABLE_TENANT must be 1 or 0.']);
});

test('an unknown MEETBIT_* name is a problem naming it and the setting it most likely meant, never its value', () => {
  const typo = parseConfig(
    { ...remote, MEETBIT_BASEURL: 'https://x.example/secret-value-1' },
    new Set(['MEETBIT_BASEURL']),
  );
  expect(typo.ok ? [] : typo.problems).toEqual([
    'MEETBIT_BASEURL (in .env) is not a setting of this suite: did you mean MEETBIT_BASE_URL? ' +
      'Rename or remove it (npm run conformance -- --help lists every setting).',
  ]);
  expect(closestSetting('meetbit_fuzz_request')).toBe('MEETBIT_FUZZ_REQUESTS');
  expect(closestSetting('MEETBIT_MAXRPS')).toBe('MEETBIT_MAX_RPS');
  expect(closestSetting('MEETBIT_ACCES_KEY_SECRET')).toBe('MEETBIT_ACCESS_KEY_SECRET');
  expect(closestSetting('MEETBIT_WEBHOOK_TOKEN')).toBeUndefined();
  const far = parseConfig({ MEETBIT_WEBHOOK_TOKEN: 'x' });
  expect(far.ok ? [] : far.problems).toEqual([
    'MEETBIT_WEBHOOK_TOKEN (in the environment) is not a setting of this suite. ' +
      'Rename or remove it (npm run conformance -- --help lists every setting).',
  ]);
  // What the suite sets for its own processes is not a typo.
  expect(parseConfig({ MEETBIT_SPEC_VALIDATED: 'abc', MEETBIT_KEPT_WORKER_RUNNER_PID: '1' }).ok).toBe(true);
  expect(formatProblems(typo.ok ? [] : typo.problems)).not.toContain('secret-value-1');
});

test('a required setting that is present but empty is "set but empty", one that is absent "not set"', () => {
  const result = parseConfig({
    MEETBIT_BASE_URL: 'https://acme.example.com/api/public/v2.0',
    MEETBIT_ACCESS_KEY_ID: '',
    MEETBIT_ACCOUNT_ID: '  ',
    MEETBIT_RESTRICTED_ACCESS_KEY_ID: 'restricted',
    MEETBIT_RESTRICTED_ACCESS_KEY_SECRET: '',
  });
  expect(result.ok ? [] : result.problems).toEqual([
    'MEETBIT_ACCESS_KEY_ID is set but empty (required with MEETBIT_BASE_URL or MEETBIT_PRIMARY_DOMAIN).',
    'MEETBIT_ACCESS_KEY_SECRET is not set (required with MEETBIT_BASE_URL or MEETBIT_PRIMARY_DOMAIN).',
    'MEETBIT_ACCOUNT_ID is set but empty (required with MEETBIT_BASE_URL or MEETBIT_PRIMARY_DOMAIN).',
    'MEETBIT_RESTRICTED_ACCESS_KEY_ID and MEETBIT_RESTRICTED_ACCESS_KEY_SECRET go together: set both or neither (MEETBIT_RESTRICTED_ACCESS_KEY_SECRET is set but empty).',
  ]);
});

test('MEETBIT_SEED replays a run; without it every run draws its own', () => {
  const fixed = parseConfig({ MEETBIT_SEED: '-1077001730' });
  expect(fixed.ok && fixed.config.seed).toBe(-1077001730);
  const seeds = new Set(
    Array.from({ length: 5 }, () => {
      const result = parseConfig({});
      return result.ok ? result.config.seed : undefined;
    }),
  );
  expect(seeds.size).toBeGreaterThan(1);
  const bad = parseConfig({ MEETBIT_SEED: 'abc', MEETBIT_FUZZ_PUBLIC: 'yes', MEETBIT_FUZZ_REQUESTS: '-1' });
  expect(bad.ok ? [] : bad.problems.join('\n')).toMatch(
    /MEETBIT_SEED[\s\S]*MEETBIT_FUZZ_PUBLIC|MEETBIT_FUZZ_REQUESTS/,
  );
  expect(bad.ok ? 0 : bad.problems.length).toBe(3);
});

test('self-test targets: each on loopback, its burst instance too', () => {
  const targets = (burstBaseUrl: string) =>
    parseConfig({
      MEETBIT_SELFTEST_TARGETS: JSON.stringify([
        { name: 'reference', baseUrl: 'http://127.0.0.1:4010/api', burstBaseUrl },
      ]),
    });
  const local = targets('http://127.0.0.1:4011/api');
  expect(local.ok && local.config.selftestTargets).toEqual([
    { name: 'reference', baseUrl: 'http://127.0.0.1:4010/api', burstBaseUrl: 'http://127.0.0.1:4011/api' },
  ]);
  const away = targets('https://acme.example.com/api');
  expect(away.ok).toBe(false);
  expect(!away.ok && away.problems.join('\n')).toContain('MEETBIT_SELFTEST_TARGETS must be a JSON list');
});
