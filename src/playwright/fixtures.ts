import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test as base, type TestInfo } from '@playwright/test';
import { InfrastructureError, RateLimitExhaustedError } from '../client/errors';
import { TenantClient, type PlannedRequest } from '../client/client';
import { Pacer } from '../client/pacer';
import { loadConfig } from '../config/env';
import type { SuiteConfig } from '../config/config';
import { loadSpec, operationContract, type Exchange, type OperationContract } from '../contract';
import { TestData } from '../cases/test-data';
import { expect } from './matchers';

export const OPERATION = { method: 'post', path: '/online_conferences' } as const;
const MAX_RECORDED_EXCHANGES = 12;

export interface Api {
  /** Sends through the suite's client and checks the response against the contract before returning it. */
  send(request: PlannedRequest): Promise<Exchange>;
  /**
   * For a phase that judges many responses as data (the fuzz phase): sends and records like `send`, but
   * asserts nothing; the caller checks each exchange and reports what matters.
   */
  sendUnchecked(request: PlannedRequest): Promise<Exchange>;
  /** Re-records `exchange` as the test's latest, so reports show it, and its curl, as the test's exchange. */
  spotlight(exchange: Exchange): void;
  readonly exchanges: readonly Exchange[];
}

interface WorkerFixtures {
  suiteConfig: SuiteConfig;
  testData: TestData;
  contract: OperationContract;
  /** One client per tenant, created on first use; a normal run has exactly one tenant. */
  clientFor: (target: string) => TenantClient;
}

interface TestFixtures {
  /** Which tenant a test talks to: '' is the configured one; the self-test names its variants. */
  target: string;
  selftestKeepsWorker: void;
  client: TenantClient;
  api: Api;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  target: ['', { option: true }],
  suiteConfig: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use(loadConfig());
    },
    { scope: 'worker' },
  ],
  contract: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const spec = await loadSpec();
      await use(operationContract(spec, OPERATION.method, OPERATION.path));
    },
    { scope: 'worker' },
  ],
  clientFor: [
    async ({ suiteConfig }, use, workerInfo) => {
      const workers = Math.max(1, workerInfo.config.workers);
      const clients = new Map<string, TenantClient>();
      await use((target) => {
        let client = clients.get(target);
        if (!client) {
          client = new TenantClient({
            baseUrl: baseUrlOf(suiteConfig, target),
            keys: { full: suiteConfig.credentials, restricted: suiteConfig.restrictedCredentials },
            timeoutMs: suiteConfig.requestTimeoutMs,
            pacer: new Pacer((1000 * workers) / suiteConfig.maxRequestsPerSecond),
            maxRetryAfterSeconds: suiteConfig.maxRetryAfterSeconds,
            max429InARow: suiteConfig.max429InARow,
            userAgent: `meetbit-conformance/0.1 (run ${suiteConfig.runId})`,
          });
          clients.set(target, client);
        }
        return client;
      });
    },
    { scope: 'worker' },
  ],
  client: async ({ clientFor, target }, use) => {
    await use(clientFor(target));
  },
  testData: [
    async ({ suiteConfig }, use, workerInfo) => {
      // workerIndex, unlike parallelIndex, is never reused within a run, so ids never collide.
      await use(new TestData(suiteConfig.runId, workerInfo.workerIndex, suiteConfig.accountId));
    },
    { scope: 'worker' },
  ],
  selftestKeepsWorker: [
    async ({ suiteConfig, target }, use, testInfo) => {
      const catches = suiteConfig.selftestTargets?.find((t) => t.name === target)?.catches ?? [];
      const killedFile = path.join(suiteConfig.reportsDir, 'selftest-killed.txt');
      // Self-test only, as mutation tools do: a variant whose named check has failed is proven caught;
      // its remaining tests are skipped. Correct tenants name no check and always run everything.
      if (catches.length > 0 && killedTargets(killedFile).has(target))
        testInfo.skip(true, `variant ${target} already caught`);
      await use();
      if (!suiteConfig.selftestTargets || testInfo.status === testInfo.expectedStatus) return;
      // Its faulty tenants fail hundreds of tests, and Playwright would start a new worker after
      // each. Marking a test that already failed as expected-to-fail keeps the worker; its status
      // stays "failed", which is what the self-test reads. Normal runs are untouched.
      testInfo.expectedStatus = 'failed';
      const failed = testInfo.annotations
        .filter((a) => a.type === 'check' || a.type === 'failed-check')
        .map((a) => a.description ?? '');
      if (failed.some((check) => catches.includes(check))) appendFileSync(killedFile, `${target}\n`);
    },
    { auto: true },
  ],
  api: async ({ client, contract, suiteConfig }, use, testInfo) => {
    const exchanges: Exchange[] = [];
    const before = { ...client.stats };
    const record = (exchange: Exchange): void => {
      exchanges.push(exchange);
      recordCreated(exchange, suiteConfig, testInfo);
    };
    const sendUnchecked = async (request: PlannedRequest): Promise<Exchange> => {
      try {
        return await client.send(request, {
          onExchange: record,
          onRateLimited: (limited) =>
            expect(limited, 'a 429 must conform before the suite waits on it').toMatchContract(contract),
        });
      } catch (error) {
        if (error instanceof InfrastructureError) {
          testInfo.annotations.push({ type: 'infrastructure-error', description: error.fault });
        } else if (error instanceof RateLimitExhaustedError) {
          testInfo.annotations.push({ type: 'infrastructure-error', description: 'rate-limit-exhausted' });
        }
        throw error;
      }
    };
    const api: Api = {
      exchanges,
      sendUnchecked,
      spotlight(exchange) {
        exchanges.push(exchange);
      },
      async send(request) {
        const exchange = await sendUnchecked(request);
        expect(exchange, 'every response must conform to the contract, and no server error').toMatchContract(
          contract,
          { serverErrors: 'fail' },
        );
        return exchange;
      },
    };
    try {
      await use(api);
    } finally {
      testInfo.attachments.push({
        name: 'conformance-exchanges',
        contentType: 'application/json',
        body: Buffer.from(JSON.stringify(exchanges.slice(-MAX_RECORDED_EXCHANGES))),
      });
      testInfo.attachments.push({
        name: 'conformance-stats',
        contentType: 'application/json',
        body: Buffer.from(
          JSON.stringify({
            requests: client.stats.requests - before.requests,
            rateLimited: client.stats.rateLimited - before.rateLimited,
            waitedMs: client.stats.waitedMs - before.waitedMs,
          }),
        ),
      });
    }
  },
});

