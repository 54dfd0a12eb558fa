import type { Verdict } from './verdict-words';
import type { Exchange, RecordedRequest, RecordedResponse } from '../contract/exchange';
import type { ContractFailure } from '../contract/failure';
import { sourceText, type Level, type Requirement, type RequirementSource } from '../contract/requirements';
import { toCurl } from './curl';
import { matchesCheck, type Waiver } from './waivers';

/**
 * The verdict over requirements, pure over plain data: which requirements a run verified, the problems it
 * found (one per root cause), and the one word a reviewer signs.
 */

/** What one finished test contributes: the requirements it covered and the failures it saw. */
export interface Evidence {
  readonly title: string;
  readonly outcome: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  /** Requirements the test declares it verifies (`requirement` annotations, or its case's requirement). */
  readonly declared: readonly string[];
  /** Requirements a matcher evaluated during the test. */
  readonly verified: readonly string[];
  /** Requirements the test could not decide (`not-verified` annotations): id and why. */
  readonly notVerified: readonly { readonly id: string; readonly why: string }[];
  readonly skipReason?: string;
  readonly infrastructureError?: string;
  readonly failures: readonly (ContractFailure & { readonly exchange: number })[];
  readonly failureExchanges: readonly Exchange[];
  /** A failed test whose failure no matcher recorded (a thrown error): its message. */
  readonly message?: string;
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
}

export interface Problem {
  readonly requirement: string;
  readonly level: Level;
  readonly statement: string;
  readonly source: RequirementSource;
  readonly sourceText: string;
  /** The contract check that saw it, and where in the exchange. */
  readonly check: string;
  readonly location: string;
  /** What is wrong, e.g. "Expected 401, received 200". */
  readonly title: string;
  readonly expected: string;
  readonly received: string;
  readonly allowed?: unknown;
  readonly specPointer: string;
  readonly occurrences: number;
  readonly tests: readonly string[];
  readonly request?: RecordedRequest;
  readonly response?: RecordedResponse;
  readonly curl?: string;
  readonly waivedBy?: Waiver;
}

const MAX_TESTS_LISTED = 20;

/** Failures grouped by requirement, location and what was expected: one problem per root cause. */
export function groupProblems(
  byId: ReadonlyMap<string, Requirement>,
  evidence: readonly Evidence[],
  waivers: readonly Waiver[],
  cutBody: (body: string) => string = (body) => body,
): Problem[] {
  const groups = new Map<string, { problem: Problem; tests: Set<string> }>();
  for (const test of evidence) {
    const failures = test.failures.length ? test.failures : unrecordedFailure(test);
    for (const failure of failures) {
      const requirementId = failure.requirement;
      const requirement = byId.get(requirementId);
      const level = failure.level;
      const location = normalLocation(failure.location);
      const key = [requirementId, location, failure.check, failure.expected].join('\u0000');
      const group = groups.get(key);
      if (group) {
        group.tests.add(test.title);
        groups.set(key, {
          ...group,
          problem: { ...group.problem, occurrences: group.problem.occurrences + 1 },
        });
        continue;
      }
      const exchange = test.failureExchanges[failure.exchange];
      const source = requirement?.source ?? { kind: 'spec' as const, pointer: failure.specPointer };
      const waivedBy = waiverFor(failure, requirementId, waivers);
      groups.set(key, {
        tests: new Set([test.title]),
        problem: {
          requirement: requirementId,
          level,
          statement: requirement?.statement ?? failure.title,
          source,
          sourceText: sourceText(source),
          check: failure.check,
          location,
          title: failure.title,
          expected: failure.expected,
          received: failure.received,
          ...(failure.allowed !== undefined ? { allowed: failure.allowed } : {}),
          specPointer: failure.specPointer,
          occurrences: 1,
          tests: [],
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
        },
      });
    }
  }
  return [...groups.values()]
    .map(({ problem, tests }) => ({ ...problem, tests: [...tests].slice(0, MAX_TESTS_LISTED) }))
    .sort(
      (a, b) =>
        severity(a) - severity(b) ||
        b.occurrences - a.occurrences ||
        a.requirement.localeCompare(b.requirement),
    );
}

