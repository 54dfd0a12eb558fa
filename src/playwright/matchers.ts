import { expect as base, test } from '@playwright/test';
import {
  checkResponse,
  echoConformance,
  formatFailure,
  outcomeConformance,
  serverErrorConformance,
  serverFieldsPlausibility,
  type ContractFailure,
  type Exchange,
  type OperationContract,
  type TimeWindow,
} from '../contract';
import { output } from './output';

/** Enough to show what is wrong; a flood of schema errors must not become a 474 MB junit.xml. */
const MAX_FAILURES_SHOWN = 20;

interface MatcherContext {
  isNot: boolean;
  utils: {
    matcherHint: (
      name: string,
      received?: string,
      expected?: string,
      options?: { isNot?: boolean },
    ) => string;
  };
}

/** Shared by every matcher: failures as data in, Playwright's pass/message/expected/actual out. */
function report(context: MatcherContext, name: string, what: string, failures: ContractFailure[]) {
  const pass = failures.length === 0;
  if (!pass && !context.isNot) {
    for (const failure of failures)
      test.info().annotations.push({ type: 'failed-check', description: failure.check });
  }
  // Messages, expected and actual end up in every Playwright report (list, junit, html, blob,
  // error-context.md): they pass the output exit here, the hint (the suite's own text) excepted.
  const clean = output();
  const shown = failures.slice(0, MAX_FAILURES_SHOWN);
  const more = failures.length - shown.length;
  const message = (): string =>
    pass
      ? `${context.utils.matcherHint(name, 'exchange', undefined, { isNot: context.isNot })}\n\n${clean.text(`Expected ${what} not to hold, but it does.`)}`
      : [
          context.utils.matcherHint(name, 'exchange'),
          '',
          clean.text(
            [
              `${what}: ${failures.length} problem${failures.length === 1 ? '' : 's'}`,
              '',
              shown.map(formatFailure).join('\n\n'),
              ...(more > 0 ? ['', `… and ${more} more problems, not shown.`] : []),
            ].join('\n'),
          ),
        ].join('\n');
  return { pass, message, name, expected: clean.text(what), actual: clean.value(shown) };
}

export const expect = base.extend({
  /** The response is what the spec documents for its status: status, Content-Type, body, headers. */
  toMatchContract(exchange: Exchange, operation: OperationContract, options: { serverErrors?: 'fail' } = {}) {
    // One matcher call per response: each expect is a Playwright step, and steps cost a stack capture.
    return report(
      this,
      'toMatchContract',
      `The ${exchange.response.status} response to ${exchange.request.method} ${exchange.request.url} conforms to ${operation.id}` +
        (options.serverErrors === 'fail' ? ' and is no server error' : ''),
      [
        ...checkResponse(operation, exchange.response),
        ...(options.serverErrors === 'fail' ? serverErrorConformance(operation, exchange) : []),
      ],
    );
  },

  /** The status a case expects; for a 400, an `errors` key that names the offending field. */
  /** The case's status (a 400 naming the field); with `echo`, a 200 must also give back what was sent. */
  toHaveOutcome(
    exchange: Exchange,
    operation: OperationContract,
    expected: { status: number; field?: string; pointer: string; echo?: boolean },
  ) {
    const outcome = outcomeConformance(operation, exchange, expected);
    const echo = expected.echo && outcome.length === 0 ? echoConformance(operation, exchange) : [];
    return report(
      this,
      'toHaveOutcome',
      `The tenant answers ${expected.status}${expected.echo ? ' and echoes what was sent' : ''}`,
      [...outcome, ...echo],
    );
  },

  /** Every writable field sent comes back exactly. */
  toEchoWritableFields(exchange: Exchange, operation: OperationContract) {
    return report(
      this,
      'toEchoWritableFields',
      'The created resource echoes what was sent',
      echoConformance(operation, exchange),
    );
  },

  /** Server-owned fields are plausible for a resource created within `window`. */
  toHavePlausibleServerFields(exchange: Exchange, operation: OperationContract, window: TimeWindow) {
    return report(
      this,
      'toHavePlausibleServerFields',
      'Server-owned fields are plausible for a new conference',
      serverFieldsPlausibility(operation, exchange, window),
    );
  },
});
