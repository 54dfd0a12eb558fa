import { targetText } from '../report/headline';

/**
 * The plan of a run, from what each test declares (annotations), before anything is sent. Pure over
 * plain data so a unit test can pin it; `plan-reporter.ts` feeds it Playwright's list of tests.
 *
 * What a test declares:
 * - `expect`: one annotation per request it sends, the status it expects (in order);
 * - `requests`: the number of requests, when it is not one per `expect` (the rate-limit burst, a fuzz
 *   phase with its budget); a test declaring neither is a suite bug, shown as `?` and counted 1;
 * - `creates`: conferences it creates on a conforming tenant (default: one per expected 200);
 * - `stops-early`: the requests are a maximum, e.g. "at the first 429".
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
  readonly tests: readonly PlannedTest[];
  /** Requests the CLI's preflight sends before the suite (none for the bundled reference tenant). */
  readonly preflightRequests: number;
  /** Conferences the preflight creates: its one valid create under the user's settings. */
  readonly preflightCreates: number;
  /** Every request the run sends on a conforming tenant that does not throttle, preflight included. */
  readonly requests: number;
  readonly conferencesCreated: number;
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
    ...(stopsEarly !== undefined ? { stopsEarly } : {}),
    ...(input.skipped !== undefined ? { skipped: input.skipped } : {}),
    ...(undeclared ? { undeclared: true as const } : {}),
  };
}

export function buildPlan(
  inputs: readonly PlanInput[],
  run: Pick<Plan, 'target' | 'runId' | 'shard' | 'preflightRequests' | 'preflightCreates'>,
): Plan {
  const tests = inputs.map(planTest);
  const sum = (pick: (test: PlannedTest) => number) => tests.reduce((total, test) => total + pick(test), 0);
  return {
    format: 'meetbit-plan/1',
    ...run,
    tests,
    requests: run.preflightRequests + sum((test) => test.requests),
    conferencesCreated: run.preflightCreates + sum((test) => test.creates),
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
    `Conferences created: ${plan.conferencesCreated}${plan.preflightCreates ? ` (${plan.preflightCreates} by the preflight)` : ''}, each labelled [conformance test ${plan.runId}].`,
    ...(plan.summary.undeclared
      ? [
          `${plan.summary.undeclared} tests declare no requests (counted 1 each): a suite bug, please report it.`,
        ]
      : []),
    'Nothing was sent.',
  ].join('\n');
}
