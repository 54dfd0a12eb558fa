import { createHash } from 'node:crypto';
import type { Verdict } from './verdict-words';
import type { Exchange, RecordedRequest, RecordedResponse } from '../contract/exchange';
import { normalLocation, problemKey, type ContractFailure } from '../contract/failure';
import { sourceText, type Level, type Requirement, type RequirementSource } from '../contract/requirements';
import { toCurl } from './curl';
import { matchesCheck, type Waiver } from './waivers';

/**
 * The verdict over requirements, pure over plain data: which requirements a run verified, the problems it
 * found (one per root cause), what stopped short, and the one word a reviewer signs.
 */

/** What one finished test contributes: what it observed, what it found, and whether it ran to its end. */
export interface Evidence {
  readonly title: string;
  readonly outcome: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  /** Requirements the test is meant to verify (`requirement` annotations): for the plan and for reasons. */
  readonly declared: readonly string[];
  /** Requirements a check evaluated during the test: the only ones it verified. */
  readonly verified: readonly string[];
  /** Requirements the test could not decide (`not-verified` annotations): id and why. */
  readonly notVerified: readonly { readonly id: string; readonly why: string }[];
  readonly skipReason?: string;
  readonly infrastructureError?: string;
  readonly failures: readonly (ContractFailure & { readonly exchange: number; readonly sequence?: number })[];
  readonly failureExchanges: readonly Exchange[];
  /** A failed test's error message (Playwright's). */
  readonly message?: string;
  /** Generated inputs (the fuzz phase): its exchanges are shown only when no fixed case shows the defect. */
  readonly generated?: boolean;
  /** Why the test did less than it planned though it ran (a phase that sent fewer requests than its budget). */
  readonly cutShort?: string;
  readonly durationMs?: number;
  /** Statuses of every response the test received, with their counts. */
  readonly statuses?: Readonly<Record<string, number>>;
}

export type RequirementStatus = 'failed' | 'warned' | 'waived' | 'passed' | 'not-verified' | 'not-applicable';

export interface RequirementResult {
  readonly id: string;
  readonly level: Level;
  readonly statement: string;
  readonly source: RequirementSource;
  readonly sourceText: string;
  readonly status: RequirementStatus;
  /** Titles of the tests that verified it (at most a few). */
  readonly tests: readonly string[];
  /** Why it was not verified, and what enables it. */
  readonly reason?: string;
  readonly enabledBy?: string;
  readonly when?: string;
  /**
   * Not verified because no test of it ran, not because one tried: `skipped` (its test skipped itself,
   * e.g. a setting is off) or `not-in-run` (filtered out with --grep, a project, a shard).
   */
  readonly notRun?: 'skipped' | 'not-in-run';
}

/**
 * One root cause: the failure that shows it best (requirement, level, check, place with indices folded,
 * defect, what was expected and received), with its requirement's statement and source, how often it
 * happened, in which tests, and the exchange to reproduce it.
 */
export interface Problem extends Pick<
  ContractFailure,
  | 'requirement'
  | 'level'
  | 'check'
  | 'location'
  | 'defect'
  | 'title'
  | 'expected'
  | 'received'
  | 'allowed'
  | 'specPointer'
> {
  /** Stable across runs for the same defect on the same tenant (not the seed, not the run id). */
  readonly fingerprint: string;
  readonly statement: string;
  readonly source: RequirementSource;
  readonly sourceText: string;
  readonly occurrences: number;
  readonly tests: readonly string[];
  readonly request?: RecordedRequest;
  readonly response?: RecordedResponse;
  readonly curl?: string;
  readonly waivedBy?: Waiver;
}

/** A test that did not run to its end: what it was to verify is not, and the verdict is at best incomplete. */
export interface CutShort {
  readonly test: string;
  readonly reason: string;
}

const MAX_TESTS_LISTED = 20;

type Observed = Evidence['failures'][number];

interface Candidate {
  readonly failure: Observed;
  readonly exchange: Exchange | undefined;
  /**
   * Lower is more readable: a fixed case before generated input, the cause before its consequence, a test's
   * own request before a re-send that proves something else (auth's "created nothing"), plain ASCII, the shorter body.
   */
  readonly rank: readonly number[];
}

/**
 * Failures grouped by root cause (`problemKey`: requirement, place, defect), across the boundary cases, the
 * fuzz phase and the response side: an invalid value a tenant accepted and then echoed breaks the
 * response schema too, and that is the same defect, counted as an occurrence of it. Each problem shows its
 * most readable exchange: a fixed case before a generated one, the shortest body first.
 */
