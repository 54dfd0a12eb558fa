import type { Level } from '../contract/requirements';
import { kindLabel, type Latency, type LatencyKind } from './latency';
import type { Problem, RequirementResult, RequirementStatus } from './verdict';
import type { Verdict } from './verdict-words';

/**
 * What changed since a previous run of the same tenant (its conformance.json, the baseline): problems
 * compared by fingerprint (the same defect keeps it whatever the seed or run id), requirements by status,
 * response times by p95 per kind of answer. Pure over plain data; reading the file is the edge's job.
 */

export const BASELINE_FORMAT = 'meetbit-conformance/3';

/** The parts of a previous conformance.json the comparison reads; the edge validated it against the schema. */
export interface BaselineReport {
  readonly format: string;
  readonly operation?: string;
  readonly target: { readonly kind?: string; readonly name?: string; readonly baseUrl?: string };
  readonly spec?: { readonly sha256?: string } | null;
  readonly runId?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly verdict: Verdict;
  readonly problems: readonly {
    readonly fingerprint?: string;
    readonly requirement: string;
    readonly level: Level;
    readonly title: string;
    readonly waivedBy?: unknown;
  }[];
  readonly requirements?: readonly {
    readonly id: string;
    readonly level: Level;
    readonly status: RequirementStatus;
    readonly notRun?: string;
  }[];
  readonly latency?: Latency;
  readonly suite?: { readonly version?: string | null };
}

/** What the run being judged is: a baseline must be of the same tenant, operation and spec. */
export interface RunIdentity {
  readonly operation: string;
  readonly target: { readonly kind?: string; readonly name?: string; readonly baseUrl?: string };
  readonly specSha256?: string;
}

/** What a report keeps of its baseline: enough to say "since run X of <date>". */
export interface BaselineRef {
  readonly runId?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly verdict: Verdict;
  readonly suiteVersion?: string;
}

export interface ProblemChange {
  readonly fingerprint: string;
  readonly requirement: string;
  readonly level: Level;
  readonly title: string;
  readonly waived?: true;
}

export interface RequirementChange {
  readonly id: string;
  readonly level: Level;
  readonly from: RequirementStatus;
  readonly to: RequirementStatus;
  /** One side was not run by choice (a setting off, a filter): shown, but not news a night is judged on. */
  readonly notRun?: true;
}

export interface LatencyRegression {
  readonly kind: LatencyKind | 'overall';
  readonly baselineP95: number;
  readonly p95: number;
}

export interface Changes {
  readonly new: readonly ProblemChange[];
  readonly resolved: readonly ProblemChange[];
  readonly unchanged: readonly ProblemChange[];
  readonly requirements: readonly RequirementChange[];
  readonly latency: readonly LatencyRegression[];
}

/** A p95 that grew by more than half and by at least 100 ms is a regression; fewer than 5 answers is noise. */
export const LATENCY_REGRESSION = { ratio: 1.5, minMs: 100, minCount: 5 } as const;

/** Why a baseline cannot be compared with this run, or undefined when it can. */
export function baselineRefusal(baseline: BaselineReport, run: RunIdentity): string | undefined {
  const from = `The baseline (run ${short(baseline.runId ?? 'without an id')}${baseline.finishedAt ? ` of ${short(baseline.finishedAt)}` : ''})`;
  if (baseline.format !== BASELINE_FORMAT)
    return `${from} is in format ${JSON.stringify(baseline.format)}; this suite compares only ${BASELINE_FORMAT} reports. Start without a baseline once.`;
  if (
    baseline.verdict === 'configuration-error' ||
    baseline.verdict === 'infrastructure-error' ||
    !baseline.requirements
  )
    return `${from} has no verdict to compare with (${baseline.verdict}): pass the last report that has one.`;
  if (baseline.operation !== undefined && baseline.operation !== run.operation)
    return `${from} is of ${short(baseline.operation)}, this run of ${run.operation}.`;
  const tenant = tenantDifference(baseline.target, run.target);
  if (tenant) return `${from} is of another tenant: ${tenant}. Compare a tenant only with its own reports.`;
  const digest = baseline.spec?.sha256 && short(baseline.spec.sha256);
  if (digest && run.specSha256 && digest !== run.specSha256)
    return `${from} was judged against another openapi.yaml (sha256 ${digest.slice(0, 12)}, now ${run.specSha256.slice(0, 12)}): its requirements are not this run's. Start without a baseline once.`;
  return undefined;
}

