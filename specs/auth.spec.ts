import type { AuthMode } from '../src/client/auth';
import { loadConfig } from '../src/config/env';
import type { Api } from '../src/playwright/fixtures';
import { against, describeContract, expect, test } from '../src/playwright/fixtures';
import type { OperationContract } from '../src/contract';
import type { TestData } from '../src/cases/test-data';

const UNAUTHORIZED = '#/paths/~1online_conferences/post/responses/401';
const SECURITY = '#/security';
const SUCCESS = '#/paths/~1online_conferences/post/responses/200';
const RESTRICTED_KEY_NEEDED =
  'Needs a key without online_conferences.create.*: set MEETBIT_RESTRICTED_ACCESS_KEY_ID and ' +
  'MEETBIT_RESTRICTED_ACCESS_KEY_SECRET to enable this test.';

/** Credentials that must not authenticate: each gets 401 whatever the body. */
const WITHOUT_VALID_CREDENTIALS: readonly { id: string; what: string; auth: AuthMode }[] = [
  { id: 'auth.none', what: 'no credentials', auth: 'none' },
  { id: 'auth.id-only', what: 'only the key id', auth: { id: 'full', secret: 'omit' } },
  { id: 'auth.secret-only', what: 'only the key secret', auth: { id: 'omit', secret: 'full' } },
  {
    id: 'auth.wrong-secret',
    what: 'a wrong secret for a real key id',
    auth: { id: 'full', secret: 'wrong' },
  },
  // The real secret, so a tenant that looks keys up by their secret alone is caught too.
  {
    id: 'auth.unknown-id',
    what: 'an unknown key id with a real secret',
    auth: { id: 'unknown', secret: 'full' },
  },
  { id: 'auth.empty', what: 'both headers present but empty', auth: { id: 'empty', secret: 'empty' } },
  {
    id: 'auth.empty-secret',
    what: 'a real key id with an empty secret',
    auth: { id: 'full', secret: 'empty' },
  },
];

/**
 * A body that would create, and one no tenant can accept. Without valid credentials the first must get 401
 * (the spec's security requirement: a MUST). For the second the spec orders nothing: a tenant that validates
 * before it authenticates (express-openapi-validator ahead of the auth handler, fastify schemas before
 * preHandler) answers 400, which tells an anonymous caller its rules: a warning. Any 2xx is a MUST failure.
 */
const VALIDATED_FIRST = {
  status: 400,
  requirement: 'convention.auth-before-validation',
  why: 'the tenant validated the body before the credentials (its refusal names a field)',
  ifNamesAField: true,
} as const;

const BODIES = {
  'valid-body': {
    make: (data: TestData, what: string) => data.minimalBody(what),
    // Refused for a field it names, the body was validated first (and found at fault: the valid-body cases
    // say whether rightly); nothing was accepted without credentials.
    tolerated: [VALIDATED_FIRST],
  },
  'invalid-body': {
    make: (data: TestData, what: string) => ({ ...data.minimalBody(what), is_public: 'not-a-boolean' }),
    tolerated: [
      {
        status: 400,
        requirement: 'convention.auth-before-validation',
        why: 'the spec does not order authentication before validation',
      },
    ],
  },
} as const;

const REQUIREMENTS = [
  'security.unauthenticated',
  'security.creates-nothing',
  'convention.auth-before-validation',
  'response.401.content-type',
  'response.401.body',
];

/**
 * There is no read endpoint, so "created nothing" is shown by its one visible effect: `public_id` is
 * unique, so re-sending the same body with valid credentials must now be accepted. A tenant that
 * created on the rejected request answers 400 ("has already been taken") instead.
 */
async function expectNothingCreated(
  api: Api,
  contract: OperationContract,
  body: Record<string, unknown>,
): Promise<void> {
  const retry = await api.send({ auth: 'full', json: body });
  expect(
    retry,
    'the same public_id with valid credentials is accepted, so the rejected request created nothing',
  ).toHaveOutcome(against(contract), {
    status: 200,
    pointer: SUCCESS,
    requirement: 'security.creates-nothing',
    // Only a rejection of the public_id as taken shows that the refused request created something.
    rejectionAbout: 'public_id',
    what: 'the refused body re-sent with the real key',
  });
}

describeContract('POST /online_conferences: authentication', () => {
  for (const credentials of WITHOUT_VALID_CREDENTIALS) {
    test(
      `${credentials.id}: ${credentials.what} gets 401 text/plain, with a valid and with an invalid body, and creates nothing`,
      {
        annotation: [
          { type: 'case', description: credentials.id },
          { type: 'requirement', description: 'security.unauthenticated' },
          { type: 'requirement', description: 'security.creates-nothing' },
          // In order: a valid body (401), the same body with the real key (200), an invalid body (401).
          { type: 'expect', description: '401' },
          { type: 'expect', description: '200' },
          { type: 'expect', description: '401' },
          { type: 'creates', description: '1' },
          { type: 'spec', description: UNAUTHORIZED },
          { type: 'spec', description: SECURITY },
          ...REQUIREMENTS.map((id) => ({ type: 'requirement', description: id })),
        ],
      },
      async ({ api, contract, testData }) => {
        for (const [bodyKind, { make, tolerated }] of Object.entries(BODIES)) {
          await test.step(bodyKind.replace('-', ' '), async () => {
            const body = make(testData, credentials.id);
            const exchange = await api.send({ auth: credentials.auth, json: body });
            // api.send has already checked the 401 against the spec: text/plain, a string body.
            expect(exchange, `${credentials.what}, ${bodyKind.replace('-', ' ')}`).toHaveOutcome(
              against(contract),
              {
                status: 401,
                pointer: UNAUTHORIZED,
                requirement: 'security.unauthenticated',
                tolerated,
                what: `${credentials.what}, ${bodyKind.replace('-', ' ')}`,
              },
            );
            if (bodyKind === 'valid-body') await expectNothingCreated(api, contract, body);
          });
        }
      },
    );
  }
});

describeContract('POST /online_conferences: permissions', () => {
  // Static, so the plan (--list) knows it sends nothing; the reason shows in every report.
  test.skip(!loadConfig().restrictedCredentials, RESTRICTED_KEY_NEEDED);
  test(
    'permissions.restricted: a valid key without online_conferences.create.* gets 401 and creates nothing',
    {
      annotation: [
        { type: 'case', description: 'permissions.restricted' },
        { type: 'requirement', description: 'permissions.create' },
        { type: 'expect', description: '401' },
        { type: 'expect', description: '200' },
        { type: 'creates', description: '1' },
        { type: 'spec', description: UNAUTHORIZED },
        { type: 'spec', description: '#/paths/~1online_conferences/post/description' },
        { type: 'requirement', description: 'permissions.create' },
        { type: 'requirement', description: 'security.creates-nothing' },
      ],
    },
    async ({ api, contract, testData }) => {
      const body = testData.minimalBody('permissions.restricted');
      const exchange = await api.send({ auth: 'restricted', json: body });
      expect(exchange).toHaveOutcome(against(contract), {
        status: 401,
        pointer: UNAUTHORIZED,
        requirement: 'permissions.create',
        tolerated: [VALIDATED_FIRST],
        what: 'a valid key without online_conferences.create.*',
      });
      await expectNothingCreated(api, contract, body);
    },
  );
});