/** Targets the self-test has already caught; the file is shared by every worker of the run. */
function killedTargets(file: string): Set<string> {
  try {
    return new Set(readFileSync(file, 'utf8').split('\n'));
  } catch {
    return new Set();
  }
}

function baseUrlOf(config: SuiteConfig, target: string): string {
  const baseUrl = target
    ? config.selftestTargets?.find((candidate) => candidate.name === target)?.baseUrl
    : config.target.baseUrl;
  if (!baseUrl) {
    throw new Error(
      target
        ? `Unknown self-test target "${target}"`
        : 'No tenant address: the reference tenant was not started (run through playwright.config.ts).',
    );
  }
  return baseUrl;
}

/** The tenants of this run: one unnamed in a normal run, every variant in the self-test. */
export function targetsOfRun(): readonly string[] {
  return loadConfig().selftestTargets?.map((target) => target.name) ?? [''];
}

/**
 * `test.describe` once per tenant of the run. A normal run has one tenant and the titles stay as
 * written; the self-test gets `@variant` suffixes and a `target` annotation, all in the same two
 * workers (a project per tenant would start a worker process per tenant).
 */
export function describeContract(title: string, body: () => void): void {
  for (const target of targetsOfRun()) {
    if (!target) {
      test.describe(title, body);
      continue;
    }
    test.describe(`${title} @${target}`, { annotation: { type: 'target', description: target } }, () => {
      test.use({ target });
      body();
    });
  }
}

function recordCreated(exchange: Exchange, config: SuiteConfig, testInfo: TestInfo): void {
  if (exchange.response.status !== 200) return;
  const data = parseObject(exchange.response.body).data as
    { id?: unknown; public_id?: unknown; title?: unknown; created_at?: unknown } | undefined;
  const sent = parseObject(exchange.request.body);
  const entry = {
    id: data?.id ?? null,
    public_id: data?.public_id ?? sent.public_id ?? null,
    title: data?.title ?? sent.title ?? null,
    created_at: data?.created_at ?? null,
    recorded_at: new Date().toISOString(),
    run_id: config.runId,
    test: testInfo.titlePath.slice(1).join(' › '),
  };
  mkdirSync(config.reportsDir, { recursive: true });
  appendFileSync(path.join(config.reportsDir, 'created.jsonl'), `${JSON.stringify(entry)}\n`);
}

function parseObject(text: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text ?? '');
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export { expect };
