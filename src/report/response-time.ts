import type { ContractFailure } from '../contract/failure';
import { SUITE_OPERATION } from '../contract/suite-operation';
import { LATENCY_KINDS, type Latency } from './latency';
import type { Evidence } from './verdict';

export const RESPONSE_TIME = 'convention.response-time';

const OPERATION_POINTER = `#/paths/${SUITE_OPERATION.path.replaceAll('~', '~0').replaceAll('/', '~1')}/${SUITE_OPERATION.method}`;

/**
 * What the whole run says about the response-time budget (MEETBIT_MAX_RESPONSE_MS), as the evidence of one
 * more test: a warning for each kind of answer whose p95 is over it. A p95, not a maximum: one slow answer
 * on a shared network is not a property of the tenant. Without a budget it is not verified, and says how.
 */
export function responseTimeEvidence(latency: Latency | undefined, budgetMs: number | undefined): Evidence {
  const base = {
    title: 'response times of the whole run',
    outcome: 'passed' as const,
    declared: [RESPONSE_TIME],
    failureExchanges: [],
  };
  if (budgetMs === undefined)
    return {
      ...base,
      verified: [],
      notVerified: [{ id: RESPONSE_TIME, why: 'no response-time budget was set' }],
      failures: [],
    };
  if (!latency)
    return {
      ...base,
      verified: [],
      notVerified: [{ id: RESPONSE_TIME, why: 'no response was timed' }],
      failures: [],
    };
  const failures: (ContractFailure & { exchange: number })[] = LATENCY_KINDS.flatMap(({ kind, label }) => {
    const figures = latency.byKind[kind];
    if (!figures || figures.p95 <= budgetMs) return [];
    return [
      {
        check: 'response_time_budget' as const,
        requirement: RESPONSE_TIME,
        level: 'should' as const,
        defect: 'slow',
        title: `The 95th percentile of ${label} is over the response-time budget`,
        expected: `p95 at most ${budgetMs} ms (MEETBIT_MAX_RESPONSE_MS)`,
        received: `p95 ${figures.p95} ms over ${figures.count} response${figures.count === 1 ? '' : 's'} (p50 ${figures.p50} ms, max ${figures.max} ms)`,
        specPointer: OPERATION_POINTER,
        location: `latency/${kind}`,
        exchange: -1,
      },
    ];
  });
  return { ...base, verified: [RESPONSE_TIME], notVerified: [], failures };
}
