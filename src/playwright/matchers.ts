import { expect as base, test } from '@playwright/test';
import {
  checkExchange,
  combineResults,
  echoConformance,
  formatFailure,
  NOTHING_CHECKED,
  outcomeConformance,
  serverErrorConformance,
  serverFieldsPlausibility,
  type CheckResult,
  type ContractFailure,
  type Exchange,
  type ExpectedOutcome,
  type OperationContract,
  type TimeWindow,
} from '../contract';
import { recordFailures, recordVerified } from './observed';
import { annotate } from './handoff';
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

/** The failures that fail a test: MUST level. Warnings (SHOULD) are recorded and never fail one. */
export function mustFailuresOf(result: CheckResult): ContractFailure[] {
  return result.failures.filter((failure) => failure.level === 'must');
}

/** What a check evaluated and every failure it found, recorded for the report (annotations name them). */
export function recordResult(exchange: Exchange, result: CheckResult): void {
  const info = test.info();
  recordVerified(info, result.verified);
  recordFailures(info, exchange, result.failures);
  for (const failure of mustFailuresOf(result)) {
    annotate(info, 'failed-check', failure.check);
    annotate(info, 'failed-requirement', failure.requirement);
  }
  for (const warning of result.failures.filter((entry) => entry.level === 'should'))
    annotate(info, 'warning', warning.requirement);
}

/**
 * Shared by every matcher: a check's result as data in, Playwright's pass/message/expected/actual out. What
 * the check evaluated and every failure are recorded for the report; only MUST-level failures fail the
 * assertion, SHOULD-level ones are warnings (a `warning` annotation names their requirement).
 */
function report(
  context: MatcherContext,
  name: string,
  what: string,
  exchange: Exchange,
  result: CheckResult,
) {
  const failures = mustFailuresOf(result);
  const pass = failures.length === 0;
  if (!context.isNot) recordResult(exchange, result);
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
          // Each failure on its own: one the exit must withhold hides none of the others.
          [
            clean.text(`${what}: ${failures.length} problem${failures.length === 1 ? '' : 's'}`),
            '',
            shown.map((failure) => clean.text(formatFailure(failure))).join('\n\n'),
            ...(more > 0 ? ['', `… and ${more} more problems, not shown.`] : []),
          ].join('\n'),
        ].join('\n');
  return { pass, message, name, expected: clean.text(what), actual: clean.value(shown) };
}

const CONTRACT = Symbol('the operation contract');

/**
 * What a contract matcher checks against, given as its first argument: `.toMatchContract(against(contract))`.
 * Playwright records every matcher's first argument as its step's parameters, as JSON sent to the runner for
 * each expect: this one is recorded as the operation's id, not as the whole contract (13 KB a call; a self-test
 * run makes thousands). The contract itself travels under a symbol, which JSON leaves out.
 */
export interface Against {
  readonly operation: string;
  readonly [CONTRACT]: OperationContract;
}

export function against(contract: OperationContract): Against {
  return { operation: contract.id, [CONTRACT]: contract };
}

/** What `toMatchContract` checks: the response against the spec; with `serverErrors: 'fail'`, no 5xx either. */
export function contractResult(
  operation: OperationContract,
  exchange: Exchange,
  options: { serverErrors?: 'fail' } = {},
): CheckResult {
  return combineResults(
    checkExchange(operation, exchange),
    options.serverErrors === 'fail' ? serverErrorConformance(operation, exchange) : NOTHING_CHECKED,
  );
}

export const expect = base.extend({
  /** The response is what the spec documents for its status: status, Content-Type, body, headers. */
  toMatchContract(
    exchange: Exchange,
    { [CONTRACT]: operation }: Against,
    options: { serverErrors?: 'fail' } = {},
  ) {
    // One matcher call per response: each expect is a Playwright step, and steps cost a stack capture.
    return report(
      this,
      'toMatchContract',
      `The ${exchange.response.status} response to ${exchange.request.method} ${exchange.request.url} conforms to ${operation.id}` +
        (options.serverErrors === 'fail' ? ' and is no server error' : ''),
      exchange,
      contractResult(operation, exchange, options),
    );
  },

  /**
   * The case's status (a 400 naming the field); with `echo`, a 200 must also give back what was sent. Echo
   * is skipped when the status is wrong (there is nothing created to compare); the contract check of the
   * same response ran in `api.send` regardless.
   */
  toHaveOutcome(
    exchange: Exchange,
    { [CONTRACT]: operation }: Against,
    expected: ExpectedOutcome & { echo?: boolean },
  ) {
    const outcome = outcomeConformance(operation, exchange, expected);
    const statusMet = !outcome.failures.some((failure) => failure.check === 'expected_outcome');
    const echo = expected.echo === true && statusMet ? echoConformance(operation, exchange) : NOTHING_CHECKED;
    return report(
      this,
      'toHaveOutcome',
      `The tenant answers ${[expected.status].flat().join(' or ')}${expected.echo ? ' and echoes what was sent' : ''}`,
      exchange,
      combineResults(outcome, echo),
    );
  },

  /** Every writable field sent comes back exactly. */
  toEchoWritableFields(exchange: Exchange, { [CONTRACT]: operation }: Against) {
    return report(
      this,
      'toEchoWritableFields',
      'The created resource echoes what was sent',
      exchange,
      echoConformance(operation, exchange),
    );
  },

  /** Server-owned fields are plausible for a resource created within `window`. */
  toHavePlausibleServerFields(exchange: Exchange, { [CONTRACT]: operation }: Against, window: TimeWindow) {
    return report(
      this,
      'toHavePlausibleServerFields',
      'Server-owned fields are plausible for a new conference',
      exchange,
      serverFieldsPlausibility(operation, exchange, window),
    );
  },
});