/**
 * A tenant is its MEETBIT_TENANT_NAME when either run has one, else its base URL; the bundled reference
 * tenant is one tenant whatever port it listened on.
 */
function tenantDifference(
  baseline: BaselineReport['target'],
  run: RunIdentity['target'],
): string | undefined {
  const name = (target: RunIdentity['target']) =>
    target.name ? `"${short(target.name)}"` : 'no MEETBIT_TENANT_NAME';
  if ((baseline.kind ?? 'remote') !== (run.kind ?? 'remote'))
    return `a ${short(baseline.kind ?? 'configured')} tenant, this run a ${run.kind ?? 'configured'} one`;
  if (run.kind === 'reference') return undefined;
  if (baseline.name || run.name)
    return baseline.name === run.name ? undefined : `${name(baseline)}, this run ${name(run)}`;
  return baseline.baseUrl === run.baseUrl
    ? undefined
    : `${short(baseline.baseUrl ?? 'no address')}, this run ${run.baseUrl ?? 'no address'} (set MEETBIT_TENANT_NAME to name a tenant whose address changes)`;
}

/** A value from the baseline file in a sentence or a list: the file is the user's, its fields unbounded. */
function short(text: string, max = 100): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function baselineRef(baseline: BaselineReport): BaselineRef {
  return {
    ...(baseline.runId ? { runId: short(baseline.runId, 60) } : {}),
    ...(baseline.startedAt ? { startedAt: short(baseline.startedAt, 40) } : {}),
    ...(baseline.finishedAt ? { finishedAt: short(baseline.finishedAt, 40) } : {}),
    verdict: baseline.verdict,
    ...(baseline.suite?.version ? { suiteVersion: short(baseline.suite.version, 40) } : {}),
  };
}

const VERIFIED: ReadonlySet<RequirementStatus> = new Set(['passed', 'failed', 'warned', 'waived']);

export function compareWithBaseline(
  baseline: BaselineReport,
  run: {
    readonly problems: readonly Problem[];
    readonly requirements: readonly RequirementResult[];
    readonly latency?: Latency | undefined;
  },
): Changes {
  const before = new Map(
    baseline.problems.filter((p) => p.fingerprint).map((p) => [p.fingerprint!, p] as const),
  );
  const now = new Map(run.problems.map((p) => [p.fingerprint, p] as const));
  const entry = (p: BaselineReport['problems'][number] | Problem, fingerprint: string): ProblemChange => ({
    fingerprint,
    requirement: short(p.requirement, 200),
    level: p.level,
    title: short(p.title ?? p.requirement, 300),
    ...(p.waivedBy ? { waived: true as const } : {}),
  });
  const requirementsBefore = new Map((baseline.requirements ?? []).map((r) => [r.id, r] as const));
  const requirements: RequirementChange[] = [];
  for (const result of run.requirements) {
    const old = requirementsBefore.get(result.id);
    if (!old || old.status === result.status) continue;
    requirements.push({
      id: result.id,
      level: result.level,
      from: old.status,
      to: result.status,
      ...(old.notRun || result.notRun ? { notRun: true as const } : {}),
    });
  }
  return {
    new: [...now].filter(([fp]) => !before.has(fp)).map(([fp, p]) => entry(p, fp)),
    resolved: [...before].filter(([fp]) => !now.has(fp)).map(([fp, p]) => entry(p, fp)),
    unchanged: [...now].filter(([fp]) => before.has(fp)).map(([fp, p]) => entry(p, fp)),
    requirements,
    latency: latencyRegressions(baseline.latency, run.latency),
  };
}

function latencyRegressions(before: Latency | undefined, now: Latency | undefined): LatencyRegression[] {
  if (!before || !now) return [];
  const pairs = [
    ['overall', before.overall, now.overall] as const,
    ...Object.entries(now.byKind).map(
      ([kind, figures]) => [kind as LatencyKind, before.byKind?.[kind as LatencyKind], figures] as const,
    ),
  ];
  return pairs.flatMap(([kind, old, figures]) => {
    if (
      !old ||
      !figures ||
      old.count < LATENCY_REGRESSION.minCount ||
      figures.count < LATENCY_REGRESSION.minCount
    )
      return [];
    const grown =
      figures.p95 > old.p95 * LATENCY_REGRESSION.ratio && figures.p95 - old.p95 >= LATENCY_REGRESSION.minMs;
    return grown ? [{ kind, baselineP95: old.p95, p95: figures.p95 }] : [];
  });
}

