import { expect, test } from '@playwright/test';
import { InsecureTargetError, pinnedUrl, type ResolveAll } from '../../src/client/pinned-url';
import { parseConfig } from '../../src/config/config';
import { isLoopbackAddress } from '../../src/safety/loopback';

/** A resolver that answers from a table, as a network namespace or a hostile /etc/hosts would. */
const fake =
  (table: Record<string, string[]>): ResolveAll =>
  (host) =>
    Promise.resolve(table[host] ?? []);

test('a name is resolved, checked and pinned: the connection goes to the address that was checked', async () => {
  const resolve = fake({ localhost: ['127.0.0.1', '::1'], 'v6.localhost': ['::1'] });
  expect(await pinnedUrl('http://localhost:4010/api/public/v2.0', resolve)).toBe(
    'http://127.0.0.1:4010/api/public/v2.0',
  );
  expect(await pinnedUrl('http://v6.localhost:4010/api', resolve)).toBe('http://[::1]:4010/api');
});

test('http://anything.localhost resolving off loopback is refused, before anything is sent', async () => {
  const resolve = fake({
    'anything.localhost': ['10.77.0.1'],
    'mixed.localhost': ['127.0.0.1', '10.77.0.1'],
  });
  await expect(pinnedUrl('http://anything.localhost:80/api', resolve)).rejects.toThrow(InsecureTargetError);
  await expect(pinnedUrl('http://mixed.localhost/api', resolve)).rejects.toThrow(InsecureTargetError);
  await expect(pinnedUrl('http://unknown.localhost/api', resolve)).rejects.toThrow(
    /does not resolve to loopback/,
  );
});

test('literal loopback addresses and https are left alone, and never resolved', async () => {
  const resolve: ResolveAll = () => Promise.reject(new Error('must not resolve'));
  expect(await pinnedUrl('http://127.0.0.1:1/api', resolve)).toBe('http://127.0.0.1:1/api');
  expect(await pinnedUrl('http://[::1]:1/api', resolve)).toBe('http://[::1]:1/api');
  expect(await pinnedUrl('https://acme.example.com/api', resolve)).toBe('https://acme.example.com/api');
});

test('IPv4-mapped loopback and a fully qualified localhost. are loopback; mapped public addresses are not', async () => {
  const resolve = fake({ localhost: ['127.0.0.1'] });
  const mapped = new URL('http://[::ffff:127.0.0.1]:4010/api').href;
  expect(mapped).toBe('http://[::ffff:7f00:1]:4010/api');
  expect(await pinnedUrl(mapped, resolve)).toBe(mapped);
  expect(await pinnedUrl('http://localhost.:4010/api', resolve)).toBe('http://127.0.0.1:4010/api');
  for (const address of ['::ffff:7f00:1', '::ffff:127.1.2.3', '0:0:0:0:0:0:0:1', '127.255.0.1'])
    expect(isLoopbackAddress(address), address).toBe(true);
  for (const address of ['::ffff:8.8.8.8', '::ffff:a00:1', '::', '::2', '128.0.0.1', 'localhost'])
    expect(isLoopbackAddress(address), address).toBe(false);
  await expect(pinnedUrl('http://[::ffff:a00:1]/api', resolve)).rejects.toThrow(InsecureTargetError);
  const config = parseConfig({
    MEETBIT_BASE_URL: 'http://[::ffff:127.0.0.1]:4010/api/public/v2.0',
    MEETBIT_ACCESS_KEY_ID: 'id',
    MEETBIT_ACCESS_KEY_SECRET: 'secret',
    MEETBIT_ACCOUNT_ID: '1',
  });
  expect(config.ok, config.ok ? '' : config.problems.join('; ')).toBe(true);
  const dotted = parseConfig({
    MEETBIT_BASE_URL: 'http://localhost.:4010/api/public/v2.0',
    MEETBIT_ACCESS_KEY_ID: 'id',
    MEETBIT_ACCESS_KEY_SECRET: 'secret',
    MEETBIT_ACCOUNT_ID: '1',
  });
  expect(dotted.ok, dotted.ok ? '' : dotted.problems.join('; ')).toBe(true);
});
