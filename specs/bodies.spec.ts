import { describeContract, expect, test } from '../src/playwright/fixtures';
import type { TestData } from '../src/cases/test-data';

const REQUEST_BODY = '#/paths/~1online_conferences/post/requestBody';

interface BodyCase {
  readonly id: string;
  readonly description: string;
  readonly specPointer: string;
  /** Built from a valid body, so a tenant that wrongly accepts it creates a conference labelled as test data. */
  readonly raw: (testData: TestData, id: string) => { body: string; contentType: string | null };
}

const json = (testData: TestData, id: string): string => JSON.stringify(testData.minimalBody(id));

/**
 * Bodies that are not a JSON object of the documented media type. The spec's only answer to an unacceptable
 * body is 400 (no 415 is documented); which `errors` key names the problem is the tenant's choice, so none
 * is required, but the 400 must be a conforming ValidationError (checked on every response).
 */
const BODY_CASES: readonly BodyCase[] = [
  {
    id: 'body.malformed-json',
    description: 'a body that is not valid JSON (cut short) is rejected',
    specPointer: `${REQUEST_BODY}/content/application~1json/schema`,
    raw: (testData, id) => ({ body: json(testData, id).slice(0, -1), contentType: 'application/json' }),
  },
  {
    id: 'body.not-object.array',
    description: 'a JSON array holding a valid body is rejected',
    specPointer: `${REQUEST_BODY}/content/application~1json/schema`,
    raw: (testData, id) => ({ body: `[${json(testData, id)}]`, contentType: 'application/json' }),
  },
  {
    id: 'body.not-object.string',
    description: 'a JSON string holding a valid body (double-encoded) is rejected',
    specPointer: `${REQUEST_BODY}/content/application~1json/schema`,
    raw: (testData, id) => ({ body: JSON.stringify(json(testData, id)), contentType: 'application/json' }),
  },
  {
    id: 'body.empty',
    description: 'an empty body is rejected (the request body is required)',
    specPointer: `${REQUEST_BODY}/required`,
    raw: () => ({ body: '', contentType: 'application/json' }),
  },
  {
    id: 'body.content-type.text-plain',
    description: 'a valid JSON object sent as text/plain is rejected',
    specPointer: `${REQUEST_BODY}/content`,
    raw: (testData, id) => ({ body: json(testData, id), contentType: 'text/plain' }),
  },
  {
    id: 'body.content-type.missing',
    description: 'a valid JSON object sent without Content-Type is rejected',
    specPointer: `${REQUEST_BODY}/content`,
    raw: (testData, id) => ({ body: json(testData, id), contentType: null }),
  },
];

describeContract('POST /online_conferences: bodies that are not a JSON object', () => {
  for (const { id, description, specPointer, raw } of BODY_CASES) {
    test(
      `${id}: ${description}`,
      {
        annotation: [
          { type: 'check', description: id },
          { type: 'expect', description: '400' },
          { type: 'spec', description: specPointer },
        ],
      },
      async ({ api, contract, testData }) => {
        const exchange = await api.send({ auth: 'full', raw: raw(testData, id) });
        expect(exchange, `case ${id}: ${description} (openapi.yaml${specPointer})`).toHaveOutcome(contract, {
          status: 400,
          pointer: specPointer,
        });
      },
    );
  }
});
