import { LATENCY_KINDS, type Latency } from './latency';
import type { Verdict } from './verdict-words';

/**
 * MEETBIT_HISTORY: one compact JSON line per run of a tenant (its verdict, counts, problem fingerprints,
 * p95s), appended by the reporter, so the HTML report can draw the last nights and a year of them stays a
 * small file. Pure: the lines and how to read them back; the file is the reporter's edge.
 */

/** One run as the trend draws it. */
export interface HistoryPoint {
  readonly runId?: string;
  readonly finishedAt: string;
  readonly verdict: Verdict;
  /** MUST problems not waived. */
  readonly problems: number;
  readonly warnings: number;
  /** p95 of every answer, ms. */
  readonly p95?: number;
}

/** A line of the file: the point, and what a later look at the nights needs beside it. */
export interface HistoryLine extends HistoryPoint {
  readonly v: 1;
  /** MEETBIT_TENANT_NAME, else the base URL; `reference` for the bundled tenant. */
  readonly tenant: string;
  readonly waived: number;
  readonly notVerifiedMust: number;
  /** The problems' fingerprints, at most MAX_FINGERPRINTS (then `moreFingerprints` counts the rest). */
  readonly fingerprints: readonly string[];
  readonly moreFingerprints?: number;
  /** p95 per kind of answer, ms. */
  readonly p95ByKind?: Readonly<Record<string, number>>;
}

const MAX_FINGERPRINTS = 50;
const VERDICTS: ReadonlySet<string> = new Set([
  'conforms',
  'conforms-with-warnings',
  'does-not-conform',
  'incomplete',
  'infrastructure-error',
  'configuration-error',
]);

/** The parts of a report a history line is made of (a ConformanceReport has them all). */
export interface ReportForHistory {
  readonly target: { readonly kind?: string; readonly name?: string; readonly baseUrl?: string };
  readonly runId?: string;
  readonly finishedAt: string;
  readonly verdict: Verdict;
  readonly problems: readonly {
    readonly fingerprint: string;
    readonly level: string;
    readonly waivedBy?: unknown;
  }[];
  readonly coverage: { readonly notVerified: readonly { readonly level: string }[] };
  readonly latency?: Latency;
}

export function tenantKey(target: ReportForHistory['target']): string {
  if (target.name) return target.name;
  return target.kind === 'reference' ? 'reference' : (target.baseUrl ?? 'unknown');
}

export function historyPointOf(report: ReportForHistory): HistoryPoint {
  const open = report.problems.filter((problem) => !problem.waivedBy);
  return {
    ...(report.runId ? { runId: report.runId } : {}),
    finishedAt: report.finishedAt,
    verdict: report.verdict,
    problems: open.filter((problem) => problem.level === 'must').length,
    warnings: open.filter((problem) => problem.level === 'should').length,
    ...(report.latency ? { p95: report.latency.overall.p95 } : {}),
  };
}

/** The line a run appends, newline included. */
export function historyLineOf(report: ReportForHistory): string {
  const fingerprints = report.problems.map((problem) => problem.fingerprint);
  const byKind = report.latency
    ? Object.fromEntries(
        LATENCY_KINDS.flatMap(({ kind }) => {
          const figures = report.latency?.byKind[kind];
          return figures ? [[kind, figures.p95]] : [];
        }),
      )
    : undefined;
  const line: HistoryLine = {
    v: 1,
    tenant: tenantKey(report.target),
    ...historyPointOf(report),
    waived: report.problems.filter((problem) => problem.waivedBy).length,
    notVerifiedMust: report.coverage.notVerified.filter((entry) => entry.level === 'must').length,
    fingerprints: fingerprints.slice(0, MAX_FINGERPRINTS),
    ...(fingerprints.length > MAX_FINGERPRINTS
      ? { moreFingerprints: fingerprints.length - MAX_FINGERPRINTS }
      : {}),
    ...(byKind ? { p95ByKind: byKind } : {}),
  };
  return `${JSON.stringify(line)}\n`;
}

/**
 * The runs of `tenant` in a history file's text, oldest first. A line that is not a run (cut short, edited,
 * from a future version) is counted, never fatal; another tenant's lines are left out.
 */
export function parseHistory(text: string, tenant: string): { runs: HistoryPoint[]; unreadable: number } {
  const runs: HistoryPoint[] = [];
  let unreadable = 0;
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    const point = readLine(raw);
    if (!point) unreadable++;
    else if (point.tenant === tenant) runs.push(point.run);
  }
  return { runs, unreadable };
}

function readLine(raw: string): { tenant: string; run: HistoryPoint } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const line = value as Partial<Record<keyof HistoryLine, unknown>>;
  const count = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (
    line.v !== 1 ||
    typeof line.tenant !== 'string' ||
    typeof line.finishedAt !== 'string' ||
    Number.isNaN(Date.parse(line.finishedAt)) ||
    typeof line.verdict !== 'string' ||
    !VERDICTS.has(line.verdict) ||
    !count(line.problems) ||
    !count(line.warnings) ||
    (line.p95 !== undefined && !count(line.p95)) ||
    (line.runId !== undefined && typeof line.runId !== 'string')
  )
    return undefined;
  return {
    tenant: line.tenant,
    run: {
      ...(typeof line.runId === 'string' ? { runId: line.runId.slice(0, 60) } : {}),
      finishedAt: line.finishedAt.slice(0, 40),
      verdict: line.verdict as Verdict,
      problems: line.problems as number,
      warnings: line.warnings as number,
      ...(line.p95 !== undefined ? { p95: line.p95 as number } : {}),
    },
  };
}
