import { stripAnsi } from './ansi';
import type { Exchange, RecordedRequest, RecordedResponse } from '../contract/exchange';
import type { SpecFinding } from '../contract/findings';
import type { Requirement } from '../contract/requirements';
import { toCurl } from './curl';
import type { FailOn, Verdict } from './verdict-words';
import type { Pacing } from './pacing';
import type { RunSettings, SuiteIdentity } from './run-settings';
import {
  coverageOf,
  cutShortOf,
  decideVerdict,
  failedOnlyByWaivedOrShould,
  groupProblems,
  judgeRequirements,
  waiverFor,
  type CutShort,
  type Evidence,
  type Problem,
  type RequirementResult,
} from './verdict';
import { appliesTo, isExpired, waiverName, type TargetNames, type Waiver, type WaiverFile } from './waivers';
import {
  baselineRef,
  baselineRefusal,
  compareWithBaseline,
  type BaselineRef,
  type BaselineReport,
  type Changes,
} from './changes';
import { historyPointOf, type HistoryPoint } from './history';
import { summarizeLatency, type Latency, type LatencyByKind } from './latency';
import { decideStatus } from './policy';
import { responseTimeEvidence } from './response-time';

export type TestStatus = 'failed' | 'infrastructure-error' | 'cut-short' | 'waived' | 'passed' | 'skipped';

/** One finished test as plain data: what the reporter's edge takes from Playwright. */
export interface TestRecord {
  /** The case id (`case` annotation, e.g. `title.maxLength.over`), or the test title when it has none. */
  readonly caseId: string;
  readonly title: string;
  readonly project: string;
  readonly outcome: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  readonly specPointer?: string;
  /** Contract checks that failed inside the test (`failed-check` annotations). */
  readonly failedChecks: readonly string[];
  /** The fault when the tenant gave no response (`infrastructure-error` annotation). */
  readonly infrastructureError?: string;
  readonly message?: string;
  readonly exchanges: readonly Exchange[];
  readonly stats: {
    readonly requests: number;
    readonly rateLimited: number;
    readonly waitedMs: number;
    /** Statuses of every response the test received, with their counts. */
    readonly statuses?: Readonly<Record<string, number>>;
    /** Its response times by kind of answer, as bounded histograms. */
    readonly latency?: LatencyByKind;
  };
  readonly durationMs: number;
  /** What the test contributes to the verdict over requirements (see verdict.ts). */
  readonly evidence: Omit<
    Evidence,
    'title' | 'outcome' | 'infrastructureError' | 'message' | 'durationMs' | 'statuses'
  >;
  /** The fuzz phase's lines: `fuzz` (requests, seed, problems), `warning` and `not-verified` annotations. */
  readonly notes?: {
    readonly fuzz: readonly string[];
    readonly warnings: readonly string[];
    readonly notVerified: readonly string[];
  };
}

export interface CreatedConference {
  readonly id: unknown;
  readonly public_id: unknown;
  readonly title: unknown;
  readonly created_at: unknown;
  readonly recorded_at?: unknown;
  readonly run_id?: unknown;
  readonly test?: unknown;
}

export interface ReportInput {
  readonly operation: string;
  readonly tests: readonly TestRecord[];
  /** Errors outside any test: a failed global setup, a crashed worker. */
  readonly globalErrors: readonly string[];
  /** Playwright's own status for the run. */
  readonly runStatus: 'passed' | 'failed' | 'timedout' | 'interrupted';
  readonly target: { readonly kind?: string } & TargetNames;
  readonly runId?: string;
  /** MEETBIT_SEED of the run: replays the fuzz phase. */
  readonly seed?: number;
  /** The suite's version and commit, from the run's metadata. */
  readonly suite?: Partial<SuiteIdentity>;
  /** The settings that shaped coverage, from the run's metadata (never a secret). */
  readonly settings?: RunSettings;
  readonly spec?: { readonly title: string; readonly version: string; readonly sha256: string };
  readonly findings: readonly SpecFinding[];
  readonly waivers: WaiverFile;
  /** The requirements catalogue; empty when the spec could not be loaded. */
  readonly catalogue: readonly Requirement[];
  /** --strict: warnings and incomplete runs fail. */
  readonly strict: boolean;
  readonly created: readonly CreatedConference[];
  /** Requests the CLI's preflight sent before the tests (none for the bundled tenant). */
  readonly preflightRequests?: number;
  /** What the preflight warned about, before any test ran. */
  readonly preflightWarnings?: readonly string[];
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly now: Date;
  /** How the run paced its requests, from the pace each test ended with. */
  readonly pacing?: Pacing;
  /** MEETBIT_MAX_RESPONSE_MS: the p95 of each kind of answer above it is a warning. */
  readonly responseTimeBudgetMs?: number;
  /** A previous report of this tenant (read and schema-checked at the edge), or why it could not be read. */
  readonly baseline?: BaselineReport | { readonly unreadable: string };
  /** MEETBIT_FAIL_ON (default any). */
  readonly failOn?: FailOn;
  /** Earlier runs of this tenant from MEETBIT_HISTORY, oldest first, and how many lines could not be read. */
  readonly history?: { readonly runs: readonly HistoryPoint[]; readonly unreadable: number };
}

