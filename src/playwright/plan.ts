import { targetText } from '../report/headline';
import type { PaceSetting } from '../report/run-settings';
import { duration } from './progress';

/**
 * The plan of a run, from what each test declares (annotations), before anything is sent. Pure over
 * plain data so a unit test can pin it; `plan-reporter.ts` feeds it Playwright's list of tests.
 *
 * What a test declares:
 * - `expect`: one annotation per request it sends, the status it expects (in order);
 * - `requests`: the number of requests, when it is not one per `expect` (the rate-limit burst, a fuzz
 *   phase with its budget); a test declaring neither is a suite bug, shown as `?` and counted 1;
 * - `creates`: conferences it creates on a conforming tenant (default: one per expected 200);
 * - `creates-public`: how many of those may be public (only where the user allowed it; default none);
 * - `stops-early`: the requests are a maximum, e.g. "at the first 429", sent unpaced.
 */
export interface PlanInput {
  readonly project: string;
  readonly title: string;
  readonly annotations: readonly { readonly type: string; readonly description?: string }[];
  /** Why it will not run (a static skip under the current settings). */
  readonly skipped?: string;
}

export interface PlannedTest {
  readonly project: string;
  readonly caseId: string;
  readonly title: string;
  readonly requests: number;
  readonly expects: readonly string[];
  readonly creates: number;
  /** Of `creates`, how many may be public test data. */
  readonly createsPublic: number;
  readonly stopsEarly?: string;
  readonly skipped?: string;
  /** The test declares no request count: a suite bug the plan shows rather than hides. */
  readonly undeclared?: true;
}

export interface Plan {
  readonly format: 'meetbit-plan/1';
  readonly target: { readonly kind: string; readonly baseUrl?: string };
  readonly runId: string;
  readonly shard: { readonly index: number; readonly total: number } | null;
  /** Whether the tenant is treated as disposable: the bundled one, by the user's opt-in, or not (the safe defaults). */
  readonly disposable: 'bundled' | 'opt-in' | 'no';
  /** The pace the run starts with. */
  readonly pace: PaceSetting;
  readonly tests: readonly PlannedTest[];
  /** Requests the CLI's preflight sends before the suite (none for the bundled reference tenant). */
  readonly preflightRequests: number;
  /** Conferences the preflight creates: its one valid create under the user's settings. */
  readonly preflightCreates: number;
  /** Every request the run sends on a conforming tenant that does not throttle, preflight included. */
  readonly requests: number;
  /** Requests sent at the pace: all but the preflight's and a burst's (both unpaced). */
  readonly pacedRequests: number;
  /** The paced requests at the starting pace, rounded up: what a run takes besides start-up. */
  readonly estimatedSeconds: number;
  readonly conferencesCreated: number;
  /** Of those, how many may be public test data (generated creates, where allowed); the rest are private. */
  readonly conferencesPublicAtMost: number;
  readonly summary: { readonly tests: number; readonly skipped: number; readonly undeclared: number };
}

export function planTest(input: PlanInput): PlannedTest {
  const of = (type: string) =>
    input.annotations.filter((a) => a.type === type).map((a) => a.description ?? '');
  const expects = of('expect');
  const declared = of('requests')[0];
  const creates = of('creates')[0];
  const stopsEarly = of('stops-early')[0];
  const undeclared = declared === undefined && expects.length === 0;
  const requests = declared !== undefined ? Number(declared) : undeclared ? 1 : expects.length;
  return {
    project: input.project,
    caseId: of('case')[0] ?? input.title,
    title: input.title,
    requests: input.skipped !== undefined ? 0 : requests,
    expects,
    creates:
      input.skipped !== undefined
        ? 0
        : creates !== undefined
          ? Number(creates)
          : expects.filter((s) => s === '200').length,
    createsPublic: input.skipped !== undefined ? 0 : Number(of('creates-public')[0] ?? 0),
    ...(stopsEarly !== undefined ? { stopsEarly } : {}),
    ...(input.skipped !== undefined ? { skipped: input.skipped } : {}),
    ...(undeclared ? { undeclared: true as const } : {}),
  };
}

