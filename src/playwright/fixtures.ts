import { test as base, type TestInfo } from '@playwright/test';
import { InfrastructureError, RateLimitExhaustedError } from '../client/errors';
import type { PlannedRequest, TenantClient } from '../client/client';
import { suiteClient } from '../client/suite-client';
import { loadConfig } from '../config/env';
import type { SuiteConfig } from '../config/config';
import { loadSuiteOperation, type Exchange, type OperationContract } from '../contract';
import { TestData } from '../cases/test-data';
import { CircuitBreaker } from './circuit-breaker';
import { expectConforms, expectConformingThrottle } from './contract-expect';
import { keepWorkerAfterFailure } from './kept-worker';
import { against, expect } from './matchers';
import { observationsOf, recordExchange, type ObservedFailure } from './observed';
import { annotate, attachJson, sealTest, skipTest } from './handoff';
import { output } from './output';
import { recordCreated, recordPossiblyCreated, type Ledger } from '../client/created-ledger';
import { LatencyRecorder } from '../report/latency';

const MAX_RECORDED_EXCHANGES = 12;
const MAX_RECORDED_FAILURES = 100;
/** After a target's name (empty for the bundled tenant): its burst instance. Variant names are plain words. */
const BURST_SUFFIX = '#burst';
/** Bytes of one body kept in an attachment: enough to read, bounded however much the tenant sends. */
const MAX_ATTACHED_BODY_CHARS = 64 * 1024;
/** Faults after which a create may have been processed: the request went out, no answer came back. */
const MAY_HAVE_ARRIVED = new Set(['timeout', 'reset', 'too-large', 'network']);

/** What a harness's config may put in the `harness` seam: a test fixture that runs around each test. */
export type HarnessFixture = (
  fixtures: { target: string },
  use: () => Promise<void>,
  testInfo: TestInfo,
) => Promise<void>;

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

/**
 * What a harness's config may put in the `targetGate` seam: called once per tenant and spec file, before the
 * first of its tests a worker runs. A test skipped there skips the rest of them without setting up a fixture.
 */
export type TargetGate = (target: string, testInfo: TestInfo) => void;

interface WorkerFixtures {
  /** The harness's gate per tenant and file (TargetGate): none in a normal run, which has one unnamed tenant. */
  targetGate: TargetGate;
  suiteConfig: SuiteConfig;
  testData: TestData;
  contract: OperationContract;
  /** One client per tenant, created on first use; a normal run has exactly one tenant. */
  clientFor: (target: string) => TenantClient;
}

