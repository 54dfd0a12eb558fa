import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { classifyFetchError } from '../../src/client/errors';

async function fetchError(url: string): Promise<unknown> {
  try {
    await fetch(url, { method: 'POST', signal: AbortSignal.timeout(5000) });
  } catch (error) {
    return error;
  }
  throw new Error(`${url} answered`);
}

test('https:// to a port that speaks plain HTTP is the setting, not a certificate: plain-http', async () => {
  const server: Server = createServer((_, res) => res.end('plain'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    expect(classifyFetchError(await fetchError(`https://127.0.0.1:${port}/api`))).toBe('plain-http');
  } finally {
    server.close();
  }
});

test('classify_plain_http_no_false_positive: certificate failures stay tls, a refused port stays refused', () => {
  const failure = (code: string, message = '') =>
    Object.assign(new TypeError('fetch failed'), { cause: { code, message } });
  expect(classifyFetchError(failure('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'))).toBe('tls');
  expect(classifyFetchError(failure('CERT_HAS_EXPIRED', 'certificate has expired'))).toBe('tls');
  expect(
    classifyFetchError(
      failure('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"),
    ),
  ).toBe('tls');
  expect(classifyFetchError(failure('ECONNREFUSED'))).toBe('connection-refused');
});
