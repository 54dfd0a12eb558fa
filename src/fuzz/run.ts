import fc from 'fast-check';
import type { Exchange } from '../contract';
import type { CheckResult, ContractFailure } from '../contract';
import { rootCause } from './judge';

/** Requests a phase may still send; shrinking draws on it too. */
export class Budget {
  private used = 0;
  constructor(readonly total: number) {}
  take(): boolean {
    if (this.used >= this.total) return false;
    this.used++;
    return true;
  }
  get spent(): number {
    return this.used;
  }
  get remaining(): number {
    return this.total - this.used;
  }
}

/** One sent input: what was sent, what came back, and what the judge made of it. */
export interface Attempt {
  readonly exchange: Exchange;
  readonly judged: CheckResult;
}

/** One root cause: its failures on the smallest input shrinking reached within the budget. */
export interface Finding<T> {
  readonly failures: readonly ContractFailure[];
  readonly input: T;
  readonly exchange: Exchange;
  /** Shrink steps that still failed; each cost a request. */
  readonly shrinks: number;
}

export interface FuzzOutcome<T> {
  readonly problems: readonly Finding<T>[];
  readonly warnings: readonly Finding<T>[];
  /** Every requirement the judge evaluated on some input: what the phase verified. */
  readonly verified: readonly string[];
  readonly requests: number;
  readonly inputs: number;
}

const MAX_ROUNDS = 8;

/**
 * Runs `attempt` on generated inputs until the budget is spent. A MUST failure is shrunk by fast-check
 * (every shrink step is a request, so it stops when the budget does) and kept once per root cause; the
 * search then goes on for other root causes with the rest of the budget, from a seed derived from `seed`,
 * so the whole phase replays from one number. Warnings are not shrunk: the shortest input seen is kept.
 * An infrastructure error stops the phase and is rethrown, never taken for a failure to shrink.
 */
export async function fuzz<T>(options: {
  readonly arbitrary: fc.Arbitrary<T>;
  readonly seed: number;
  readonly budget: Budget;
  readonly attempt: (input: T) => Promise<Attempt>;
}): Promise<FuzzOutcome<T>> {
  const { arbitrary, seed, budget, attempt } = options;
  const known = new Set<string>();
  const verified = new Set<string>();
  const problems: Finding<T>[] = [];
  const warnings = new Map<string, Finding<T> & { size: number }>();
  let inputs = 0;
  let fatal: unknown;
  for (let round = 0; round < MAX_ROUNDS && budget.remaining > 0 && fatal === undefined; round++) {
    let last: { input: T; attempt: Attempt; fresh: ContractFailure[] } | undefined;
    const property = fc.asyncProperty(arbitrary, async (input) => {
      if (fatal !== undefined || !budget.take()) return true;
      let result: Attempt;
      try {
        result = await attempt(input);
      } catch (error) {
        fatal = error;
        return true;
      }
      inputs++;
      for (const id of result.judged.verified) verified.add(id);
      const size = JSON.stringify(input).length;
      for (const warning of result.judged.failures.filter((j) => j.level === 'should')) {
        const key = rootCause(warning);
        const kept = warnings.get(key);
        if (!kept || size < kept.size) {
          warnings.set(key, { failures: [warning], input, exchange: result.exchange, shrinks: 0, size });
        }
      }
      const fresh = result.judged.failures.filter((j) => j.level === 'must' && !known.has(rootCause(j)));
      if (fresh.length === 0) return true;
      last = { input, attempt: result, fresh };
      return false;
    });
    const outcome = await fc.check(property, { seed: (seed + round) | 0, numRuns: budget.remaining });
    if (!outcome.failed || !last) break;
    const found: { input: T; attempt: Attempt; fresh: ContractFailure[] } = last;
    for (const failure of found.fresh) known.add(rootCause(failure));
    problems.push({
      failures: found.fresh,
      input: found.input,
      exchange: found.attempt.exchange,
      shrinks: outcome.numShrinks,
    });
  }
  if (fatal !== undefined) throw fatal instanceof Error ? fatal : new Error(JSON.stringify(fatal));
  return {
    problems,
    warnings: [...warnings.values()].map(({ size: _size, ...finding }) => finding),
    verified: [...verified],
    requests: budget.spent,
    inputs,
  };
}
