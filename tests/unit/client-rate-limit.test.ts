import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from '@playwright/test';
import { TenantClient } from '../../src/client/client';
import { RateLimitExhaustedError } from '../../src/client/errors';
import { Pacer } from '../../src/client/pacer';
import { loadSpec, operationContract, type Exchange } from '../../src/contract';
import { against, expect } from '../../src/playwright/matchers';

const spec = await loadSpec();
const contract = operationContract(spec, 'post', '/online_conferences');

interface Scripted {
  readonly status: number;
  readonly headers?: Record<string, string | string[]>;
  readonly body?: string;
}

const TOO_MANY = (retryAfter?: string): Scripted => ({
  status: 429,
  headers: {
    'content-type': 'text/plain',
    ...(retryAfter !== undefined ? { 'retry-after': retryAfter } : {}),
  },
  body: 'Too many requests.',
});
const INVALID: Scripted = {
  status: 400,
  headers: { 'content-type': 'application/json' },
  body: '{"message":"Invalid.","errors":{"title":["Invalid."]}}',
};

/** A loopback server answering the script in order, then the last entry forever; it counts requests. */
async function scriptedServer(
  script: readonly Scripted[],
): Promise<{ url: string; hits: () => number; server: Server }> {
  let hits = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = script[Math.min(hits, script.length - 1)]!;
      hits++;
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits: () => hits, server };
}

const servers: Server[] = [];
test.afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  );
});

/**
 * A client of the scripted server. Its waits are recorded, not slept (`waits`), so a test reads what the client
 * waited instead of timing it: a clock would measure the machine. `realSleep` keeps the real wait.
 */
async function clientFor(
  script: readonly Scripted[],
  bounds: { maxRetryAfterSeconds?: number; max429InARow?: number; pacer?: Pacer; realSleep?: boolean } = {},
) {
  const served = await scriptedServer(script);
  servers.push(served.server);
  const waits: number[] = [];
  const client = new TenantClient({
    baseUrl: served.url,
    keys: { full: { id: 'unit-key-id', secret: 'unit-key-secret' } },
    timeoutMs: 5000,
    pacer: bounds.pacer ?? new Pacer(0),
    maxRetryAfterSeconds: bounds.maxRetryAfterSeconds ?? 60,
    max429InARow: bounds.max429InARow ?? 5,
    userAgent: 'unit',
    ...(bounds.realSleep
      ? {}
      : {
          sleep: (ms: number) => {
            waits.push(ms);
            return Promise.resolve();
          },
        }),
  });
  return { client, hits: served.hits, waits };
}

const REQUEST = { auth: 'full', json: { title: 'x' } } as const;
/** What the `api` fixture does on every 429: check it against the spec before waiting. */
const checkBeforeWaiting = {
  onRateLimited: (exchange: Exchange) =>
    expect(exchange, 'a 429 must conform before the suite waits on it').toMatchContract(against(contract)),
};

