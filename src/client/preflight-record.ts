import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What the CLI's preflight sent and created, for the run's footprint: the reporter runs in another process
 * (Playwright's), so the CLI leaves it in the reports folder as `preflight.json`, keyed by run id.
 */
export interface PreflightRecord {
  readonly runId: string;
  readonly requests: number;
  readonly created: number;
}

const FILE = 'preflight.json';

export function writePreflightRecord(reportsDir: string, record: PreflightRecord): void {
  mkdirSync(reportsDir, { recursive: true });
  writeFileSync(path.join(reportsDir, FILE), `${JSON.stringify(record)}\n`);
}

/** This run's record, or none (the bundled tenant, or a run started without the CLI). */
export function readPreflightRecord(
  reportsDir: string,
  runId: string | undefined,
): PreflightRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(path.join(reportsDir, FILE), 'utf8')) as Partial<PreflightRecord>;
    if (record.runId !== runId || typeof record.requests !== 'number') return undefined;
    return { runId: record.runId ?? '', requests: record.requests, created: Number(record.created ?? 0) };
  } catch {
    return undefined;
  }
}
