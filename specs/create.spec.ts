import { against, describeContract, expect, test } from '../src/playwright/fixtures';

const SUCCESS = '#/paths/~1online_conferences/post/responses/200';

/** What a create verifies beyond its body's schema (checked on every response). */
const requirements = (...fields: string[]) =>
  [
    'request.accepts-valid',
    'response.200.body',
    'response.200.content-type',
    ...fields.map((field) => `echo.${field}`),
    'convention.echo-exact-whitespace',
    'convention.server-fields-plausible',
  ].map((id) => ({ type: 'requirement', description: id }));
const MINIMAL_FIELDS = ['online_conference_account_id', 'public_id', 'title', 'is_public'];

describeContract('POST /online_conferences: a valid create', () => {
  test(
    'create.minimal: required writable fields only is accepted and echoed',
    {
      annotation: [
        { type: 'case', description: 'create.minimal' },
        { type: 'requirement', description: 'request.accepts-valid' },
        { type: 'expect', description: '200' },
        { type: 'spec', description: SUCCESS },
        ...requirements(...MINIMAL_FIELDS),
      ],
    },
    async ({ api, contract, testData }) => {
      const window = { sentAt: Date.now(), receivedAt: 0 };
      const exchange = await api.send({ auth: 'full', json: testData.minimalBody('create.minimal') });
      window.receivedAt = Date.now();
      expect(exchange).toHaveOutcome(against(contract), { status: 200, pointer: SUCCESS, echo: true });
      expect(exchange).toHavePlausibleServerFields(against(contract), window);
    },
  );

  test(
    'create.full: every writable field is accepted and echoed',
    {
      annotation: [
        { type: 'case', description: 'create.full' },
        { type: 'requirement', description: 'request.accepts-valid' },
        { type: 'expect', description: '200' },
        { type: 'spec', description: SUCCESS },
        ...requirements(...MINIMAL_FIELDS, 'backer_event_id'),
      ],
    },
    async ({ api, contract, testData, suiteConfig }) => {
      const minimal = testData.minimalBody('create.full');
      const body = {
        ...minimal,
        // A trailing space: a tenant that trims it (Laravel's TrimStrings) gets a warning, not a failure.
        title: `${String(minimal.title)} `,
        backer_event_id: suiteConfig.backerEventId ?? null,
        online_conference_attendees: [
          { email: `attendee-one.${suiteConfig.runId}@example.com`, name: 'Conformance Attendee One' },
          { email: `attendee-two.${suiteConfig.runId}@example.com` },
          { email: `attendee-three.${suiteConfig.runId}@example.com`, name: null },
        ],
      };
      const window = { sentAt: Date.now(), receivedAt: 0 };
      const exchange = await api.send({ auth: 'full', json: body });
      window.receivedAt = Date.now();
      expect(exchange).toHaveOutcome(against(contract), { status: 200, pointer: SUCCESS, echo: true });
      expect(exchange).toHavePlausibleServerFields(against(contract), window);
    },
  );
});
