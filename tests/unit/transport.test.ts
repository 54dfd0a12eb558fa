import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { classifyNetworkError } from '../../src/client/errors';
import { headersOf, HttpTransport } from '../../src/client/transport';

const REQUEST = {
  method: 'POST',
  headers: {},
  body: Buffer.from('{}'),
  timeoutMs: 5000,
  maxResponseBytes: 1024,
};

/** Runs `use` with the host:port of `server` (a listener alone: a plain http server), then closes it. */
async function serving(
  server: Server | RequestListener,
  use: (host: string) => Promise<void>,
): Promise<void> {
  if (typeof server === 'function') server = createServer(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await use(`127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** Answers with the client's port: two answers from one kept connection show the same. */
const answerWithPort: RequestListener = (req, res) => {
  req.resume();
  req.on('end', () => res.end(String(req.socket.remotePort)));
};

async function failure(url: string, request = REQUEST): Promise<unknown> {
  try {
    await new HttpTransport().send(url, request);
  } catch (error) {
    return error;
  }
  throw new Error(`${url} answered`);
}

test('https:// to a port that speaks plain HTTP is the setting, not a certificate: plain-http', async () => {
  await serving(
    (_, res) => res.end('plain'),
    async (host) => expect(classifyNetworkError(await failure(`https://${host}/api`))).toBe('plain-http'),
  );
});

test('classify_plain_http_no_false_positive: certificate failures stay tls, a refused port stays refused', async () => {
  const tlsFailure = (code: string, message: string) => Object.assign(new Error(message), { code });
  expect(classifyNetworkError(tlsFailure('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'))).toBe(
    'tls',
  );
  expect(classifyNetworkError(tlsFailure('CERT_HAS_EXPIRED', 'certificate has expired'))).toBe('tls');
  expect(
    classifyNetworkError(
      tlsFailure('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"),
    ),
  ).toBe('tls');
  // A port nothing listens on: the one just closed.
  let closed = '';
  await serving(
    () => undefined,
    (host) => {
      closed = host;
      return Promise.resolve();
    },
  );
  expect(classifyNetworkError(await failure(`http://${closed}/api`))).toBe('connection-refused');
});

test('a stalled answer is a timeout, a body past the bound too-large, a connection closed mid-body a reset', async () => {
  await serving(
    (req, res) => {
      if (req.url === '/stall') return;
      if (req.url === '/large') return void res.end('x'.repeat(4096));
      res.writeHead(200, { 'content-length': '100' });
      res.write('half');
      setTimeout(() => res.socket?.destroy(), 20);
    },
    async (host) => {
      expect(
        classifyNetworkError(await failure(`http://${host}/stall`, { ...REQUEST, timeoutMs: 200 })),
      ).toBe('timeout');
      expect(classifyNetworkError(await failure(`http://${host}/large`))).toBe('too-large');
      expect(classifyNetworkError(await failure(`http://${host}/cut`))).toBe('reset');
    },
  );
});

test('a kept connection is closed a second before the server announces it closes it, never reused after', async () => {
  const server = createServer(answerWithPort);
  // Node's server says `Keep-Alive: timeout=3` and closes an idle connection after 3 s.
  server.keepAliveTimeout = 3000;
  await serving(server, async (host) => {
    const url = `http://${host}/api`;
    const transport = new HttpTransport();
    const first = await transport.send(url, REQUEST);
    const soon = await transport.send(url, REQUEST);
    expect(soon.body, 'at once, the connection is reused').toBe(first.body);
    // 2.5 s idle: past the 2 s this side keeps it, before the server's 3 s.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const later = await transport.send(url, REQUEST);
    expect(later.body, 'after 2.5 s idle, a new connection').not.toBe(first.body);
  });
});

test('an answer is read as exactly received: status, body, and headers as fetch combines them', async () => {
  await serving(
    (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.writeHead(400, [
          ['X-B', '1'],
          ['Content-Type', 'application/json'],
          ['x-b', '2'],
          ['Set-Cookie', 'a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT'],
          ['Set-Cookie', 'b=2'],
        ]);
        res.end(JSON.stringify({ got: body, length: req.headers['content-length'] }));
      });
    },
    async (host) => {
      const response = await new HttpTransport().send(`http://${host}/api`, {
        ...REQUEST,
        body: Buffer.from('{"title":"é"}'),
      });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toEqual({ got: '{"title":"é"}', length: '14' });
      expect(Object.keys(response.headers)).toEqual([...Object.keys(response.headers)].sort());
      expect(response.headers['x-b']).toBe('1, 2');
      expect(response.headers['set-cookie']).toBe('a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT\nb=2');
    },
  );
  expect(headersOf(['A', '1', 'a', '2', 'B', '3'])).toEqual({ a: '1, 2', b: '3' });
});

test('https: an untrusted certificate is tls; trusted (NODE_EXTRA_CA_CERTS), answers come over one kept connection', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'meetbit-tls-'));
  const run = promisify(execFile);
  const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  try {
    const openssl = await run('openssl', ['version']).then(
      () => true,
      () => false,
    );
    test.skip(!openssl && !process.env.CI, 'openssl is not installed (apt-get install -y openssl)');
    // A throwaway certificate for 127.0.0.1, made here: nothing secret is kept in the repository.
    await run('openssl', [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert],
    ]);
    const server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, answerWithPort);
    await serving(server, async (host) => {
      const url = `https://${host}/api`;
      expect(classifyNetworkError(await failure(url))).toBe('tls');
      // Trust is read when a process starts, so the trusting client is a process of its own, as a user's run is.
      const script = [
        `import { HttpTransport } from ${JSON.stringify(path.resolve('src/client/transport.ts'))};`,
        'const transport = new HttpTransport();',
        `const request = ${JSON.stringify({ ...REQUEST, body: undefined })};`,
        'const answers = [];',
        `for (let i = 0; i < 2; i++) answers.push(await transport.send(${JSON.stringify(url)}, request));`,
        'console.log(JSON.stringify(answers.map((answer) => [answer.status, answer.body])));',
      ].join('\n');
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        {
          env: { ...process.env, NODE_EXTRA_CA_CERTS: cert },
        },
      );
      const answers = JSON.parse(stdout) as [number, string][];
      expect(answers.map(([status]) => status)).toEqual([200, 200]);
      expect(answers[0]![1], "the second request reuses the first one's connection").toBe(answers[1]![1]);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
