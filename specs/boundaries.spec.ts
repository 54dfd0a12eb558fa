import { deriveBoundaryCases } from '../src/cases/boundary';
import { NAMED_SCENARIOS } from '../src/cases/scenarios';
import { loadSuiteOperation } from '../src/contract';
import { caseAnnotations, runCase } from '../src/playwright/case-test';
import { describeContract, test } from '../src/playwright/fixtures';
import { safeTitle } from '../src/playwright/handoff';

const operation = await loadSuiteOperation();
// Each case runs once: those a named scenario stands for run in scenarios.spec.ts under that name.
const named = new Set(NAMED_SCENARIOS.map((scenario) => scenario.caseId));
const cases = deriveBoundaryCases(operation).filter((boundaryCase) => !named.has(boundaryCase.id));

describeContract('POST /online_conferences: boundaries derived from the request schema', () => {
  for (const boundaryCase of cases) {
    test(
      safeTitle(`${boundaryCase.id}: ${boundaryCase.description}`),
      { annotation: caseAnnotations(boundaryCase) },
      ({ api, contract, testData }) => runCase(boundaryCase, { api, contract, testData }),
    );
  }
});
