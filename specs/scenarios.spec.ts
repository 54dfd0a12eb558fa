import { deriveBoundaryCases } from '../src/cases/boundary';
import { NAMED_SCENARIOS, scenarioTitle } from '../src/cases/scenarios';
import { loadSuiteOperation } from '../src/contract';
import { caseAnnotations, runCase } from '../src/playwright/case-test';
import { against, describeContract, expect, test } from '../src/playwright/fixtures';
import { safeTitle } from '../src/playwright/handoff';

const operation = await loadSuiteOperation();
const cases = new Map(deriveBoundaryCases(operation).map((boundaryCase) => [boundaryCase.id, boundaryCase]));
// The document-wide security requirement: both key headers; the 401 documents the answer.
const SECURITY = '#/security';

describeContract('POST /online_conferences: named scenarios', () => {
  for (const scenario of NAMED_SCENARIOS) {
    const boundaryCase = cases.get(scenario.caseId);
    if (!boundaryCase) throw new Error(`No generated case ${scenario.caseId} for a named scenario`);
    test(
      safeTitle(`scenario: ${scenarioTitle(scenario, boundaryCase)} [${boundaryCase.id}]`),
      { annotation: caseAnnotations(boundaryCase) },
      ({ api, contract, testData }) => runCase(boundaryCase, { api, contract, testData }),
    );
  }

  test(
    'scenario: a create without credentials is rejected [scenario.no-credentials]',
    {
      annotation: [
        { type: 'case', description: 'scenario.no-credentials' },
        { type: 'requirement', description: 'security.unauthenticated' },
        { type: 'expect', description: '401' },
        { type: 'spec', description: SECURITY },
        { type: 'requirement', description: 'security.unauthenticated' },
      ],
    },
    async ({ api, contract, testData }) => {
      const exchange = await api.send({
        auth: 'none',
        json: testData.minimalBody('scenario.no-credentials'),
      });
      expect(exchange).toHaveOutcome(against(contract), {
        status: 401,
        pointer: SECURITY,
        requirement: 'security.unauthenticated',
      });
    },
  );
});