export interface TestEntry {
  readonly id: string;
  readonly title: string;
  readonly project: string;
  readonly status: TestStatus;
  readonly specPointer: string | null;
  readonly failedChecks: readonly string[];
  readonly infrastructureError?: string;
  readonly message?: string;
  /** The last exchange of the test, which is the one a failure is about. */
  readonly request?: RecordedRequest;
  readonly response?: RecordedResponse;
  readonly exchanges: number;
  /** For failures: the request again, credentials as placeholders. */
  readonly curl?: string;
  readonly waivedBy?: readonly Waiver[];
  readonly durationMs: number;
}

export interface ConformanceReport {
  readonly format: 'meetbit-conformance/3';
  /** What produced the report: the suite's version and commit. */
  readonly suite: SuiteIdentity;
  readonly operation: string;
  readonly target: { readonly kind?: string; readonly name?: string; readonly baseUrl?: string };
  readonly spec: { readonly title: string; readonly version: string; readonly sha256: string } | null;
  readonly runId?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly verdict: Verdict;
  readonly strict: boolean;
  /** The settings that shaped what this run covered; null when the run's metadata did not carry them. */
  readonly settings: RunSettings | null;
  /** MEETBIT_FAIL_ON: which problems fail the run; never the verdict. */
  readonly failOn: FailOn;
  /** What the run's exit status becomes: failed unless the verdict passes (see --strict), or on a run error. */
  readonly status: 'passed' | 'failed';
  /** The previous run compared with (MEETBIT_BASELINE), and what changed since. */
  readonly baseline?: BaselineRef;
  readonly changes?: Changes;
  /** Why the baseline given was not compared with (another tenant, operation, spec, format): exit 2. */
  readonly baselineRefused?: string;
  /** "N of M requirements verified", MUST and SHOULD apart, and what was not verified with why. */
  readonly coverage: ReturnType<typeof coverageOf>;
  readonly summary: {
    readonly total: number;
    readonly passed: number;
    readonly failed: number;
    readonly waived: number;
    readonly skipped: number;
    readonly cutShort: number;
    readonly infrastructureErrors: number;
    readonly warnings: number;
  };
  /** One per root cause, most severe first: what fails the verdict (MUST) or warns (SHOULD). */
  readonly problems: readonly Problem[];
  /** Tests that did not run to their end: the verdict is at best incomplete, and each says why. */
  readonly cutShort: readonly CutShort[];
  /** Problems with the run itself (errors outside tests, waiver file problems); each fails the run. */
  readonly runErrors: readonly string[];
  readonly requirements: readonly RequirementResult[];
  /** Every test, worst first. */
  readonly tests: readonly TestEntry[];
  readonly waivers: {
    readonly applied: readonly { readonly waiver: Waiver; readonly problems: readonly string[] }[];
    readonly expired: readonly Waiver[];
    readonly unmatched: readonly Waiver[];
    readonly otherTargets: readonly Waiver[];
  };
  /** What the CLI's preflight warned about before any test ran (an empty body accepted, ...). */
  readonly preflightWarnings: readonly string[];
  readonly footprint: {
    /** Every request of the run, the preflight's included. */
    readonly requests: number;
    readonly preflightRequests: number;
    readonly rateLimited: number;
    readonly waitedMs: number;
    readonly conferencesCreated: number;
  };
  /** The pace the run followed and why (the tenant's budget, a setting or the default); absent when nothing was sent. */
  readonly pacing?: Pacing;
  /** Response times in ms, overall and per kind of answer; absent when nothing was answered. */
  readonly latency?: Latency;
  /** The last runs of this tenant (MEETBIT_HISTORY), this one last: what conformance.html draws. */
  readonly history?: { readonly runs: readonly HistoryPoint[]; readonly unreadable: number };
  readonly findings: readonly SpecFinding[];
  /** The generated-input phase: its seed, what each half spent and found, warnings, what went unverified. */
  readonly fuzz: {
    readonly seed: number | null;
    readonly phases: readonly string[];
    readonly warnings: readonly string[];
    readonly notVerified: readonly string[];
  };
  /** What was left out to keep this report within its size (fit.ts); absent when nothing was. */
  readonly cut?: readonly string[];
  /** Problems left out of `problems` to keep the report within its size, counted (fit.ts). */
  readonly omittedProblems?: { readonly must: number; readonly should: number; readonly waived: number };
}