interface TestFixtures {
  /** Cleans what Playwright reports of the test (errors, annotations, skip reasons): see handoff.ts. */
  handoff: void;
  /** Playwright's own per-test recorder of browser artifacts, replaced by nothing (see below). */
  _setupArtifacts: void;
  /** Playwright's per-test configuration of browser and request contexts, replaced by nothing (see below). */
  _setupContextOptions: void;
  /** Which tenant a test talks to: '' is the configured one; the self-test names its variants. */
  target: string;
  /** Attaches what the test's matchers observed (failures, verified requirements) for the reporter. */
  observations: void;
  /** Keeps the worker after a failed test (see kept-worker.ts). */
  keptWorker: void;
  /**
   * The one seam for a test harness, around every test: none in a normal run. The self-test's config sets
   * its kill switch here (tests/selftest/kill-switch.ts), so no self-test machinery lives in the product.
   */
  harness: void;
  circuitBreaker: void;
  client: TenantClient;
  /** The rate-limit burst's client: the tenant's, except with the bundled tenant (its own instance). */
  burstClient: TenantClient;
  api: Api;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // First, so it is torn down last: every other fixture's errors and annotations are in by then.
  handoff: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use, testInfo) => {
      await use();
      sealTest(testInfo);
    },
    { auto: true, box: 'self' },
  ],
  // The suite drives no browser and records no trace (trace: 'off', no header may enter one). Playwright's
  // recorder for screenshots and traces still ran for every test, setting up some thirty browser-context
  // option fixtures, each a step with a captured stack: most of a worker's CPU time. Overridden to nothing.
  _setupArtifacts: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => use(),
    // Playwright registers it so; its public types know only `auto: true`.
    { auto: 'all-hooks-included' as unknown as true, box: 'self' },
  ],
  // Likewise for the contexts the suite never creates (selectors' test id, default action timeouts): per test
  // a step, and three option fixtures' steps, each with a captured stack. Overridden to nothing.
  _setupContextOptions: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => use(),
    { auto: 'all-hooks-included' as unknown as true, box: 'self' },
  ],
  target: ['', { option: true, box: 'self' }],
  // eslint-disable-next-line no-empty-pattern
  targetGate: [async ({}, use) => use(() => {}), { scope: 'worker', option: true, box: 'self' }],
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
      await use(await loadSuiteOperation());
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
          client = suiteClient(suiteConfig, baseUrlOf(suiteConfig, target), workers);
          clients.set(target, client);
        }
        return client;
      });
    },
    { scope: 'worker' },
  ],
  client: [
    async ({ clientFor, target }, use) => {
      await use(clientFor(target));
    },
    { box: 'self' },
  ],
  burstClient: async ({ clientFor, suiteConfig, target }, use) => {
    // The bundled tenant and each self-test variant give the burst an instance of its own.
    await use(clientFor(burstUrlOf(suiteConfig, target) ? `${target}${BURST_SUFFIX}` : target));
  },
  testData: [
    async ({ suiteConfig }, use, workerInfo) => {
      // workerIndex, unlike parallelIndex, is never reused within a run, so ids never collide.
      await use(
        new TestData(
          suiteConfig.runId,
          workerInfo.workerIndex,
          suiteConfig.accountId,
          suiteConfig.shard?.index,
          suiteConfig.backerEventId,
        ),
      );
    },
    { scope: 'worker' },
  ],
  keptWorker: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use, testInfo) => {
      await use();
      keepWorkerAfterFailure(testInfo);
    },
    { auto: true, box: 'self' },
  ],
  // A normal run sets no harness: this does nothing. See HarnessFixture.
  // eslint-disable-next-line no-empty-pattern
  harness: [async ({}, use) => use(), { auto: true, option: true, box: 'self' }],
  observations: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use, testInfo) => {
      await use();
      // Through the output exit like every attachment: the exchanges in it are raw tenant text.
      attachJson(testInfo, 'conformance-failures', failuresAttachment(testInfo));
    },
    { auto: true, box: 'self' },
  ],
  circuitBreaker: [
    async ({ suiteConfig }, use, testInfo) => {
      const breaker = CircuitBreaker.forRun(
        suiteConfig.reportsDir,
        suiteConfig.runId,
        suiteConfig.maxInfraErrorsInARow,
      );
      const open = breaker.openBecause();
      if (open) {
        annotate(testInfo, 'infrastructure-error', 'circuit-open');
        annotate(testInfo, 'circuit-open', open);
        skipTest(testInfo, `Not run: ${open}.`);
      }
      await use();
      const fault = testInfo.annotations.find((a) => a.type === 'infrastructure-error')?.description;
      if (fault) breaker.record(fault);
      else if (testInfo.status !== 'skipped') breaker.record('ok');
    },
    { auto: true, box: 'self' },
  ],
  api: [
    async ({ client, contract, suiteConfig }, use, testInfo) => {
      const exchanges: Exchange[] = [];
      const before = { ...client.stats };
      const statuses: Record<string, number> = {};
      const latency = new LatencyRecorder();
      const ledger: Ledger = {
        reportsDir: suiteConfig.reportsDir,
        runId: suiteConfig.runId,
        clean: output(),
      };
      const sentBy = testInfo.titlePath.slice(1).join(' › ');
      const record = (exchange: Exchange): void => {
        statuses[exchange.response.status] = (statuses[exchange.response.status] ?? 0) + 1;
        latency.record(exchange.response.status, exchange.durationMs);
        exchanges.push(exchange);
        recordExchange(testInfo, exchange);
        recordCreated(ledger, exchange, sentBy);
      };
      const sendUnchecked = async (request: PlannedRequest): Promise<Exchange> => {
        try {
          return await client.send(request, {
            onExchange: record,
            onRateLimited: (limited) => expectConformingThrottle(limited, contract),
          });
        } catch (error) {
          if (error instanceof InfrastructureError) {
            annotate(testInfo, 'infrastructure-error', error.fault);
            if (MAY_HAVE_ARRIVED.has(error.fault)) recordPossiblyCreated(ledger, request, sentBy);
          } else if (error instanceof RateLimitExhaustedError) {
            // The tenant answered, but kept the suite waiting past its bounds: what this test verifies is
            // inconclusive, not failed. Skipped unless something already failed (a skip must hide nothing).
            // The message is the suite's own words; what the tenant sent is in the recorded 429 exchange.
            markNotVerified(testInfo, error.message);
            // Counted by the circuit breaker: a tenant that throttles forever ends the run, bounded.
            annotate(testInfo, 'infrastructure-error', 'rate-limit-exhausted');
            if (testInfo.errors.length === 0) skipTest(testInfo, `inconclusive: ${error.message}`);
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
          // Soft: a response that breaks the contract is one problem, and what the test checks next (its
          // status, its echo, that nothing was created) may be another; neither may hide the other.
          expectConforms(exchange, contract);
          return exchange;
        },
      };
      try {
        await use(api);
      } finally {
        // Attachments reach every Playwright report: cut, then cleaned at the output exit.
        attachJson(
          testInfo,
          'conformance-exchanges',
          exchanges.slice(-MAX_RECORDED_EXCHANGES).map(cutBodies),
        );
        attachJson(testInfo, 'conformance-stats', {
          requests: client.stats.requests - before.requests,
          rateLimited: client.stats.rateLimited - before.rateLimited,
          waitedMs: client.stats.waitedMs - before.waitedMs,
          statuses,
          latency: latency.toJSON(),
          ...(client.pace ? { pace: client.pace } : {}),
        });
      }
    },
    { box: 'self' },
  ],
});

