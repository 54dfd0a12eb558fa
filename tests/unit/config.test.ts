import { expect, test } from '@playwright/test';
import { formatProblems, isLoopback, parseConfig } from '../../src/config/config';

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
    'MEETBIT_BASE_URL uses plain http to tenant.example.com, which is not loopback: the access key would travel unencrypted. Use https.',
    'MEETBIT_ACCESS_KEY_ID is not set (required with MEETBIT_BASE_URL or MEETBIT_PRIMARY_DOMAIN).',
    'MEETBIT_ACCOUNT_ID must be a positive whole number, got "-4".',
    'MEETBIT_RESTRICTED_ACCESS_KEY_ID and MEETBIT_RESTRICTED_ACCESS_KEY_SECRET go together: set both or neither.',
    'MEETBIT_ALLOW_RATE_LIMIT_TEST must be 1 or 0, got "yes".',
    'MEETBIT_MAX_RPS must be a number from 0.01 to 10000, got "fast".',
  ]);
  expect(formatProblems(problems)).not.toContain('s3cr3t-value');
  expect(formatProblems(problems)).toMatch(
    /^MeetBit conformance: the configuration has 6 problems; no request was sent\./,
  );
});

test('plain http is allowed to loopback only', () => {
  expect(parseConfig({ ...remote, MEETBIT_BASE_URL: 'http://127.0.0.1:4010/api/public/v2.0' }).ok).toBe(true);
  expect(parseConfig({ ...remote, MEETBIT_BASE_URL: 'http://localhost:4010/api/public/v2.0' }).ok).toBe(true);
  expect(isLoopback('[::1]')).toBe(true);
  expect(isLoopback('127.0.0.1.nip.io')).toBe(false);
  expect(isLoopback('10.0.0.1')).toBe(false);
  expect(parseConfig({ ...remote, MEETBIT_BASE_URL: 'https://user:pw@acme.example.com/api' }).ok).toBe(false);
});

test('the fuzz phase: generous on the bundled tenant and loopback, small and private on a remote tenant', () => {
  const bundled = parseConfig({});
  const loopback = parseConfig({ ...remote, MEETBIT_BASE_URL: 'http://127.0.0.1:4010/api/public/v2.0' });
  const far = parseConfig(remote);
  if (!bundled.ok || !loopback.ok || !far.ok) throw new Error('valid settings were refused');
  expect([bundled.config.fuzzRequests, loopback.config.fuzzRequests, far.config.fuzzRequests]).toEqual([
    200, 200, 20,
  ]);
  expect([bundled.config.fuzzPublic, loopback.config.fuzzPublic, far.config.fuzzPublic]).toEqual([
    true,
    true,
    false,
  ]);
  const optedIn = parseConfig({ ...remote, MEETBIT_FUZZ_PUBLIC: '1', MEETBIT_FUZZ_REQUESTS: '0' });
  expect(optedIn.ok && [optedIn.config.fuzzPublic, optedIn.config.fuzzRequests]).toEqual([true, 0]);
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
