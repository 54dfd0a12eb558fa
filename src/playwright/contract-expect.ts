import type { Exchange, OperationContract } from '../contract';
import { against, expect } from './matchers';

// The api fixture's two soft contract checks, kept in a short file of their own on purpose. For every failed
// expectation, Playwright's runner reads and syntax-highlights the whole file at its call site to show a code
// frame: 4.5 ms each for fixtures.ts, 0.3 ms for a file this size (measured by timing the runner's codeFrame
// over a self-test subset), and a failing tenant's run makes hundreds of them.

/** Every response the api fixture returns: soft, so one broken response never hides what the test checks next. */
export function expectConforms(exchange: Exchange, contract: OperationContract): void {
  expect
    .soft(exchange, 'every response must conform to the contract, and no server error')
    .toMatchContract(against(contract), { serverErrors: 'fail' });
}

/** A 429 the client met, checked before the suite waits on what it says. */
export function expectConformingThrottle(limited: Exchange, contract: OperationContract): void {
  expect.soft(limited, 'a 429 must conform before the suite waits on it').toMatchContract(against(contract));
}
