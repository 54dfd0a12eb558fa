import fc from 'fast-check';
import { loadConfig } from '../src/config/env';
import { dispositionOf, jsonRequestSchema, type OperationContract } from '../src/contract';
import { invalidBody } from '../src/fuzz/invalid-body';
import { judgeAccepted, judgeRejected } from '../src/fuzz/judge';
import { Budget, fuzz } from '../src/fuzz/run';
import { materialize, validBody, type BodyPlan } from '../src/fuzz/valid-body';
import type { SuiteConfig } from '../src/config/config';
import { describeContract, test } from '../src/playwright/fixtures';
import { reportFuzz } from '../src/playwright/fuzz-test';
import { annotate } from '../src/playwright/handoff';

const REQUEST_BODY = '#/paths/~1online_conferences/post/requestBody/content/application~1json/schema';
const config = loadConfig();
// Half the budget each; each request of the accepting half may create one conference.
const accepting = Math.ceil(config.fuzzRequests / 2);
const rejecting = Math.floor(config.fuzzRequests / 2);

function plan(suite: SuiteConfig): BodyPlan {
  return {
    tenantValues: {
      online_conference_account_id: fc.constant(suite.accountId),
      backer_event_id: suite.backerEventId ? fc.constantFrom(null, suite.backerEventId) : fc.constant(null),
    },
    labelField: 'public_id',
    // Without the opt-in a remote tenant only ever gets private conferences.
    ...(suite.fuzzPublic ? {} : { pinned: { is_public: false } }),
  };
}

/** A bound on behaviour: the budget at the configured pace, with room for slow answers. */
function timeoutFor(requests: number, suite: SuiteConfig): number {
  const rps = suite.requestsPerSecond ?? suite.maxRequestsPerSecond;
  const perRequest = (1000 * suite.concurrency) / rps + 250;
  return Math.max(30_000, Math.ceil(requests * perRequest * 1.5) + 30_000);
}

const annotations = (check: string, requests: number, creates: number, verifies: readonly string[]) => [
  { type: 'case', description: check },
  // Its exchanges are generated: a report shows a fixed case's exchange of the same defect first.
  { type: 'inputs', description: 'generated' },
  ...verifies.map((id) => ({ type: 'requirement', description: id })),
  { type: 'spec', description: REQUEST_BODY },
  { type: 'requests', description: String(requests) },
  { type: 'creates', description: String(creates) },
  { type: 'seed', description: String(config.seed) },
];

const OFF = 'MEETBIT_FUZZ_REQUESTS=0 turns the fuzz phase off';

describeContract('POST /online_conferences: generated inputs (fuzz phase)', () => {
  test(
    'fuzz.accepts-generated: bodies generated from the request schema are accepted and echoed',
    {
      annotation: annotations('fuzz.accepts-generated', accepting, accepting, [
        'request.accepts-valid',
        'convention.echo-exact-whitespace',
        'convention.empty-string-kept',
        'convention.nul-character-kept',
        'convention.long-unbounded-strings',
      ]),
    },
    async ({ api, contract, testData, suiteConfig }) => {
      test.skip(accepting === 0, OFF);
      test.setTimeout(timeoutFor(accepting, suiteConfig));
      const bodyPlan = plan(suiteConfig);
      // echo.is_public=true: generated creates with is_public true, those accepted, those echoed true.
      const pub = { sent: 0, accepted: 0, echoed: 0 };
      const outcome = await fuzz({
        arbitrary: validBody(schemaOf(contract), bodyPlan),
        seed: suiteConfig.seed,
        budget: new Budget(accepting),
        attempt: async (template) => {
          const body = materialize(template, bodyPlan, testData.publicId());
          const exchange = await api.sendUnchecked({ auth: 'full', json: body });
          const judged = judgeAccepted(contract, exchange, body, bodyPlan.labelField);
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
      if (pub.echoed === 0) {
        annotate(
          test.info(),
          'not-verified',
          !suiteConfig.fuzzPublic
            ? 'echo.is_public=true: set MEETBIT_FUZZ_PUBLIC=1'
            : pub.sent === 0
              ? `echo.is_public=true: none of the ${outcome.inputs} generated bodies had is_public true`
              : pub.accepted === 0
                ? `echo.is_public=true: none of the ${pub.sent} generated creates with is_public true was accepted`
                : `echo.is_public=true: ${pub.accepted} generated creates with is_public true were accepted, none echoed it (see the echo.is_public problem)`,
        );
      }
      reportFuzz('accepting', outcome, { api, seed: suiteConfig.seed });
    },
  );

  test(
    'fuzz.rejects-generated: bodies breaking exactly one constraint are rejected with 400',
    { annotation: annotations('fuzz.rejects-generated', rejecting, 0, []) },
    async ({ api, contract, testData, suiteConfig }) => {
      test.skip(rejecting === 0, OFF);
      test.setTimeout(timeoutFor(rejecting, suiteConfig));
      const bodyPlan = plan(suiteConfig);
      const outcome = await fuzz({
        arbitrary: invalidBody(schemaOf(contract), bodyPlan),
        // Its own stream, so the two halves do not mirror each other's choices.
        seed: suiteConfig.seed ^ 0x5bd1e995,
        budget: new Budget(rejecting),
        attempt: async ({ body: template, violation }) => {
          const body = materialize(template, bodyPlan, testData.publicId());
          const exchange = await api.sendUnchecked({ auth: 'full', json: body });
          return { exchange, judged: judgeRejected(contract, exchange, violation) };
        },
      });
      reportFuzz('rejecting', outcome, { api, seed: suiteConfig.seed });
    },
  );
});

function schemaOf(contract: OperationContract) {
  return jsonRequestSchema(contract).schema;
}