/**
 * Problems (MUST, waived ones included) and warnings (SHOULD), each heading its own list: a warning is never
 * counted as a problem. `omitted`: how many of each the list left out for size (fit.ts).
 */
export function problemsByLevel(report: ConformanceReport): {
  readonly problems: { readonly listed: readonly Problem[]; readonly omitted: number };
  readonly warnings: { readonly listed: readonly Problem[]; readonly omitted: number };
} {
  const omitted = report.omittedProblems ?? { must: 0, should: 0, waived: 0 };
  return {
    problems: {
      listed: report.problems.filter((p) => p.level === 'must'),
      omitted: omitted.must + omitted.waived,
    },
    warnings: { listed: report.problems.filter((p) => p.level === 'should'), omitted: omitted.should },
  };
}

/** Every problem of the run, listed or left out of the list for size. */
export function problemCount(report: ConformanceReport): number {
  const omitted = report.omittedProblems;
  return report.problems.length + (omitted ? omitted.must + omitted.should + omitted.waived : 0);
}

export const STATUS_ORDER: readonly TestStatus[] = [
  'failed',
  'infrastructure-error',
  'cut-short',
  'waived',
  'passed',
  'skipped',
];
const MAX_MESSAGE = 8000;
/** A report stays readable and small: the client accepts bodies up to 5 MB, a report keeps the start. */
const MAX_BODY = 64 * 1024;
/** Pure: everything a report shows, from plain data. */
export function buildReport(input: ReportInput): ConformanceReport {
  const today = input.now.toISOString().slice(0, 10);
  const forTarget = input.waivers.waivers.filter((waiver) => appliesTo(waiver, input.target));
  const otherTargets = input.waivers.waivers.filter((waiver) => !appliesTo(waiver, input.target));
  const expired = forTarget.filter((waiver) => isExpired(waiver, today));
  const active = forTarget.filter((waiver) => !isExpired(waiver, today));

  const evidence: Evidence[] = input.tests.map((test) => ({
    ...test.evidence,
    title: test.title,
    outcome: test.outcome,
    ...(test.infrastructureError ? { infrastructureError: test.infrastructureError } : {}),
    ...(test.message ? { message: cut(stripAnsi(test.message), MAX_MESSAGE) } : {}),
    durationMs: test.durationMs,
    ...(test.stats.statuses ? { statuses: test.stats.statuses } : {}),
  }));
  const latency = summarizeLatency(input.tests.map((test) => test.stats.latency));
  // The budget is judged over the whole run, as one more piece of evidence (never a test of its own).
  const judged =
    input.catalogue.length > 0
      ? [...evidence, responseTimeEvidence(latency, input.responseTimeBudgetMs)]
      : evidence;
  const byId = new Map(input.catalogue.map((requirement) => [requirement.id, requirement]));
  const problems = groupProblems(byId, judged, active, (body) => cut(body, MAX_BODY));
  const requirements = judgeRequirements(input.catalogue, judged, problems);
  const cutShort = cutShortOf(evidence);
  const stoppedShort = new Set(cutShort.map((entry) => entry.test));

  const entries: TestEntry[] = input.tests.map((test, index) => {
    const last = test.exchanges.at(-1);
    const own = evidence[index];
    let status: TestStatus;
    if (test.outcome === 'skipped') status = 'skipped';
    else if (test.outcome === 'passed') status = 'passed';
    else if (test.infrastructureError) status = 'infrastructure-error';
    else if (own && failedOnlyByWaivedOrShould(own, active)) status = 'waived';
    else if (stoppedShort.has(test.title) && !own?.failures.some((f) => f.level === 'must'))
      status = 'cut-short';
    else status = 'failed';
    const failing = status === 'failed' || status === 'waived' || status === 'cut-short';
    const message = test.message ? cut(stripAnsi(test.message), MAX_MESSAGE) : undefined;
    const infrastructureError = test.infrastructureError;
    const waivedBy = [
      ...new Set(
        (own?.failures ?? []).flatMap((failure) => {
          const waiver = waiverFor(failure, active);
          return waiver ? [waiver] : [];
        }),
      ),
    ];
    return {
      id: test.caseId,
      title: test.title,
      project: test.project,
      status,
      specPointer: test.specPointer ?? null,
      failedChecks: test.failedChecks,
      ...(infrastructureError ? { infrastructureError } : {}),
      ...(message && status !== 'passed' && status !== 'skipped' ? { message } : {}),
      ...(last
        ? {
            request: {
              ...last.request,
              ...(last.request.body !== undefined ? { body: cut(last.request.body, MAX_BODY) } : {}),
            },
            response: { ...last.response, body: cut(last.response.body, MAX_BODY) },
          }
        : {}),
      exchanges: test.exchanges.length,
      ...(failing && last ? { curl: toCurl(last.request) } : {}),
      ...(waivedBy.length > 0 ? { waivedBy } : {}),
      durationMs: test.durationMs,
    };
  });
  const tests = [...entries].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));

  const count = (status: TestStatus) => entries.filter((entry) => entry.status === status).length;
  const summary = {
    total: entries.length,
    passed: count('passed'),
    failed: count('failed'),
    waived: count('waived'),
    skipped: count('skipped'),
    cutShort: count('cut-short'),
    infrastructureErrors: count('infrastructure-error'),
    warnings: problems.filter((problem) => problem.level === 'should' && !problem.waivedBy).length,
  };

  const runErrors = [
    ...input.globalErrors.map((error) => `Error outside the tests: ${cut(stripAnsi(error), 2000)}`),
    ...input.waivers.problems,
    ...expired.map(
      (waiver) =>
        `The waiver for ${waiverName(waiver)} (${waiver.owner}) expired on ${waiver.expires}: renew it with a reason or fix the tenant.`,
    ),
  ];
  const infrastructureTrouble =
    summary.infrastructureErrors > 0 ||
    input.globalErrors.length > 0 ||
    input.runStatus === 'timedout' ||
    input.runStatus === 'interrupted' ||
    entries.length === 0 ||
    input.catalogue.length === 0;
  const verdict = decideVerdict(requirements, problems, infrastructureTrouble, cutShort);
  const comparison = compare(input, problems, requirements, latency, verdict);
  const failOn = input.failOn ?? 'any';
  const status = comparison.baselineRefused
    ? 'failed'
    : decideStatus({
        verdict,
        strict: input.strict,
        runErrors,
        failOn,
        changes: comparison.changes,
      });

  const footprint = {
    requests: (input.preflightRequests ?? 0) + sum(input.tests, (test) => test.stats.requests),
    preflightRequests: input.preflightRequests ?? 0,
    rateLimited: sum(input.tests, (test) => test.stats.rateLimited),
    waitedMs: sum(input.tests, (test) => test.stats.waitedMs),
    conferencesCreated: input.created.length,
  };
  const applied = active
    .map((waiver) => ({
      waiver,
      problems: problems
        .filter((problem) => problem.waivedBy === waiver)
        .map((problem) => problem.requirement),
    }))
    .filter((entry) => entry.problems.length > 0);

  // The run's own end, also after a merge of shards (their last end), not the time the report was written.
  const finishedAt = Number.isFinite(input.durationMs)
    ? new Date(input.startedAt.getTime() + input.durationMs)
    : input.now;
  const generated = input.tests.filter((test) => test.evidence.generated === true);
  const report: Omit<ConformanceReport, 'history'> = {
    format: 'meetbit-conformance/3',
    suite: { version: input.suite?.version ?? null, commit: input.suite?.commit ?? null },
    operation: input.operation,
    target: input.target,
    spec: input.spec ?? null,
    ...(input.runId ? { runId: input.runId } : {}),
    startedAt: input.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: Math.round(input.durationMs),
    verdict,
    strict: input.strict,
    settings: input.settings ?? null,
    failOn,
    status,
    ...comparison,
    coverage: coverageOf(requirements),
    summary,
    problems,
    cutShort,
    runErrors,
    requirements,
    tests,
    waivers: {
      applied,
      expired,
      unmatched: active.filter((waiver) => !applied.some((entry) => entry.waiver === waiver)),
      otherTargets,
    },
    footprint,
    preflightWarnings: input.preflightWarnings ?? [],
    ...(input.pacing ? { pacing: input.pacing } : {}),
    ...(latency ? { latency } : {}),
    findings: input.findings,
    fuzz: {
      seed: input.seed ?? null,
      // Only the generated-input tests' notes: a fixed case's "not verified" is its own, in coverage.
      phases: generated.flatMap((test) => test.notes?.fuzz ?? []),
      warnings: generated.flatMap((test) => test.notes?.warnings ?? []),
      notVerified: generated.flatMap((test) => test.notes?.notVerified ?? []),
    },
  };
  if (!input.history) return report;
  return {
    ...report,
    history: {
      runs: [...input.history.runs.slice(-(HISTORY_SHOWN - 1)), historyPointOf(report)],
      unreadable: input.history.unreadable,
    },
  };
}

