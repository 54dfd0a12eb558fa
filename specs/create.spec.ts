import { describeContract, expect, test } from '../src/playwright/fixtures';

const SUCCESS = '#/paths/~1online_conferences/post/responses/200';

describeContract('POST /online_conferences: a valid create', () => {
  test(
    'create.minimal: required writable fields only is accepted and echoed',
    {
      annotation: [
        { type: 'check', description: 'create.minimal' },
        { type: 'expect', description: '200' },
        { type: 'spec', description: SUCCESS },
      ],
    },
    async ({ api, contract, testData }) => {
      const window = { sentAt: Date.now(), receivedAt: 0 };
      const exchange = await api.send({ auth: 'full', json: testData.minimalBody('create.minimal') });
      window.receivedAt = Date.now();
      expect(exchange).toHaveOutcome(contract, { status: 200, pointer: SUCCESS });
      expect(exchange).toEchoWritableFields(contract);
      expect(exchange).toHavePlausibleServerFields(contract, window);
    },
  );

  test(
    'create.full: every writable field is accepted and echoed',
    {
      annotation: [
        { type: 'check', description: 'create.full' },
        { type: 'expect', description: '200' },
        { type: 'spec', description: SUCCESS },
      ],
    },
    async ({ api, contract, testData, suiteConfig }) => {
      const body = {
        ...testData.minimalBody('create.full'),
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
      expect(exchange).toHaveOutcome(contract, { status: 200, pointer: SUCCESS });
      expect(exchange).toEchoWritableFields(contract);
      expect(exchange).toHavePlausibleServerFields(contract, window);
    },
  );
});
