import type { BoundaryCase } from '../cases/boundary';
import type { TestData } from '../cases/test-data';
import type { OperationContract } from '../contract';
import type { Api } from './fixtures';
import { against, expect } from './matchers';

/** One request, the status the spec demands; an accepted case creates one conference. */
export function caseAnnotations({ id, specPointer, verifies, expected, tolerated }: BoundaryCase) {
  return [
    { type: 'case', description: id },
    { type: 'expect', description: String(expected.status) },
    { type: 'spec', description: specPointer },
    ...verifies.map((requirement) => ({ type: 'requirement', description: requirement })),
    ...(tolerated ?? []).map((entry) => ({ type: 'requirement', description: entry.requirement })),
    // A rejection should also name its field.
    ...(expected.status === 400
      ? [{ type: 'requirement', description: 'convention.error-names-field' }]
      : []),
  ];
}

/**
 * One generated case: a fresh labelled body with the case's change, then the outcome the spec demands;
 * an accepted case must also come back exactly as sent.
 */
export async function runCase(
  boundaryCase: BoundaryCase,
  { api, contract, testData }: { api: Api; contract: OperationContract; testData: TestData },
): Promise<void> {
  const { id, description, specPointer, expected, requirement, tolerated, about } = boundaryCase;
  const body = boundaryCase.build(testData.minimalBody(id), testData.knownValues());
  const exchange = await api.send({ auth: 'full', json: body });
  const context = `case ${id}: ${description} (openapi.yaml${specPointer})`;
  expect(exchange, context).toHaveOutcome(against(contract), {
    ...expected,
    pointer: specPointer,
    requirement,
    tolerated,
    what: description,
    ...(expected.status === 200 && about ? { about } : {}),
    echo: expected.status === 200,
  });
}
