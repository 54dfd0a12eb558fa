import { checkResponse, dispositionOf, type Exchange } from '../src/contract';
import { against, describeContract, expect, markNotVerified, test } from '../src/playwright/fixtures';
import { loadConfig } from '../src/config/env';
import { annotate, attachJson, skipTest } from '../src/playwright/handoff';
import { LatencyRecorder } from '../src/report/latency';

const RATE_LIMITED = '#/paths/~1online_conferences/post/responses/429';
const INVALID = '#/paths/~1online_conferences/post/responses/400';
/** Requests in flight at once during the burst: enough to outrun a refill, few enough to stay polite. */
const BURST_CONCURRENCY = 8;
/** What the first 429 verifies; inconclusive, not failed, when the burst meets no 429. */
const VERIFIES = [
  'response.429.content-type',
  'response.429.body',
  'response.429.header.Retry-After',
  'convention.retry-after-present',
];
const suite = loadConfig();

describeContract('POST /online_conferences: rate limiting', () => {
  // Static, so the plan (--list) knows it sends nothing; the reason shows in every report.
  test.skip(
    !suite.allowRateLimitTest,
    'Provoking a 429 sends a burst of requests to the tenant: set MEETBIT_ALLOW_RATE_LIMIT_TEST=1 to enable it.',
  );
  test(
    'rate-limit.burst: a burst is eventually answered 429 text/plain, with an integer Retry-After when it sends one',
    {
      annotation: [
        { type: 'case', description: 'rate-limit.burst' },
        // Invalid bodies answered 400 until the first 429: at most the burst maximum, unpaced.
        { type: 'expect', description: '400' },
        { type: 'expect', description: '429' },
        { type: 'requests', description: String(suite.rateLimitBurstMax) },
        { type: 'stops-early', description: 'at the first 429' },
        { type: 'spec', description: RATE_LIMITED },
        ...VERIFIES.map((id) => ({ type: 'requirement', description: id })),
      ],
    },
    async ({ burstClient: client, contract, testData, suiteConfig }) => {
      const max = suiteConfig.rateLimitBurstMax;
      // Authenticated but invalid, so the burst creates nothing: a tenant that throttles before it
      // validates (as the reference tenant does) answers 400 until it answers 429. A tenant that
      // validates first and never throttles a 400 cannot be tested this way; it fails below.
      const body = { ...testData.minimalBody('rate-limit.burst'), is_public: 'not-a-boolean' };
      let sent = 0;
      let first: Exchange | undefined;
      let limited: Exchange | undefined;
      // A rejection that breaks the contract (a 422 for 400, a malformed 400) is checked once, and the burst
      // goes on: it still rejects what it must. Anything else (an acceptance, a 5xx) stops it.
      let malformed: Exchange | undefined;
      let unexpected: Exchange | undefined;
      const statuses = new Map<number, number>();
      const latency = new LatencyRecorder();
      const worker = async (): Promise<void> => {
        while (sent < max && !limited && !unexpected) {
          sent++;
          const exchange = await client.sendOnce({ auth: 'full', json: body }, { paced: false });
          first ??= exchange;
          const { status } = exchange.response;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          latency.record(status, exchange.durationMs);
          if (status === 429) limited ??= exchange;
          else if (dispositionOf(status) !== 'rejected') unexpected ??= exchange;
          else if (!malformed && checkResponse(contract, exchange.response).failures.length > 0)
            malformed = exchange;
        }
      };
      await Promise.all(Array.from({ length: BURST_CONCURRENCY }, worker));
      const seen = [...statuses].map(([status, count]) => `${count}× ${status}`).join(', ');
      annotate(test.info(), 'burst', `${sent} requests: ${seen}`);
      // The same attachments the api fixture writes: the exchanges a reviewer needs, through the output exit.
      const kept = [...new Set([first, malformed, unexpected, limited])].filter(
        (exchange) => exchange !== undefined,
      );
      attachJson(test.info(), 'conformance-exchanges', kept);
      attachJson(test.info(), 'conformance-stats', {
        requests: sent,
        rateLimited: statuses.get(429) ?? 0,
        waitedMs: 0,
        statuses: Object.fromEntries(statuses),
        latency: latency.toJSON(),
      });

      if (malformed) {
        expect
          .soft(malformed, 'every answer during the burst must conform')
          .toMatchContract(against(contract), { serverErrors: 'fail' });
      }
      if (unexpected) {
        // Every answer during the burst must be one the spec allows: checked in full, a 5xx fails too.
        expect
          .soft(unexpected, 'every answer during the burst must conform; a burst must not crash it')
          .toMatchContract(against(contract), { serverErrors: 'fail' });
        expect(unexpected, 'the burst sends an invalid body with valid credentials').toHaveOutcome(
          against(contract),
          {
            status: 400,
            pointer: INVALID,
            requirement: 'request.is_public.type',
          },
        );
      }
      if (!limited) {
        // Inconclusive, not failed: the spec documents a 429 but promises no limit the suite could reach.
        const why =
          `no 429 within ${sent} requests (${seen}), sent ${BURST_CONCURRENCY} at a time without pacing: the ` +
          'tenant throttles only above that, or not this operation, or validates before it throttles (invalid ' +
          `bodies are never throttled). Raise MEETBIT_RATE_LIMIT_BURST_MAX (now ${max}) to try further.`;
        markNotVerified(test.info(), why);
        skipTest(test.info(), `rate-limit.burst: inconclusive: ${why}`);
        return;
      }
      // The full check of the 429: documented status, text/plain; Retry-After an integer >= 0 when present
      // (a MUST: its schema), and present (a warning: the spec does not require it, RFC 6585 makes it MAY).
      expect(limited, 'the first 429 of the burst').toMatchContract(against(contract));
    },
  );
});
