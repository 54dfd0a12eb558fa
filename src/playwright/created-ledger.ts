import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { TestInfo } from '@playwright/test';
import type { PlannedRequest } from '../client/client';
import type { SuiteConfig } from '../config/config';
import type { Exchange } from '../contract';
import { output } from './output';

/**
 * The ledger of conferences a run created: reports/created.jsonl, one line per create the tenant accepted
 * (and per create whose answer was lost, as possibly created), labelled with the run id and the test, so a
 * tenant's owner can find and clean up test data. The conformance reporter turns it into created.json.
 */
/**
 * A create whose response was lost (timeout, reset) may exist on the tenant: it goes into
 * created.jsonl as possibly created, with the public_id the suite sent, so clean-up can look for it.
 */
export function recordPossiblyCreated(
  request: PlannedRequest,
  config: SuiteConfig,
  testInfo: TestInfo,
): void {
  const sent = (request.json ?? parseObject(request.raw?.body)) as { public_id?: unknown; title?: unknown };
  if (request.auth === 'none' || typeof sent !== 'object' || sent === null || sent.public_id === undefined)
    return;
  appendCreated(config, {
    id: null,
    public_id: sent.public_id,
    title: sent.title ?? null,
    created_at: null,
    possibly_created: true,
    recorded_at: new Date().toISOString(),
    run_id: config.runId,
    test: testInfo.titlePath.slice(1).join(' › '),
  });
}

function appendCreated(config: SuiteConfig, entry: Record<string, unknown>): void {
  mkdirSync(config.reportsDir, { recursive: true });
  const line = JSON.stringify(output().value(entry, { numbers: true }));
  appendFileSync(path.join(config.reportsDir, 'created.jsonl'), `${line}\n`);
}

export function recordCreated(exchange: Exchange, config: SuiteConfig, testInfo: TestInfo): void {
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
  appendCreated(config, entry);
}

function parseObject(text: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text ?? '');
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