/** Requirement changes a night is judged on: a MUST that was verified and now is not, though its tests ran. */
export function stoppedVerifying(changes: Changes): RequirementChange[] {
  return changes.requirements.filter(
    (change) =>
      change.level === 'must' && VERIFIED.has(change.from) && change.to === 'not-verified' && !change.notRun,
  );
}

/** Whether anything changed that a person should read: else a night is one line. */
export function isNews(changes: Changes): boolean {
  return (
    changes.new.length > 0 ||
    changes.resolved.length > 0 ||
    changes.latency.length > 0 ||
    changes.requirements.some((change) => !change.notRun)
  );
}

const STATUS_TEXT: Record<RequirementStatus, string> = {
  passed: 'passed',
  failed: 'failed',
  warned: 'warned',
  waived: 'waived',
  'not-verified': 'not verified',
  'not-applicable': 'not applicable',
};

/** "since run gh-41-1 of 2026-05-01 07:03 UTC" */
export function sinceText(baseline: BaselineRef): string {
  const when = baseline.finishedAt ?? baseline.startedAt;
  const date =
    when && !Number.isNaN(Date.parse(when))
      ? `${when.slice(0, 16).replace('T', ' ')} UTC`
      : 'an unknown date';
  return `since run ${baseline.runId ?? 'without an id'} of ${date}`;
}

/** "1 new problem, 1 new warning, 1 resolved, 2 unchanged since run X of <date>", or that nothing changed. */
export function changeHeadline(changes: Changes, baseline: BaselineRef): string {
  const since = sinceText(baseline);
  if (!isNews(changes)) {
    const known = changes.unchanged.length;
    return `Nothing changed ${since}${known ? ` (${known} known problem${known === 1 ? '' : 's'} still there)` : ''}.`;
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const newMust = changes.new.filter((c) => c.level === 'must' && !c.waived).length;
  const newOther = changes.new.length - newMust;
  const moved = changes.requirements.filter((c) => !c.notRun && !isExplainedByProblems(c));
  const parts = [
    ...(newMust ? [plural(newMust, 'new problem')] : []),
    ...(newOther ? [plural(newOther, 'new warning')] : []),
    ...(changes.resolved.length ? [`${changes.resolved.length} resolved`] : []),
    ...(changes.latency.length ? [plural(changes.latency.length, 'latency regression')] : []),
    ...(moved.length ? [plural(moved.length, 'requirement') + ' changed status'] : []),
    ...(changes.unchanged.length ? [`${changes.unchanged.length} unchanged`] : []),
  ];
  return `${parts.join(', ')} ${since}.`;
}

/** The change itself, one line each: what appeared, what went away, what moved; most alarming first. */
export function changeDetails(changes: Changes): string[] {
  const stopped = stoppedVerifying(changes);
  const level = (c: ProblemChange) => (c.waived ? 'WAIVED' : c.level === 'must' ? 'MUST' : 'SHOULD');
  return [
    ...changes.new.map((c) => `New: [${level(c)}] ${c.requirement}: ${c.title}`),
    ...stopped.map((c) => `No longer verified: [MUST] ${c.id} (was ${STATUS_TEXT[c.from]})`),
    ...changes.latency.map(
      (r) =>
        `Slower: ${r.kind === 'overall' ? 'all responses' : kindLabel(r.kind)}: p95 ${r.baselineP95} ms → ${r.p95} ms`,
    ),
    ...changes.resolved.map((c) => `Resolved: [${level(c)}] ${c.requirement}: ${c.title}`),
    ...changes.requirements
      .filter((c) => !stopped.includes(c) && !isExplainedByProblems(c))
      .map(
        (c) =>
          `${c.id} (${c.level.toUpperCase()}): ${STATUS_TEXT[c.from]} → ${STATUS_TEXT[c.to]}${c.notRun ? ' (not run in one of the two runs)' : ''}`,
      ),
  ];
}

/** passed → failed and the like are the new and resolved problems already listed. */
function isExplainedByProblems(change: RequirementChange): boolean {
  const problem: ReadonlySet<RequirementStatus> = new Set(['failed', 'warned', 'waived']);
  return (
    (problem.has(change.from) && (change.to === 'passed' || problem.has(change.to))) ||
    (change.from === 'passed' && problem.has(change.to))
  );
}
