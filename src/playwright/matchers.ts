import { expect as base, test } from '@playwright/test';
import {
  checkExchange,
  echoConformance,
  formatFailure,
  outcomeConformance,
  serverErrorConformance,
  serverFieldsPlausibility,
  type ContractFailure,
  type Exchange,
  type ExpectedOutcome,
  type OperationContract,
  type TimeWindow,
} from '../contract';
import { catalogueOf } from '../cases/catalogue';
import { mediaTypeOf, responseFor } from '../contract';
import { levelOf, recordFailures, recordVerified } from './observed';
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

/**
 * Shared by every matcher: failures as data in, Playwright's pass/message/expected/actual out. Every
 * failure is recorded for the report; only MUST-level ones fail the assertion, SHOULD-level ones are
 * warnings (a `warning` annotation names their requirement).
 */
function report(
  context: MatcherContext,
  name: string,
  what: string,
  exchange: Exchange,
  observed: ContractFailure[],
) {
  const failures = observed.filter((failure) => levelOf(failure) === 'must');
  const pass = failures.length === 0;
  if (!context.isNot) {
    const info = test.info();
    recordFailures(info, exchange, observed);
    for (const failure of failures) {
      annotate(info, 'failed-check', failure.check);
      if (failure.requirement) annotate(info, 'failed-requirement', failure.requirement);
    }
    for (const warning of observed.filter((failure) => levelOf(failure) === 'should'))
      annotate(info, 'warning', warning.requirement ?? warning.check);
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

/** The catalogue ids a contract check of this response evaluates: its status, media type, body, headers. */
function responseRequirementsChecked(
  operation: OperationContract,
  exchange: Exchange,
  options: { serverErrors?: 'fail' },
): string[] {
  const { status, headers } = exchange.response;
  const ids = ['status.documented', ...(options.serverErrors === 'fail' ? ['no-server-error'] : [])];
  const documented = responseFor(operation, status);
  if (!documented) return ids;
  const prefix = `response.${documented.status}.`;
  const media = mediaTypeOf(headers['content-type']);
  const bodyChecked = documented.content.some((entry) => entry.mediaType === media);
  for (const requirement of catalogueOf(operation).requirements) {
    if (!requirement.id.startsWith(prefix)) continue;
    const part = requirement.id.slice(prefix.length);
    if (part === 'content-type' || (part.startsWith('body') && bodyChecked)) ids.push(requirement.id);
    else if (part.startsWith('header.') && headers[part.slice('header.'.length).toLowerCase()] !== undefined)
      ids.push(requirement.id);
  }
  return ids;
}

/** `echo.<field>` for every field sent that the catalogue knows, when the create succeeded. */
function echoRequirementsChecked(operation: OperationContract, exchange: Exchange): string[] {
  if (exchange.response.status < 200 || exchange.response.status > 299) return [];
  let sent: unknown;
  try {
    sent = JSON.parse(exchange.request.body ?? '');
  } catch {
    return [];
  }
  if (!sent || typeof sent !== 'object') return [];
  const { byId } = catalogueOf(operation);
  return Object.keys(sent)
    .map((field) => `echo.${field}`)
    .filter((id) => byId.has(id));
}

export const expect = base.extend({
  /** The response is what the spec documents for its status: status, Content-Type, body, headers. */
  toMatchContract(exchange: Exchange, operation: OperationContract, options: { serverErrors?: 'fail' } = {}) {
    if (!this.isNot) recordVerified(test.info(), responseRequirementsChecked(operation, exchange, options));
    // One matcher call per response: each expect is a Playwright step, and steps cost a stack capture.
    return report(
      this,
      'toMatchContract',
      `The ${exchange.response.status} response to ${exchange.request.method} ${exchange.request.url} conforms to ${operation.id}` +
        (options.serverErrors === 'fail' ? ' and is no server error' : ''),
      exchange,
      [
        ...checkExchange(operation, exchange),
        ...(options.serverErrors === 'fail' ? serverErrorConformance(operation, exchange) : []),
      ],
    );
  },

  /**
   * The case's status (a 400 naming the field); with `echo`, a 200 must also give back what was sent. Echo
   * is skipped when the status is wrong (there is nothing created to compare); the contract check of the
   * same response ran in `api.send` regardless.
   */
  toHaveOutcome(
    exchange: Exchange,
    operation: OperationContract,
    expected: ExpectedOutcome & { echo?: boolean },
  ) {
    const outcome = outcomeConformance(operation, exchange, expected);
    const statusMet = !outcome.some((failure) => failure.check === 'expected_outcome');
    const echoes = expected.echo === true && statusMet;
    if (echoes && !this.isNot) recordVerified(test.info(), echoRequirementsChecked(operation, exchange));
    const echo = echoes ? echoConformance(operation, exchange) : [];
    return report(
      this,
      'toHaveOutcome',
      `The tenant answers ${[expected.status].flat().join(' or ')}${expected.echo ? ' and echoes what was sent' : ''}`,
      exchange,
      [...outcome, ...echo],
    );
  },

  /** Every writable field sent comes back exactly. */
  toEchoWritableFields(exchange: Exchange, operation: OperationContract) {
    if (!this.isNot) recordVerified(test.info(), echoRequirementsChecked(operation, exchange));
    return report(
      this,
      'toEchoWritableFields',
      'The created resource echoes what was sent',
      exchange,
      echoConformance(operation, exchange),
    );
  },

  /** Server-owned fields are plausible for a resource created within `window`. */
  toHavePlausibleServerFields(exchange: Exchange, operation: OperationContract, window: TimeWindow) {
    return report(
      this,
      'toHavePlausibleServerFields',
      'Server-owned fields are plausible for a new conference',
      exchange,
      serverFieldsPlausibility(operation, exchange, window),
    );
  },
});
