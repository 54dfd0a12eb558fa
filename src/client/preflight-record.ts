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
  /** What the preflight warned about (an empty body accepted, ...), cleaned by the output exit. */
  readonly warnings?: readonly string[];
}

const FILE = 'preflight.json';
const MAX_WARNINGS = 10;
const MAX_WARNING_LENGTH = 2000;

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
    const warnings = Array.isArray(record.warnings)
      ? record.warnings
          .filter((warning): warning is string => typeof warning === 'string')
          .slice(0, MAX_WARNINGS)
          .map((warning) => warning.slice(0, MAX_WARNING_LENGTH))
      : [];
    return {
      runId: record.runId ?? '',
      requests: record.requests,
      created: Number(record.created ?? 0),
      warnings,
    };
  } catch {
    return undefined;
  }
}
