import { stoppedVerifying, type Changes } from './changes';
import { verdictPasses } from './verdict';
import type { FailOn, Verdict } from './verdict-words';

export interface StatusInput {
  readonly verdict: Verdict;
  readonly strict: boolean;
  readonly runErrors: readonly string[];
  readonly failOn: FailOn;
  /** Absent without a baseline: then every problem is new, and `new` is `any`. */
  readonly changes?: Changes | undefined;
}

/** The one decision of whether a run fails (its exit code follows from it and the verdict). */
export function decideStatus(input: StatusInput): 'passed' | 'failed' {
  if (input.runErrors.length > 0) return 'failed';
  const { changes } = input;
  if (input.failOn === 'any' || !changes || input.verdict === 'infrastructure-error')
    return verdictPasses(input.verdict, input.strict) ? 'passed' : 'failed';
  return failingChanges(changes, input.failOn).length > 0 ? 'failed' : 'passed';
}

/** What fails the run under the policy, one line each; empty under `any`. */
export function failingChanges(changes: Changes, failOn: FailOn): string[] {
  if (failOn === 'any') return [];
  const newMust = changes.new.filter((c) => c.level === 'must' && !c.waived);
  const newShould = changes.new.filter((c) => c.level === 'should' && !c.waived);
  return [
    ...newMust.map((c) => `new MUST problem ${c.requirement}`),
    ...stoppedVerifying(changes).map((c) => `${c.id} no longer verified`),
    ...(failOn === 'warnings'
      ? [
          ...newShould.map((c) => `new warning ${c.requirement}`),
          ...changes.latency.map((r) => `slower ${r.kind} answers (p95 ${r.baselineP95} → ${r.p95} ms)`),
        ]
      : []),
  ];
}