export function buildPlan(
  inputs: readonly PlanInput[],
  run: Pick<
    Plan,
    'target' | 'runId' | 'shard' | 'disposable' | 'pace' | 'preflightRequests' | 'preflightCreates'
  >,
): Plan {
  const tests = inputs.map(planTest);
  const sum = (pick: (test: PlannedTest) => number) => tests.reduce((total, test) => total + pick(test), 0);
  const pacedRequests = sum((test) => (test.stopsEarly ? 0 : test.requests));
  return {
    format: 'meetbit-plan/1',
    ...run,
    tests,
    requests: run.preflightRequests + sum((test) => test.requests),
    pacedRequests,
    estimatedSeconds: Math.ceil(pacedRequests / run.pace.rps),
    conferencesCreated: run.preflightCreates + sum((test) => test.creates),
    conferencesPublicAtMost: sum((test) => test.createsPublic),
    summary: {
      tests: tests.length,
      skipped: tests.filter((test) => test.skipped !== undefined).length,
      undeclared: tests.filter((test) => test.undeclared).length,
    },
  };
}

/** The plan for a person: one line per test, then the totals. */
export function renderPlan(plan: Plan): string {
  const width = Math.max(0, ...plan.tests.map((test) => test.caseId.length));
  const lines = plan.tests.map((test) => {
    const what = test.skipped
      ? `skipped: ${test.skipped}`
      : `${String(test.requests).padStart(3)} ${test.requests === 1 ? 'request ' : 'requests'}` +
        `${test.stopsEarly ? ` (at most; stops ${test.stopsEarly})` : ''}  expects ${
          test.undeclared ? '?' : [...new Set(test.expects)].join(', ')
        }${test.creates ? `  creates ${test.creates}` : ''}`;
    return `  ${test.project.padEnd(11)} ${test.caseId.padEnd(width)}  ${what}`;
  });
  const burst = plan.tests.find((test) => test.stopsEarly && !test.skipped);
  const target = targetText(plan.target);
  return [
    `Plan for ${target}${plan.shard ? `, shard ${plan.shard.index} of ${plan.shard.total}` : ''}: ` +
      `${plan.summary.tests} tests${plan.summary.skipped ? ` (${plan.summary.skipped} skipped)` : ''}.`,
    ...lines,
    `Requests: ${plan.requests} (${plan.preflightRequests} preflight) on a conforming tenant that does not throttle` +
      `${burst ? `, counting the rate-limit burst at its maximum of ${burst.requests} (it stops ${burst.stopsEarly})` : ''}.`,
    `Conferences created: ${plan.conferencesCreated}${plan.preflightCreates ? ` (${plan.preflightCreates} by the preflight)` : ''}, ` +
      `${plan.conferencesPublicAtMost ? `private but for up to ${plan.conferencesPublicAtMost} generated ones that may be public` : 'all private'}; ` +
      `each public_id starts mbct-${plan.runId}-.`,
    durationLine(plan),
    treatmentLine(plan),
    ...(plan.summary.undeclared
      ? [
          `${plan.summary.undeclared} tests declare no requests (counted 1 each): a suite bug, please report it.`,
        ]
      : []),
    'Nothing was sent.',
  ].join('\n');
}

/** How long the paced requests take at the starting pace, and what may change it. */
function durationLine(plan: Plan): string {
  const { rps, from } = plan.pace;
  const why =
    from === 'MEETBIT_RPS'
      ? ' (MEETBIT_RPS)'
      : from === 'MEETBIT_MAX_RPS'
        ? ' (MEETBIT_MAX_RPS; a tenant announcing a tighter rate limit is paced slower)'
        : plan.target.kind === 'reference'
          ? ''
          : ' (the default; a tenant announcing a rate limit is paced at half its budget instead)';
  return (
    `Time: about ${duration(plan.estimatedSeconds * 1000)} for ${plan.pacedRequests} paced requests at ` +
    `${rps} requests/s${why}, plus start-up.`
  );
}

function treatmentLine(plan: Plan): string {
  if (plan.disposable === 'bundled') return 'Tenant: the bundled reference tenant, disposable.';
  if (plan.disposable === 'opt-in')
    return 'Tenant: disposable (MEETBIT_DISPOSABLE_TENANT=1): the larger fuzz budget, public generated creates, the longer burst.';
  return (
    "Tenant: someone's system, whatever its address (the safe defaults: private creates, a small fuzz budget); " +
    'MEETBIT_DISPOSABLE_TENANT=1 if it is a throwaway instance.'
  );
}