test.describe('the client on 429', () => {
  test('waits as Retry-After says, retries, and counts the wait', async () => {
    const { client, hits, waits } = await clientFor([TOO_MANY('1'), INVALID]);
    const exchange = await client.send(REQUEST, checkBeforeWaiting);
    expect(exchange.response.status).toBe(400);
    expect(hits()).toBe(2);
    expect(waits).toEqual([1000]); // one wait of 1 s, not several
    expect(client.stats).toEqual({ requests: 2, rateLimited: 1, waitedMs: 1000 });
  });

  test('the wait is a real one: the retry goes out no sooner than Retry-After says', async () => {
    const { client, hits } = await clientFor([TOO_MANY('1'), INVALID], { realSleep: true });
    const started = performance.now();
    await client.send(REQUEST, checkBeforeWaiting);
    // A lower bound only: a busy machine makes it later, never sooner.
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(hits()).toBe(2);
  });

  test('accumulates the waited time over requests (Retry-After: 0 still waits a floor of 50 ms)', async () => {
    const { client } = await clientFor([TOO_MANY('0'), INVALID, TOO_MANY('0'), TOO_MANY('0'), INVALID]);
    await client.send(REQUEST);
    await client.send(REQUEST);
    expect(client.stats).toEqual({ requests: 5, rateLimited: 3, waitedMs: 150 });
  });

  test('a Retry-After above MEETBIT_MAX_RETRY_AFTER ends the request at once with a clear message', async () => {
    const { client, hits, waits } = await clientFor([TOO_MANY('30'), INVALID], { maxRetryAfterSeconds: 2 });
    const error = await client.send(REQUEST, checkBeforeWaiting).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitExhaustedError);
    expect((error as Error).message).toBe(
      'The tenant asked to wait 30s (Retry-After), more than MEETBIT_MAX_RETRY_AFTER=2s; the test stops here ' +
        'instead of hanging. Lower MEETBIT_MAX_RPS or raise the bound.',
    );
    expect(waits).toEqual([]); // not the 30 s asked for
    expect(hits()).toBe(1);
    expect(client.stats.waitedMs).toBe(0);
  });

  test('too many 429s in a row end the request with a clear message', async () => {
    const { client, hits } = await clientFor([TOO_MANY('0')], { max429InARow: 3 });
    const error = await client.send(REQUEST, checkBeforeWaiting).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitExhaustedError);
    expect((error as Error).message).toBe(
      'The tenant answered 429 3 times in a row for one request (MEETBIT_MAX_429_IN_A_ROW=3); lower ' +
        'MEETBIT_MAX_RPS or run when the key is not shared.',
    );
    expect(hits()).toBe(3);
    expect(client.stats).toEqual({ requests: 3, rateLimited: 3, waitedMs: 100 });
  });

  test('an HTTP-date Retry-After fails the contract check (MUST: type integer), naming Retry-After, before any wait', async () => {
    const { client, hits } = await clientFor([TOO_MANY('Wed, 21 Oct 2026 07:28:00 GMT'), INVALID]);
    const error = await client.send(REQUEST, checkBeforeWaiting).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('[response_headers_conformance]');
    expect((error as Error).message).toMatch(/Retry-After header/);
    expect(hits()).toBe(1);
    expect(client.stats.waitedMs).toBe(0);
  });

  test('unchecked, an HTTP-date Retry-After is honoured as HTTP defines it (a past date: the 50 ms floor)', async () => {
    const { client, hits } = await clientFor([TOO_MANY('Wed, 21 Oct 2020 07:28:00 GMT'), INVALID]);
    const exchange = await client.send(REQUEST);
    expect(exchange.response.status).toBe(400);
    expect(hits()).toBe(2);
    expect(client.stats.waitedMs).toBe(50);
  });

  test('a 429 without Retry-After conforms (RFC 6585 §4: MAY): the check passes and the client waits 1 s', async () => {
    const { client, hits } = await clientFor([TOO_MANY(undefined), INVALID]);
    const exchange = await client.send(REQUEST, checkBeforeWaiting);
    expect(exchange.response.status).toBe(400);
    expect(hits()).toBe(2);
    expect(client.stats).toEqual({ requests: 2, rateLimited: 1, waitedMs: 1000 });
  });

  test('an unusable Retry-After stops the client rather than guessing a wait', async () => {
    const { client } = await clientFor([TOO_MANY('soon'), INVALID]);
    const error = await client.send(REQUEST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitExhaustedError);
    expect((error as Error).message).toMatch(/neither delay-seconds nor an HTTP-date \(4 characters/);
    // Tenant text is data on the error, never in its message (which reaches every report).
    expect((error as RateLimitExhaustedError).retryAfter).toBe('soon');
    expect((error as Error).message).not.toContain('soon');
  });

  test('sendOnce returns the 429 itself, never retries, and can skip pacing for the burst', async () => {
    const pacer = new Pacer(30_000);
    let slots = 0;
    pacer.slot = () => {
      slots++; // a paced second request would wait 30 s here
      return Promise.resolve();
    };
    const { client, hits, waits } = await clientFor([TOO_MANY('1')], { pacer });
    const first = await client.sendOnce(REQUEST, { paced: false });
    const second = await client.sendOnce(REQUEST, { paced: false });
    expect([first.response.status, second.response.status]).toEqual([429, 429]);
    expect(hits()).toBe(2);
    expect([slots, waits]).toEqual([0, []]);
    expect(client.stats).toEqual({ requests: 2, rateLimited: 0, waitedMs: 0 });
  });
});

test('every Set-Cookie of a response is recorded, a line each, not only the last', async () => {
  const cookies = ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT', 'c=3'];
  const { client } = await clientFor([
    { ...INVALID, headers: { ...INVALID.headers, 'set-cookie': cookies } },
  ]);
  const exchange = await client.send(REQUEST);
  expect(exchange.response.headers['set-cookie']).toBe(cookies.join('\n'));
  const { client: single } = await clientFor([
    { ...INVALID, headers: { ...INVALID.headers, 'set-cookie': 'only=1' } },
  ]);
  expect((await single.send(REQUEST)).response.headers['set-cookie']).toBe('only=1');
});
