import type { Exchange, OperationContract } from '../contract';
import { against, contractResult, expect, mustFailuresOf, recordResult } from './matchers';

// The api fixture's two soft contract checks, kept in a short file of their own on purpose. For every failed
// expectation, Playwright's runner reads and syntax-highlights the whole file at its call site to show a code
// frame: 4.5 ms each for fixtures.ts, 0.3 ms for a file this size (measured by timing the runner's codeFrame
// over a self-test subset), and a failing tenant's run makes hundreds of them.
//
// Both check every response the suite receives, and most conform: such a response is recorded as the matcher
// records it (what it verified, its warnings) without becoming a Playwright step, which costs a stack capture
// and two messages to the runner each (measured: `npm run selftest` 8 % less CPU so, a bundled run 7 %). A
// response with a MUST failure goes through the matcher, so it fails the test softly, as it always did.

function softContractCheck(
  exchange: Exchange,
  contract: OperationContract,
  message: string,
  options: { serverErrors?: 'fail' },
): void {
  const result = contractResult(contract, exchange, options);
  if (mustFailuresOf(result).length === 0) recordResult(exchange, result);
  else expect.soft(exchange, message).toMatchContract(against(contract), options);
}

/** Every response the api fixture returns: soft, so one broken response never hides what the test checks next. */
export function expectConforms(exchange: Exchange, contract: OperationContract): void {
  softContractCheck(exchange, contract, 'every response must conform to the contract, and no server error', {
    serverErrors: 'fail',
  });
}

/** A 429 the client met, checked before the suite waits on what it says. */
export function expectConformingThrottle(limited: Exchange, contract: OperationContract): void {
  softContractCheck(limited, contract, 'a 429 must conform before the suite waits on it', {});
}