/**
 * The test's observed failures (at most MAX_RECORDED_FAILURES, with the total) and only the exchanges they
 * refer to, re-indexed: what the reporter needs to group problems and show one exchange each.
 */
export function failuresAttachment(testInfo: TestInfo): {
  total: number;
  failures: ObservedFailure[];
  exchanges: Exchange[];
  verified: string[];
} {
  const { failures, exchanges, verified } = observationsOf(testInfo);
  const kept = failures.slice(0, MAX_RECORDED_FAILURES);
  const referenced = [...new Set(kept.map((failure) => failure.exchange))].filter((index) => index >= 0);
  const reindex = new Map(referenced.map((index, position) => [index, position]));
  return {
    total: failures.length,
    failures: kept.map((failure) => ({
      ...failure,
      exchange: reindex.get(failure.exchange) ?? -1,
      sequence: failure.exchange,
    })),
    exchanges: referenced
      .map((index) => exchanges[index])
      .filter((exchange) => exchange !== undefined)
      .map(cutBodies),
    verified: [...verified],
  };
}

/**
 * A `not-verified` annotation per requirement the test declares (`<id>: <why>`), which the reporter counts
 * as not verified; the message names the setting that would let it complete.
 */
export function markNotVerified(testInfo: TestInfo, why: string): void {
  const declared = testInfo.annotations
    .filter((a) => a.type === 'requirement')
    .map((a) => a.description ?? '');
  const ids =
    declared.length > 0
      ? declared
      : testInfo.annotations.filter((a) => a.type === 'case').map((a) => a.description ?? '');
  for (const id of ids) annotate(testInfo, 'not-verified', `${id}: ${why}`);
}

function baseUrlOf(config: SuiteConfig, target: string): string {
  const baseUrl = target.endsWith(BURST_SUFFIX)
    ? burstUrlOf(config, target.slice(0, -BURST_SUFFIX.length))
    : target
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

/** The burst's own instance of a target, when it has one: the bundled tenant's, or a self-test variant's. */
function burstUrlOf(config: SuiteConfig, target: string): string | undefined {
  if (target) return config.selftestTargets?.find((candidate) => candidate.name === target)?.burstBaseUrl;
  return config.target.kind === 'reference' ? config.target.burstBaseUrl : undefined;
}

/** The tenants of this run: one unnamed in a normal run, every variant in the self-test. */
export function targetsOfRun(): readonly string[] {
  return loadConfig().selftestTargets?.map((target) => target.name) ?? [''];
}

/** Self-test tenants whose tests of one file make one group (see describeContract). */
const TARGETS_A_GROUP = 8;

/** As test.describe's details: how many self-test tenants a group holds, for a file of a few long tests. */
export interface ContractDetails {
  readonly targetsAGroup?: number;
}

/**
 * `test.describe` once per tenant of the run. A normal run has one tenant and the titles stay as
 * written; the self-test gets `@variant` suffixes and a `target` annotation, all in the same two
 * workers (a project per tenant would start a worker process per tenant). There, the tests of a few
 * tenants in one file are one group, run in order by one worker: dispatched one at a time, Playwright
 * manages ~60 tests a second here, and a worker prepares each group from its whole file (thousands of
 * tests), so neither one group per test nor one per tenant; a hundred or so keeps both workers busy to the end.
 * A file of a few long tests (the fuzz phase) says so in its details: one tenant a group, and the other files'
 * short groups fill in around them (with eight tenants a group, one worker ran its last ~2 s alone).
 */
export function describeContract(
  title: string,
  ...args: [body: () => void] | [details: ContractDetails, body: () => void]
): void {
  const [{ targetsAGroup = TARGETS_A_GROUP }, body] = args.length === 1 ? [{}, args[0]] : args;
  const targets = targetsOfRun();
  if (targets.length === 1 && !targets[0]) {
    test.describe(title, body);
    return;
  }
  for (let i = 0; i < targets.length; i += targetsAGroup) {
    test.describe(() => {
      test.describe.configure({ mode: 'default' });
      for (const target of targets.slice(i, i + targetsAGroup)) {
        test.describe(`${title} @${target}`, { annotation: { type: 'target', description: target } }, () => {
          // As a tuple: a plain value would drop the fixture's `box`, and make a step of every test's teardown.
          test.use({ target: [target, { scope: 'test', box: 'self' }] });
          // The harness's gate (the self-test's kill switch): a skip here reaches every test of this block.
          test.beforeAll(({ targetGate }, testInfo) => targetGate(target, testInfo));
          body();
        });
      }
    });
  }
}

function cutBodies(exchange: Exchange): Exchange {
  const cut = (body: string): string =>
    body.length > MAX_ATTACHED_BODY_CHARS
      ? `${body.slice(0, MAX_ATTACHED_BODY_CHARS)}… (${body.length} characters, cut)`
      : body;
  const { request, response } = exchange;
  return {
    ...exchange,
    request: request.body === undefined ? request : { ...request, body: cut(request.body) },
    response: { ...response, body: cut(response.body) },
  };
}

export { against, expect };
