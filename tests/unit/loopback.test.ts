import { expect, test } from '@playwright/test';
import { InsecureTargetError, pinnedUrl, type ResolveAll } from '../../src/client/pinned-url';

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
