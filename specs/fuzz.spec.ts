import { loadConfig } from '../src/config/env';
import {
  acceptingPhase,
  fuzzPlan,
  publicEchoNotVerified,
  rejectingPhase,
  type PhaseRun,
} from '../src/fuzz/phases';
import type { SuiteConfig } from '../src/config/config';
import type { Api } from '../src/playwright/fixtures';
import type { TestData } from '../src/cases/test-data';
import type { OperationContract } from '../src/contract';
import { describeContract, test } from '../src/playwright/fixtures';
import { reportFuzz } from '../src/playwright/fuzz-test';
import { annotate } from '../src/playwright/handoff';

const REQUEST_BODY = '#/paths/~1online_conferences/post/requestBody/content/application~1json/schema';
const config = loadConfig();
// Half the budget each; each request of the accepting half may create one conference.
const accepting = Math.ceil(config.fuzzRequests / 2);
const rejecting = Math.floor(config.fuzzRequests / 2);

/** A bound on behaviour: the budget at the configured pace, with room for slow answers. */
function timeoutFor(requests: number, suite: SuiteConfig): number {
  const rps = suite.requestsPerSecond ?? suite.maxRequestsPerSecond;
  const perRequest = (1000 * suite.concurrency) / rps + 250;
  return Math.max(30_000, Math.ceil(requests * perRequest * 1.5) + 30_000);
}

const annotations = (
  check: string,
  requests: number,
  creates: number,
  verifies: readonly string[],
  mayBePublic = false,
) => [
  { type: 'case', description: check },
  // Its exchanges are generated: a report shows a fixed case's exchange of the same defect first.
  { type: 'inputs', description: 'generated' },
  ...verifies.map((id) => ({ type: 'requirement', description: id })),
  { type: 'spec', description: REQUEST_BODY },
  { type: 'requests', description: String(requests) },
  { type: 'creates', description: String(creates) },
  // The plan says how many of them may be public test data (src/playwright/plan.ts).
  ...(mayBePublic ? [{ type: 'creates-public', description: String(creates) }] : []),
  { type: 'seed', description: String(config.seed) },
];

const OFF = 'MEETBIT_FUZZ_REQUESTS=0 turns the fuzz phase off';

// Two long tests: in the self-test, each tenant's pair is a group of its own (describeContract).
describeContract('POST /online_conferences: generated inputs (fuzz phase)', { targetsAGroup: 1 }, () => {
  test(
    'fuzz.accepts-generated: bodies generated from the request schema are accepted and echoed',
    {
      annotation: annotations(
        'fuzz.accepts-generated',
        accepting,
        accepting,
        [
          'request.accepts-valid',
          'convention.echo-exact-whitespace',
          'convention.empty-string-kept',
          'convention.nul-character-kept',
          'convention.long-unbounded-strings',
        ],
        config.fuzzPublic,
      ),
    },
    async ({ api, contract, testData, suiteConfig }) => {
      test.skip(accepting === 0, OFF);
      test.setTimeout(timeoutFor(accepting, suiteConfig));
      const { outcome, pub } = await acceptingPhase(
        phaseRun({ api, contract, testData, suiteConfig }, accepting),
        fuzzPlan(suiteConfig),
      );
      const notVerified = publicEchoNotVerified(pub, outcome.inputs, suiteConfig.fuzzPublic);
      if (notVerified) annotate(test.info(), 'not-verified', notVerified);
      reportFuzz('accepting', outcome, { api, seed: suiteConfig.seed });
    },
  );

  test(
    'fuzz.rejects-generated: bodies breaking exactly one constraint are rejected with 400',
    { annotation: annotations('fuzz.rejects-generated', rejecting, 0, []) },
    async ({ api, contract, testData, suiteConfig }) => {
      test.skip(rejecting === 0, OFF);
      test.setTimeout(timeoutFor(rejecting, suiteConfig));
      const outcome = await rejectingPhase(
        phaseRun({ api, contract, testData, suiteConfig }, rejecting),
        fuzzPlan(suiteConfig),
      );
      reportFuzz('rejecting', outcome, { api, seed: suiteConfig.seed });
    },
  );
});

/** A half of the phase as this run sends it: through the api fixture, unchecked (the judge checks). */
function phaseRun(
  {
    api,
    contract,
    testData,
    suiteConfig,
  }: { api: Api; contract: OperationContract; testData: TestData; suiteConfig: SuiteConfig },
  requests: number,
): PhaseRun {
  return {
    contract,
    seed: suiteConfig.seed,
    requests,
    send: (body) => api.sendUnchecked({ auth: 'full', json: body }),
    publicId: () => testData.publicId(),
  };
}
