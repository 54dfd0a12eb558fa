import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { REFERENCE_ACCOUNT_IDS, REFERENCE_KEYS } from '../src/tenant/defaults';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PRISM_CLI = fileURLToPath(
  new URL('../node_modules/@stoplight/prism-cli/dist/index.js', import.meta.url),
);

export interface Server {
  readonly name: string;
  /** Full URL of POST /online_conferences on this server. */
  readonly createUrl: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export interface LoadResult {
  readonly server: string;
  readonly requestsPerSecond: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly p50: number;
  readonly p975: number;
  readonly p99: number;
  readonly statusCodes: Record<string, number>;
}

const HEADERS = {
  'content-type': 'application/json',
  'x-access-key-id': REFERENCE_KEYS.full.id,
  'x-access-key-secret': REFERENCE_KEYS.full.secret,
};

export function validCreate(publicId: string): string {
  return JSON.stringify({
    online_conference_account_id: REFERENCE_ACCOUNT_IDS[0],
    public_id: publicId,
    title: 'Bench conference',
    is_public: true,
  });
}

/** `npm run tenant -- --no-rate-limit` without the npm wrapper, in its own process on a free loopback port. */
export async function startReferenceTenant(): Promise<Server> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/tenant/main.ts', '--port', String(port), '--no-rate-limit'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`The tenant did not start:\n${output}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on (\S+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`The tenant exited (${code}):\n${output}`)));
  });
  return server('reference tenant', `${baseUrl}/online_conferences`, child);
}

/** Prism's mock server on the fixed spec, logging off (`-v silent`) so it is not charged for its logs. */
export async function startPrism(specPath: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [PRISM_CLI, 'mock', '-h', '127.0.0.1', '-p', String(port), '-v', 'silent', specPath],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  const prism = server('Prism mock', `http://127.0.0.1:${port}/online_conferences`, child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Prism exited (${child.exitCode}):\n${errors}`);
    try {
      await fetch(prism.createUrl, { method: 'OPTIONS' });
      return prism;
    } catch {
      if (Date.now() > deadline) {
        await prism.stop();
        throw new Error(`Prism did not listen within 60 s:\n${errors}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** One valid create must get 200 before any load is measured: a server answering 4xx fast proves nothing. */
export async function answersValidCreate(target: Server): Promise<{ status: number; body: string }> {
  const response = await fetch(target.createUrl, {
    method: 'POST',
    headers: HEADERS,
    body: validCreate(`bench-probe-${Date.now()}`),
  });
  return { status: response.status, body: (await response.text()).slice(0, 300) };
}

let sequence = 0;

/**
 * Bounded load on one server: `connections` keep-alive connections for `seconds`, every request a valid
 * create with a public_id never sent before (the tenant answers a repeated one with 400).
 */
export async function load(target: Server, seconds: number, connections: number): Promise<LoadResult> {
  const prefix = `bench-${process.pid}-${Date.now()}-${sequence++}`;
  let counter = 0;
  const result = await autocannon({
    url: target.createUrl,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        headers: HEADERS,
        setupRequest: (request) => ({ ...request, body: validCreate(`${prefix}-${counter++}`) }),
      },
    ],
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = count;
  return {
    server: target.name,
    requestsPerSecond: result.requests.average,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    statusCodes,
  };
}

function server(name: string, createUrl: string, child: ChildProcess): Server {
  return {
    name,
    createUrl,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