/** The waiver that covers a failure: one naming its requirement, or its check (at its location). */
export function waiverFor(
  failure: ContractFailure,
  requirementId: string,
  waivers: readonly Waiver[],
): Waiver | undefined {
  const location = normalLocation(failure.location);
  return waivers.find(
    (waiver) =>
      (waiver.requirement !== undefined && matchesCheck(waiver.requirement, requirementId)) ||
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
    (failure) => failure.level === 'should' || waiverFor(failure, failure.requirement, waivers) !== undefined,
  );
}

function normalLocation(location: string): string {
  return location.replace(/\/\d+(?=\/|$)/g, '/[]');
}

/** A failed test with no recorded failure (an error thrown by the test itself) is still a problem. */
function unrecordedFailure(test: Evidence): (ContractFailure & { exchange: number })[] {
  if (test.outcome !== 'failed' || test.infrastructureError) return [];
  return [
    {
      check: 'expected_outcome',
      // The requirement the test was about: it failed without saying which of its checks did.
      requirement: test.declared[0] ?? 'check.expected_outcome',
      level: 'must',
      title: (test.message ?? 'The test failed').split('\n')[0] ?? 'The test failed',
      expected: 'the test to pass',
      received: test.message ?? 'a failure without a message',
      specPointer: '#',
      location: 'test',
      exchange: test.failureExchanges.length - 1,
    },
  ];
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

/** Each requirement's status in this run, from what the tests verified and the problems found. */
export function judgeRequirements(
  requirements: readonly Requirement[],
  evidence: readonly Evidence[],
  problems: readonly Problem[],
): RequirementResult[] {
  const verifiedBy = new Map<string, string[]>();
  const unverifiedWhy = new Map<string, string>();
  for (const test of evidence) {
    const completed = test.outcome === 'passed' || (test.outcome === 'failed' && !test.infrastructureError);
    const ids = new Set([...test.verified, ...(completed ? test.declared : [])]);
    for (const { id, why } of test.notVerified) {
      ids.delete(id);
      unverifiedWhy.set(id, why);
    }
    for (const id of ids) verifiedBy.set(id, [...(verifiedBy.get(id) ?? []), test.title]);
    if (!completed) {
      const why =
        test.outcome === 'skipped'
          ? `skipped: ${test.skipReason ?? 'no reason given'}`
          : `its test did not finish (${test.infrastructureError ?? test.outcome})`;
      for (const id of test.declared) if (!unverifiedWhy.has(id)) unverifiedWhy.set(id, why);
    }
  }
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
        ? (unverifiedWhy.get(requirement.id) ?? 'no test of this run verified it (filtered out, or not run)')
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
    };
  });
}

/**
 * does-not-conform over infrastructure-error over incomplete over conforms-with-warnings over conforms.
 * Incomplete: a MUST that the run was meant to verify was not (filtered, skipped, inconclusive).
 */
export function decideVerdict(
  requirements: readonly RequirementResult[],
  problems: readonly Problem[],
  infrastructureTrouble: boolean,
): Verdict {
  if (problems.some((p) => !p.waivedBy && p.level === 'must')) return 'does-not-conform';
  if (infrastructureTrouble) return 'infrastructure-error';
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
  readonly must: { readonly verified: number; readonly total: number };
  readonly should: { readonly verified: number; readonly total: number };
  readonly notVerified: readonly {
    readonly id: string;
    readonly level: Level;
    readonly reason: string;
    readonly enabledBy?: string;
  }[];
} {
  const counted = requirements.filter((r) => r.status !== 'not-applicable');
  const tally = (level: Level) => ({
    verified: counted.filter((r) => r.level === level && r.status !== 'not-verified').length,
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
      })),
  };
}