export function groupProblems(
  byId: ReadonlyMap<string, Requirement>,
  evidence: readonly Evidence[],
  waivers: readonly Waiver[],
  cutBody: (body: string) => string = (body) => body,
): Problem[] {
  const groups = new Map<string, { best: Candidate; occurrences: number; tests: Set<string> }>();
  for (const test of evidence) {
    for (const failure of test.failures) {
      const exchange = test.failureExchanges[failure.exchange];
      const cause = causeOf(failure, test, exchange);
      const key = problemKey(cause ?? failure);
      const candidate: Candidate = {
        failure: cause ? { ...failure, ...pick(cause) } : failure,
        exchange,
        rank: [
          test.generated ? 1 : 0,
          cause ? 1 : 0,
          (failure.sequence ?? 0) > 0 ? 1 : 0,
          // Plain text reads best: a variation selector or a control character is the subtler case.
          exchange?.request.body?.match(/[^\x20-\x7e]/g)?.length ?? 0,
          exchange?.request.body?.length ?? Number.MAX_SAFE_INTEGER,
        ],
      };
      const group = groups.get(key);
      if (!group) {
        groups.set(key, { best: candidate, occurrences: 1, tests: new Set([test.title]) });
        continue;
      }
      group.occurrences++;
      group.tests.add(test.title);
      if (compareRanks(candidate.rank, group.best.rank) < 0) group.best = candidate;
    }
  }
  return [...groups.entries()]
    .map(([key, { best, occurrences, tests }]) =>
      toProblem(key, best, occurrences, [...tests].slice(0, MAX_TESTS_LISTED), byId, waivers, cutBody),
    )
    .sort(
      (a, b) =>
        severity(a) - severity(b) ||
        b.occurrences - a.occurrences ||
        a.requirement.localeCompare(b.requirement),
    );
}

function pick(failure: ContractFailure): Partial<ContractFailure> {
  const { requirement, level, defect } = failure;
  return { requirement, level, defect };
}

function toProblem(
  key: string,
  { failure, exchange }: Candidate,
  occurrences: number,
  tests: readonly string[],
  byId: ReadonlyMap<string, Requirement>,
  waivers: readonly Waiver[],
  cutBody: (body: string) => string,
): Problem {
  const requirement = byId.get(failure.requirement);
  const source = requirement?.source ?? { kind: 'spec' as const, pointer: failure.specPointer };
  const waivedBy = waiverFor(failure, waivers);
  return {
    fingerprint: fingerprintOf(key),
    requirement: failure.requirement,
    level: failure.level,
    statement: requirement?.statement ?? failure.title,
    source,
    sourceText: sourceText(source),
    check: failure.check,
    location: normalLocation(failure.location),
    defect: failure.defect,
    title: failure.title,
    expected: failure.expected,
    received: failure.received,
    ...(failure.allowed !== undefined ? { allowed: failure.allowed } : {}),
    specPointer: failure.specPointer,
    occurrences,
    tests,
    ...(exchange
      ? {
          request: {
            ...exchange.request,
            ...(exchange.request.body !== undefined ? { body: cutBody(exchange.request.body) } : {}),
          },
          response: { ...exchange.response, body: cutBody(exchange.response.body) },
          curl: toCurl(exchange.request),
        }
      : {}),
    ...(waivedBy ? { waivedBy } : {}),
  };
}

/** 16 hex digits of the SHA-256 of a problem's key: short enough to read, stable across runs. */
export function fingerprintOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * The request-side failure a response failure is the consequence of: on the same exchange, a tenant that
 * accepted a value breaking a request constraint and gave that same value back, which then breaks the
 * response schema at the same field (an over-long title stored and echoed).
 */
