import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Exchange } from '../contract/exchange';
import { dispositionOf } from '../contract/semantics';
import type { Sanitizer } from '../safety/sanitize';
import type { PlannedRequest } from './client';

/**
 * The ledger of conferences a run created on the tenant: reports/created.jsonl, one line per create the
 * tenant accepted (the preflight's setup create included), and one per create whose answer was lost, as
 * possibly created; each labelled with the run id and what sent it, so a tenant's owner can find and clean
 * up test data. The conformance reporter turns it into created.json.
 */
export interface Ledger {
  readonly reportsDir: string;
  readonly runId: string;
  /** Every line passes the output exit: tenant text, and numbers that may equal a credential. */
  readonly clean: Sanitizer;
}

/** An accepted create (any 2xx: a tenant answering 201 still created a conference). */
export function recordCreated(ledger: Ledger, exchange: Exchange, sentBy: string): void {
  if (dispositionOf(exchange.response.status) !== 'accepted') return;
  const data = parseObject(exchange.response.body).data as
    { id?: unknown; public_id?: unknown; title?: unknown; created_at?: unknown } | undefined;
  const sent = parseObject(exchange.request.body);
  append(ledger, {
    id: data?.id ?? null,
    public_id: data?.public_id ?? sent.public_id ?? null,
    title: data?.title ?? sent.title ?? null,
    created_at: data?.created_at ?? null,
    recorded_at: new Date().toISOString(),
    run_id: ledger.runId,
    test: sentBy,
  });
}

/**
 * A create whose response was lost (timeout, reset) may exist on the tenant: it goes into the ledger as
 * possibly created, with the public_id the suite sent, so clean-up can look for it.
 */
export function recordPossiblyCreated(ledger: Ledger, request: PlannedRequest, sentBy: string): void {
  const sent = (request.json ?? parseObject(request.raw?.body)) as { public_id?: unknown; title?: unknown };
  if (request.auth === 'none' || typeof sent !== 'object' || sent === null || sent.public_id === undefined)
    return;
  append(ledger, {
    id: null,
    public_id: sent.public_id,
    title: sent.title ?? null,
    created_at: null,
    possibly_created: true,
    recorded_at: new Date().toISOString(),
    run_id: ledger.runId,
    test: sentBy,
  });
}

function append(ledger: Ledger, entry: Record<string, unknown>): void {
  mkdirSync(ledger.reportsDir, { recursive: true });
  const line = JSON.stringify(ledger.clean.value(entry, { numbers: true }));
  appendFileSync(path.join(ledger.reportsDir, 'created.jsonl'), `${line}\n`);
}

function parseObject(text: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text ?? '');
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
