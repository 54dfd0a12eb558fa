import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { EXIT } from '../../src/report/verdict-words';
import { API_BASE_PATH } from '../../src/tenant/defaults';
import { serve } from '../../src/tenant/http';
import { createReferenceTenant, type Handler } from '../../src/tenant/tenant';
import { runConformanceCli, tenantEnv } from '../support/cli';

/**
 * An unlucky operator's tenants: each fault must end with the right category, message and exit
 * code, within a bounded time, and never as a conformance verdict it cannot support.
 */
// Whole runs on a busy machine: each CLI run has its own bound; the test's must be above it.
test.describe.configure({ mode: 'parallel', timeout: 180_000 });

/**
 * "Within seconds", as a bound on behaviour, not on the machine: the preflight's own time as the CLI reports
 * it ("Preflight failed after 0.1 s"), which leaves out starting Node and the CLI (what a busy machine
 * slows most). It takes well under a second for a refused connection; a preflight that waited on something
 * would take the request timeout or more.
 */
const PREFLIGHT_BOUND_S = 30;

function preflightSeconds(stderr: string): number {
  const seconds = /Preflight failed after (\d+(?:\.\d+)?) s/.exec(stderr)?.[1];
  expect(seconds, `the CLI reports the preflight's time:\n${stderr}`).toBeDefined();
  return Number(seconds);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${API_BASE_PATH}`;
}

/** A port that counts the connections it gets (and drops them): proof that nothing was sent. */
function countingServer(): { server: Server; connections: () => number } {
  let count = 0;
  const server = createTcpServer((socket) => {
    count += 1;
    socket.destroy();
  });
  return { server, connections: () => count };
}

test('an unreachable port ends in preflight as an infrastructure error within seconds', async () => {
  const server = createTcpServer();
  const baseUrl = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  const run = await runConformanceCli(tenantEnv(baseUrl));
  expect(run.code, run.stdout + run.stderr).toBe(EXIT.infrastructure);
  expect(run.stderr).toContain('connection-refused');
  expect(run.stderr).toContain('not a conformance verdict');
  expect(run.report?.verdict).toBe('infrastructure-error');
  expect(preflightSeconds(run.stderr)).toBeLessThan(PREFLIGHT_BOUND_S);
});

test('a server that never answers ends in preflight on the request timeout', async () => {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => void sockets.add(socket));
  const baseUrl = await listen(server);
  try {
    const run = await runConformanceCli(tenantEnv(baseUrl, { MEETBIT_REQUEST_TIMEOUT_MS: '1000' }));
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.infrastructure);
    expect(run.stderr).toMatch(/timeout \(the tenant did not answer in time/);
    expect(preflightSeconds(run.stderr)).toBeLessThan(PREFLIGHT_BOUND_S);
  } finally {
    for (const socket of sockets) socket.destroy();
    server.close();
  }
});

test('a proxy answering every request with an HTML 502 page ends in preflight, naming the page', async () => {
  const server = createHttpServer((_req, res) => {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>');
  });
  const baseUrl = await listen(server);
  try {
    const run = await runConformanceCli(tenantEnv(baseUrl));
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.infrastructure);
    expect(run.stderr).toContain('HTML page ("502 Bad Gateway")');
    expect(preflightSeconds(run.stderr)).toBeLessThan(PREFLIGHT_BOUND_S);
  } finally {
    server.close();
  }
});

test('wrong credentials end in preflight as a configuration problem', async () => {
  const tenant = await serve(createReferenceTenant().handle);
  try {
    const run = await runConformanceCli({
      ...tenantEnv(tenant.baseUrl),
      MEETBIT_ACCESS_KEY_SECRET: 'not-the-secret',
    });
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.configuration);
    expect(run.stderr).toContain('The tenant rejected the access key');
  } finally {
    await tenant.close();
  }
});

test('a missing setting stops the run before any request, listing every problem', async () => {
  const { server, connections } = countingServer();
  const baseUrl = await listen(server);
  try {
    const run = await runConformanceCli({ MEETBIT_BASE_URL: baseUrl, MEETBIT_ACCOUNT_ID: 'twelve' });
    expect(run.code).toBe(EXIT.configuration);
    expect(run.stderr).toContain('the configuration has 3 problems; no request was sent');
    expect(run.stderr).toContain('MEETBIT_ACCESS_KEY_ID is not set');
    expect(run.stderr).toContain('MEETBIT_ACCOUNT_ID must be a positive whole number.');
    expect(run.stderr).not.toContain('twelve');
    expect(connections()).toBe(0);
  } finally {
    server.close();
  }
});

test('--list prints the planned requests and sends none', async () => {
  const { server, connections } = countingServer();
  const baseUrl = await listen(server);
  try {
    const run = await runConformanceCli(tenantEnv(baseUrl), ['--list']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Plan for configured tenant .*: \d+ tests/);
    expect(run.stdout).toContain('create.minimal');
    expect(connections()).toBe(0);
  } finally {
    server.close();
  }
});

/** Serves the reference tenant behind a fault. */
async function faulty(wrap: (handler: Handler) => Handler, socketFault?: (n: number) => boolean) {
  const reference = createReferenceTenant();
  const tenant = await serve(wrap(reference.handle));
  let count = 0;
  if (socketFault) {
    tenant.server.prependListener('request', (req) => {
      count += 1;
      if (socketFault(count)) req.socket.destroy();
    });
  }
  return { tenant, reference };
}

test('a server that resets every third request: infrastructure errors, reported apart from conformance', async () => {
  // The CLI run below is bounded at 120 s; the test's own bound must not cut it short on a busy machine.
  test.setTimeout(150_000);
  const { tenant } = await faulty(
    (handler) => handler,
    (n) => n % 3 === 0,
  );
  try {
    const run = await runConformanceCli(tenantEnv(tenant.baseUrl), [], 120_000);
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.infrastructure);
    expect(run.report?.verdict).toBe('infrastructure-error');
    expect(run.stdout + run.stderr).toContain('reset');
    expect(run.stdout + run.stderr).toContain('not a conformance verdict');
  } finally {
    await tenant.close();
  }
});

test('a server that throttles one request in four still conforms, and the run says how long it waited', async () => {
  let count = 0;
  const { tenant } = await faulty(
    (handler) => (request) =>
      ++count % 4 === 0
        ? {
            status: 429,
            headers: { 'content-type': 'text/plain', 'retry-after': '1' },
            body: 'Too many requests.',
          }
        : handler(request),
  );
  try {
    const run = await runConformanceCli(tenantEnv(tenant.baseUrl), ['specs/create.spec.ts'], 120_000);
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.conforms);
    expect(run.stdout).toMatch(/[Ww]aited \d+(\.\d+)? s in total for rate limits/);
  } finally {
    await tenant.close();
  }
});

test.describe('MEETBIT_BASE_URL points the same suite at any tenant', () => {
  test('a conforming tenant exits 0, and reports/created.json lists exactly what it created', async () => {
    const reference = createReferenceTenant();
    const tenant = await serve(reference.handle);
    try {
      const run = await runConformanceCli(
        // Two workers: both write the ledger at once, and created.json must still list every create.
        tenantEnv(tenant.baseUrl, { MEETBIT_ALLOW_RATE_LIMIT_TEST: '1', MEETBIT_CONCURRENCY: '2' }),
        [],
        120_000,
      );
      expect(run.code, run.stdout + run.stderr).toBe(EXIT.conforms);
      expect(run.report?.verdict).toBe('conforms');
      // The tenant's own store is the truth: the preflight creates nothing, every create of the suite shows.
      const listed = (
        JSON.parse(readFileSync(path.join(run.reportsDir, 'created.json'), 'utf8')) as {
          conferences: { id: number; public_id: string; test: string }[];
        }
      ).conferences;
      const stored = [...reference.conferences.values()];
      expect(stored.length).toBeGreaterThan(0);
      expect(listed.map((c) => `${c.id} ${c.public_id}`).sort()).toEqual(
        stored.map((c) => `${c.id} ${c.public_id}`).sort(),
      );
      // The fuzz phase generates titles (its label is the public_id) and, on loopback, public conferences.
      const fuzzed = new Set(listed.filter((c) => c.test.includes('fuzz.')).map((c) => c.public_id));
      expect(fuzzed.size).toBeGreaterThan(0);
      const labelled = stored.filter(
        (c) =>
          c.public_id.startsWith('mbct-') &&
          (fuzzed.has(c.public_id) || (c.title.startsWith('[conformance test ') && !c.is_public)),
      );
      expect(labelled.length, 'every conference is labelled test data').toBe(stored.length);
    } finally {
      await tenant.close();
    }
  });

  test('a tenant that answers creates with 201 exits 1, naming the check', async () => {
    // Every failed test costs Playwright a worker restart: on a busy machine this run takes a while.
    test.setTimeout(150_000);
    const { tenant } = await faulty((handler) => (request) => {
      const response = handler(request);
      return response.status === 200 ? { ...response, status: 201 } : response;
    });
    try {
      const run = await runConformanceCli(tenantEnv(tenant.baseUrl), [], 120_000);
      expect(run.code, run.stdout + run.stderr).toBe(EXIT.doesNotConform);
      expect(run.report?.verdict).toBe('does-not-conform');
      expect(run.stdout).toMatch(
        /\d+\. \[MUST\] status\.documented: Undocumented status code 201 \(\d+× in \d+ tests\)/,
      );
    } finally {
      await tenant.close();
    }
  });
});
