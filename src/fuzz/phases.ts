import fc from 'fast-check';
import { dispositionOf, jsonRequestSchema, type Exchange, type OperationContract } from '../contract';
import { invalidBody, type InvalidBody } from './invalid-body';
import { judgeAccepted, judgeRejected } from './judge';
import { Budget, fuzz, type FuzzOutcome } from './run';
import { materialize, validBody, type Body, type BodyPlan } from './valid-body';

/**
 * The two halves of the fuzz phase, without Playwright: specs/fuzz.spec.ts runs them as its two tests, and
 * the self-test runs them again under more seeds against the correct tenants. What the phase generates, sends
 * and judges is here; how its outcome reaches the reports is the spec's (src/playwright/fuzz-test.ts).
 */
export interface PhaseRun {
  readonly contract: OperationContract;
  readonly seed: number;
  /** Requests this half may send, shrinking included. */
  readonly requests: number;
  /** Sends one generated body with the full key, unchecked: the judge checks the answer. */
  readonly send: (body: Body) => Promise<Exchange>;
  /** A fresh labelled public_id for each request. */
  readonly publicId: () => string;
}

/** The tenant's own values, from the settings. */
export interface PlanSettings {
  readonly accountId: number;
  readonly backerEventId?: number | undefined;
  /** MEETBIT_FUZZ_PUBLIC (or a disposable tenant): generated creates may be public. */
  readonly fuzzPublic: boolean;
}

export function fuzzPlan(settings: PlanSettings): BodyPlan {
  return {
    tenantValues: {
      online_conference_account_id: fc.constant(settings.accountId),
      backer_event_id: settings.backerEventId
        ? fc.constantFrom(null, settings.backerEventId)
        : fc.constant(null),
    },
    labelField: 'public_id',
    // Someone's system only ever gets private conferences, unless the user opts in.
    ...(settings.fuzzPublic ? {} : { pinned: { is_public: false } }),
  };
}

/** Generated creates with is_public true: how many were sent, accepted, and echoed true. */
export interface PublicEcho {
  readonly sent: number;
  readonly accepted: number;
  readonly echoed: number;
}

/** The accepting half: bodies valid under the request schema must be accepted and echoed. */
export async function acceptingPhase(
  run: PhaseRun,
  plan: BodyPlan,
): Promise<{ outcome: FuzzOutcome<Body>; pub: PublicEcho }> {
  const pub = { sent: 0, accepted: 0, echoed: 0 };
  const outcome = await fuzz({
    arbitrary: validBody(schemaOf(run.contract), plan),
    seed: run.seed,
    budget: new Budget(run.requests),
    attempt: async (template) => {
      const body = materialize(template, plan, run.publicId());
      const exchange = await run.send(body);
      const judged = judgeAccepted(run.contract, exchange, body, plan.labelField);
      if (body.is_public === true) {
        pub.sent++;
        if (dispositionOf(exchange.response.status) === 'accepted') pub.accepted++;
        if (
          judged.verified.includes('echo.is_public') &&
          !judged.failures.some((f) => f.requirement === 'echo.is_public')
        )
          pub.echoed++;
      }
      return { exchange, judged };
    },
  });
  return { outcome, pub };
}

/** Its own stream, so the two halves do not mirror each other's choices. */
const REJECTING_SALT = 0x5bd1e995;

/** The rejecting half: bodies breaking exactly one constraint must be rejected with 400. */
export function rejectingPhase(run: PhaseRun, plan: BodyPlan): Promise<FuzzOutcome<InvalidBody>> {
  return fuzz({
    arbitrary: invalidBody(schemaOf(run.contract), plan),
    seed: run.seed ^ REJECTING_SALT,
    budget: new Budget(run.requests),
    attempt: async ({ body: template, violation }) => {
      const body = materialize(template, plan, run.publicId());
      const exchange = await run.send(body);
      return { exchange, judged: judgeRejected(run.contract, exchange, violation) };
    },
  });
}

/** Why `echo.is_public=true` was not verified by an accepting half, or undefined when it was. */
export function publicEchoNotVerified(
  pub: PublicEcho,
  inputs: number,
  fuzzPublic: boolean,
): string | undefined {
  if (pub.echoed > 0) return undefined;
  if (!fuzzPublic) return 'echo.is_public=true: set MEETBIT_FUZZ_PUBLIC=1';
  if (pub.sent === 0) return `echo.is_public=true: none of the ${inputs} generated bodies had is_public true`;
  if (pub.accepted === 0)
    return `echo.is_public=true: none of the ${pub.sent} generated creates with is_public true was accepted`;
  return `echo.is_public=true: ${pub.accepted} generated creates with is_public true were accepted, none echoed it (see the echo.is_public problem)`;
}

function schemaOf(contract: OperationContract) {
  return jsonRequestSchema(contract).schema;
}