function causeOf(failure: Observed, test: Evidence, exchange: Exchange | undefined): Observed | undefined {
  if (failure.check !== 'response_schema_conformance' || !exchange) return undefined;
  const field = /^body\/[^/]+\/([^/]+)$/.exec(failure.location)?.[1];
  if (!field) return undefined;
  const cause = test.failures.find(
    (other) =>
      other.exchange === failure.exchange &&
      other.defect === 'accepted' &&
      other.requirement.startsWith(`request.${field}.`),
  );
  if (!cause) return undefined;
  const sent = valueAt(exchange.request.body, [field]);
  const received = valueAt(exchange.response.body, [/^body\/([^/]+)\//.exec(failure.location)![1]!, field]);
  return sent !== undefined && JSON.stringify(sent) === JSON.stringify(received) ? cause : undefined;
}

function valueAt(json: string | undefined, path: readonly string[]): unknown {
  try {
    let value: unknown = JSON.parse(json ?? '');
    for (const step of path)
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined;
    return value;
  } catch {
    return undefined;
  }
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** The waiver that covers a failure: one naming its requirement, or its check (at its location). */
export function waiverFor(failure: ContractFailure, waivers: readonly Waiver[]): Waiver | undefined {
  const location = normalLocation(failure.location);
  return waivers.find(
    (waiver) =>
      (waiver.requirement !== undefined && matchesCheck(waiver.requirement, failure.requirement)) ||
      (waiver.check !== undefined &&
        matchesCheck(waiver.check, failure.check) &&
        (waiver.location === undefined || matchesCheck(waiver.location, location))),
  );
}

/**
 * Whether a failed test failed only by what does not fail a run: SHOULDs and waived problems. Judged on its
 * own failures, not on the problems' (shortened) lists of tests.
 */
export function failedOnlyByWaivedOrShould(test: Evidence, waivers: readonly Waiver[]): boolean {
  if (test.failures.length === 0) return false;
  return test.failures.every(
    (failure) => failure.level === 'should' || waiverFor(failure, waivers) !== undefined,
  );
}

/**
 * Tests that did not run to their end, with why: timed out, interrupted, stopped on an error no check
 * recorded (a thrown error is the suite's or the run's trouble, never a requirement the tenant broke), or
 * a phase that sent fewer requests than it planned. Nothing they did not observe counts as verified.
 */
export function cutShortOf(evidence: readonly Evidence[]): CutShort[] {
  const found: CutShort[] = [];
  for (const test of evidence) {
    const seconds = test.durationMs === undefined ? '' : ` after ${Math.round(test.durationMs / 1000)} s`;
    const recorded = test.failures.some((failure) => failure.level === 'must');
    if (test.infrastructureError) continue;
    if (test.outcome === 'timedOut') found.push({ test: test.title, reason: `it timed out${seconds}` });
    else if (test.outcome === 'interrupted') found.push({ test: test.title, reason: 'it was interrupted' });
    else if (test.outcome === 'failed' && !recorded)
      found.push({ test: test.title, reason: `it stopped on an error: ${firstLine(test.message)}` });
    else if (test.cutShort) found.push({ test: test.title, reason: test.cutShort });
  }
  return found;
}

function firstLine(message: string | undefined): string {
  const line = (message ?? 'no message').split('\n').find((text) => text.trim()) ?? 'no message';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * Accepting what must be refused comes first, above all without credentials; then what the spec says of
 * requests and what was stored; then server errors; then the shape of responses; SHOULDs last.
 */
function severity(problem: Problem): number {
  if (problem.waivedBy) return 10;
  if (problem.level === 'should') return 9;
  const id = problem.requirement;
  if (id.startsWith('security.') || id.startsWith('permissions.')) return 0;
  if (id.startsWith('request.') || id.startsWith('echo.')) return 1;
  if (id === 'no-server-error') return 2;
  return 3;
}

/**
 * Each requirement's status in this run: failed or warned by its problems; passed only when a check that
 * evaluated it held (what a test merely declares counts for nothing); else not verified, with the true
 * reason: skipped and why, observed by none of the tests that ran, or not run at all.
 */
export function judgeRequirements(
  requirements: readonly Requirement[],
  evidence: readonly Evidence[],
  problems: readonly Problem[],
): RequirementResult[] {
  const verifiedBy = new Map<string, string[]>();
  const unverifiedWhy = new Map<string, string>();
  const tried = new Set<string>();
  const skipped = new Set<string>();
  const ranFor = new Map<string, string[]>();
  for (const test of evidence) {
    const ids = new Set(test.verified);
    for (const { id, why } of test.notVerified) {
      ids.delete(id);
      unverifiedWhy.set(id, why);
      tried.add(id);
    }
    for (const id of ids) verifiedBy.set(id, [...(verifiedBy.get(id) ?? []), test.title]);
    for (const id of test.declared) {
      if (test.outcome === 'skipped') {
        if (!unverifiedWhy.has(id)) unverifiedWhy.set(id, `skipped: ${test.skipReason ?? 'no reason given'}`);
        skipped.add(id);
      } else {
        ranFor.set(id, [...(ranFor.get(id) ?? []), `${test.title} (${outcomeText(test)})`]);
        tried.add(id);
      }
    }
  }
  const seen = statusesSeen(evidence);
  // Skipped (a setting off) or in no test of the run (a filter), and no test that ran could have seen it.
  const notRun = (id: string): RequirementResult['notRun'] =>
    tried.has(id)
      ? undefined
      : skipped.has(id)
        ? 'skipped'
        : !unverifiedWhy.has(id) && !aboutAResponse(id)
          ? 'not-in-run'
          : undefined;
  return requirements.map((requirement) => {
    const found = problems.filter((problem) => problem.requirement === requirement.id);
    const tests = verifiedBy.get(requirement.id) ?? [];
    const status: RequirementStatus = found.some((p) => !p.waivedBy && p.level === 'must')
      ? 'failed'
      : found.some((p) => !p.waivedBy)
        ? 'warned'
        : found.length
          ? 'waived'
          : tests.length
            ? 'passed'
            : requirement.when
              ? 'not-applicable'
              : 'not-verified';
    const reason =
      status === 'not-verified'
        ? (unverifiedWhy.get(requirement.id) ?? unobservedWhy(requirement.id, ranFor, seen))
        : status === 'not-applicable'
          ? `not observed: checked ${requirement.when ?? 'when it happens'}`
          : undefined;
    return {
      id: requirement.id,
      level: requirement.level,
      statement: requirement.statement,
      source: requirement.source,
      sourceText: sourceText(requirement.source),
      status,
      tests: [...new Set(tests)].slice(0, 5),
      ...(reason ? { reason } : {}),
      ...(requirement.enabledBy ? { enabledBy: requirement.enabledBy } : {}),
      ...(requirement.when ? { when: requirement.when } : {}),
      ...(status === 'not-verified' && notRun(requirement.id) ? { notRun: notRun(requirement.id)! } : {}),
    };
  });
}

function outcomeText(test: Evidence): string {
  if (test.infrastructureError) return `no usable response: ${test.infrastructureError}`;
  return test.outcome === 'timedOut' ? 'timed out' : test.outcome;
}

/** About the answers to one status: any test that ran could have observed it. */
const RESPONSE_STATUS = /^response\.(\d{3}|\dXX|default)\./;

function aboutAResponse(id: string): boolean {
  return RESPONSE_STATUS.test(id);
}

/** Why nothing verified a requirement that no test skipped: what the tests that ran got instead. */
function unobservedWhy(id: string, ranFor: ReadonlyMap<string, string[]>, seen: string): string {
  const status = RESPONSE_STATUS.exec(id)?.[1];
  if (status) return `no ${status} response in this run${seen ? ` (statuses received: ${seen})` : ''}`;
  const ran = ranFor.get(id);
  if (ran) {
    const shown = ran.slice(0, 3).join('; ');
    return `its tests ran but none observed it: ${shown}${ran.length > 3 ? `; and ${ran.length - 3} more` : ''}`;
  }
  return 'no test of this run verifies it (filtered out with --grep or a project, or not run)';
}

function statusesSeen(evidence: readonly Evidence[]): string {
  const counts = new Map<string, number>();
  for (const test of evidence)
    for (const [status, count] of Object.entries(test.statuses ?? {}))
      counts.set(status, (counts.get(status) ?? 0) + count);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([status, count]) => `${status} ×${count}`)
    .join(', ');
}

/**
 * does-not-conform over infrastructure-error over incomplete over conforms-with-warnings over conforms.
 * Incomplete: a MUST the run was meant to verify was not (filtered, skipped, inconclusive, unobserved), or a
 * test was cut short.
 */
export function decideVerdict(
  requirements: readonly RequirementResult[],
  problems: readonly Problem[],
  infrastructureTrouble: boolean,
  cutShort: readonly CutShort[] = [],
): Verdict {
  if (problems.some((p) => !p.waivedBy && p.level === 'must')) return 'does-not-conform';
  if (infrastructureTrouble) return 'infrastructure-error';
  if (cutShort.length > 0) return 'incomplete';
  if (requirements.some((r) => r.level === 'must' && r.status === 'not-verified')) return 'incomplete';
  if (problems.some((p) => !p.waivedBy)) return 'conforms-with-warnings';
  return 'conforms';
}

/** Whether a verdict passes the run: --strict also fails warnings and incomplete runs. */
export function verdictPasses(verdict: Verdict, strict: boolean): boolean {
  if (verdict === 'conforms') return true;
  if (verdict === 'conforms-with-warnings' || verdict === 'incomplete') return !strict;
  return false;
}

export function coverageOf(requirements: readonly RequirementResult[]): {
  readonly must: { readonly verified: number; readonly held: number; readonly total: number };
  readonly should: { readonly verified: number; readonly held: number; readonly total: number };
  readonly notVerified: readonly {
    readonly id: string;
    readonly level: Level;
    readonly reason: string;
    readonly enabledBy?: string;
    readonly notRun?: RequirementResult['notRun'];
  }[];
} {
  const counted = requirements.filter((r) => r.status !== 'not-applicable');
  const tally = (level: Level) => ({
    verified: counted.filter((r) => r.level === level && r.status !== 'not-verified').length,
    held: counted.filter((r) => r.level === level && (r.status === 'passed' || r.status === 'waived')).length,
    total: counted.filter((r) => r.level === level).length,
  });
  return {
    must: tally('must'),
    should: tally('should'),
    notVerified: counted
      .filter((r) => r.status === 'not-verified')
      .map((r) => ({
        id: r.id,
        level: r.level,
        reason: r.reason ?? '',
        ...(r.enabledBy ? { enabledBy: r.enabledBy } : {}),
        ...(r.notRun ? { notRun: r.notRun } : {}),
      })),
  };
}
