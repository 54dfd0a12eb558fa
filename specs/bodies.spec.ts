import { against, describeContract, expect, test } from '../src/playwright/fixtures';
import type { TestData } from '../src/cases/test-data';
import type { ToleratedOutcome } from '../src/contract';

const REQUEST_BODY = '#/paths/~1online_conferences/post/requestBody';

interface BodyCase {
  readonly id: string;
  readonly description: string;
  readonly specPointer: string;
  /** The requirement a wrong answer violates. */
  readonly requirement: string;
  /** Statuses that conform: 400 for a body the spec describes; 400 or 415 for a media type it does not. */
  readonly statuses: readonly number[];
  readonly tolerated?: readonly ToleratedOutcome[];
  /** Built from a valid body, so a tenant that wrongly accepts it creates a conference labelled as test data. */
  readonly raw: (testData: TestData, id: string) => { body: string; contentType: string | null };
}

const json = (testData: TestData, id: string): string => JSON.stringify(testData.minimalBody(id));

/**
 * Bodies that are not a JSON object of the documented media type. A JSON body that is not an object is
 * described by the spec (its schema is `type: object`, the body is required): 400, its only answer to an
 * unacceptable body. A body under another media type is outside the contract: the suite sends it on purpose,
 * and 400 or 415 (RFC 9110 §15.5.16) both refuse it; a tenant that parses it anyway (fastify, many hand-written
 * tenants) is lenient, a warning. Which `errors` key names the problem is the tenant's choice, so none is
 * required; every 400 is still checked in full against ValidationError, and a 5xx fails.
 */
const LENIENT: readonly ToleratedOutcome[] = [
  {
    status: '2XX',
    requirement: 'convention.strict-content-type',
    why: 'the spec documents only application/json and forbids nothing else (lenient)',
  },
];
const BODY_TYPE = { requirement: 'request.body.type', statuses: [400] };
const OUTSIDE_CONTRACT = { requirement: 'request.content-type', statuses: [400, 415], tolerated: LENIENT };

const BODY_CASES: readonly BodyCase[] = [
  {
    id: 'body.malformed-json',
    description: 'a body that is not valid JSON (cut short) is rejected',
    specPointer: `${REQUEST_BODY}/content/application~1json/schema`,
    ...BODY_TYPE,
    raw: (testData, id) => ({ body: json(testData, id).slice(0, -1), contentType: 'application/json' }),
  },
  {
    id: 'body.not-object.array',
    description: 'a JSON array holding a valid body is rejected',
    specPointer: `${REQUEST_BODY}/content/application~1json/schema`,
    ...BODY_TYPE,
    raw: (testData, id) => ({ body: `[${json(testData, id)}]`, contentType: 'application/json' }),
  },
  {
    id: 'body.not-object.string',
    description: 'a JSON string holding a valid body (double-encoded) is rejected',
    specPointer: `${REQUEST_BODY}/content/application~1json/schema`,
    ...BODY_TYPE,
    raw: (testData, id) => ({ body: JSON.stringify(json(testData, id)), contentType: 'application/json' }),
  },
  {
    id: 'body.empty',
    description: 'an empty body is rejected (the request body is required)',
    specPointer: `${REQUEST_BODY}/required`,
    requirement: 'request.body.required',
    statuses: [400],
    raw: () => ({ body: '', contentType: 'application/json' }),
  },
  {
    id: 'body.content-type.text-plain',
    description: 'a valid JSON object sent as text/plain is refused with 400 or 415',
    specPointer: `${REQUEST_BODY}/content`,
    ...OUTSIDE_CONTRACT,
    raw: (testData, id) => ({ body: json(testData, id), contentType: 'text/plain' }),
  },
  {
    id: 'body.content-type.missing',
    description: 'a valid JSON object sent without Content-Type is refused with 400 or 415',
    specPointer: `${REQUEST_BODY}/content`,
    ...OUTSIDE_CONTRACT,
    raw: (testData, id) => ({ body: json(testData, id), contentType: null }),
  },
];

describeContract('POST /online_conferences: bodies that are not a JSON object', () => {
  for (const { id, description, specPointer, requirement, statuses, tolerated, raw } of BODY_CASES) {
    test(
      `${id}: ${description}`,
      {
        annotation: [
          { type: 'case', description: id },
          { type: 'expect', description: '400' },
          { type: 'spec', description: specPointer },
          { type: 'requirement', description: requirement },
          ...(tolerated ?? []).map((entry) => ({ type: 'requirement', description: entry.requirement })),
          { type: 'requirement', description: 'no-server-error' },
        ],
      },
      async ({ api, contract, testData }) => {
        const exchange = await api.send({ auth: 'full', raw: raw(testData, id) });
        expect(exchange, `case ${id}: ${description} (openapi.yaml${specPointer})`).toHaveOutcome(
          against(contract),
          {
            status: statuses,
            pointer: specPointer,
            requirement,
            tolerated,
            what: description,
          },
        );
      },
    );
  }
});