/** How many runs conformance.html draws, this one included. */
export const HISTORY_SHOWN = 30;

/** The baseline compared with, or why it was refused: never a silent comparison with another tenant's run. */
function compare(
  input: ReportInput,
  problems: readonly Problem[],
  requirements: readonly RequirementResult[],
  latency: Latency | undefined,
  verdict: Verdict,
): { baseline?: BaselineRef; changes?: Changes; baselineRefused?: string } {
  const { baseline } = input;
  if (!baseline) return {};
  if ('unreadable' in baseline) return { baselineRefused: baseline.unreadable };
  const refused = baselineRefusal(baseline, {
    operation: input.operation,
    target: input.target,
    ...(input.spec ? { specSha256: input.spec.sha256 } : {}),
  });
  if (refused) return { baselineRefused: refused };
  // A run that could not judge the tenant would read every problem it did not reach as resolved.
  if (verdict === 'infrastructure-error') return { baseline: baselineRef(baseline) };
  return {
    baseline: baselineRef(baseline),
    changes: compareWithBaseline(baseline, { problems, requirements, latency }),
  };
}

/**
 * The fuzz phase in one line per fact, for the console and the reports. The seed is named once: in the
 * reports here, on the console by the CLI's first line (`{ seed: false }` then).
 */
export function fuzzLines(report: ConformanceReport, { seed: withSeed = true } = {}): string[] {
  // Its warnings are problems like any other (listed once, with the rest): only what is the phase's own here.
  const { seed, phases, notVerified } = report.fuzz;
  if (phases.length === 0 && notVerified.length === 0) return [];
  const replay = withSeed ? ` (replays with MEETBIT_SEED=${seed ?? '<unknown>'})` : '';
  return [
    `Fuzz phase${replay}: ${phases.join('; ') || 'did not run'}.`,
    ...notVerified.map((item) => `Not verified: ${item}`),
  ];
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + (Number.isFinite(of(item)) ? of(item) : 0), 0);
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;
}

/** A test title without the check id it starts with, since reports show the id beside it. */
export function displayTitle(check: { readonly id: string; readonly title: string }): string {
  return check.title.startsWith(`${check.id}: `) ? check.title.slice(check.id.length + 2) : check.title;
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
