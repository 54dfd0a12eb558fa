import { appendFileSync, mkdirSync } from 'node:fs';
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
  readonly exchanges: readonly Exchange[];
}

interface WorkerFixtures {
  suiteConfig: SuiteConfig;
  contract: OperationContract;
  client: TenantClient;
}

interface TestFixtures {
  api: Api;
  testData: TestData;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
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
  client: [
    async ({ suiteConfig }, use, workerInfo) => {
      const baseUrl = suiteConfig.target.baseUrl;
      if (!baseUrl)
        throw new Error(
          'No tenant address: the reference tenant was not started (run through playwright.config.ts).',
        );
      const workers = Math.max(1, workerInfo.config.workers);
      await use(
        new TenantClient({
          baseUrl,
          keys: { full: suiteConfig.credentials, restricted: suiteConfig.restrictedCredentials },
          timeoutMs: suiteConfig.requestTimeoutMs,
          pacer: new Pacer((1000 * workers) / suiteConfig.maxRequestsPerSecond),
          maxRetryAfterSeconds: suiteConfig.maxRetryAfterSeconds,
          max429InARow: suiteConfig.max429InARow,
          userAgent: `meetbit-conformance/0.1 (run ${suiteConfig.runId})`,
        }),
      );
    },
    { scope: 'worker' },
  ],
  testData: async ({ suiteConfig }, use, testInfo) => {
    await use(new TestData(suiteConfig.runId, testInfo.parallelIndex, suiteConfig.accountId));
  },
  api: async ({ client, contract, suiteConfig }, use, testInfo) => {
    const exchanges: Exchange[] = [];
    const before = { ...client.stats };
    const record = (exchange: Exchange): void => {
      exchanges.push(exchange);
      recordCreated(exchange, suiteConfig, testInfo);
    };
    const api: Api = {
      exchanges,
      async send(request) {
        let exchange: Exchange;
        try {
          exchange = await client.send(request, {
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
        expect(exchange, 'every response must conform to the contract').toMatchContract(contract);
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
