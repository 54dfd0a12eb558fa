import type { TestInfo } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { sealTest } from '../../src/playwright/handoff';
import { REFERENCE_KEYS } from '../../src/tenant/defaults';

/**
 * The door to Playwright (issue 20): what a test reports (errors, skip reasons, annotations) is cleaned
 * in place before Playwright sends it to its reporters. This process's exit knows the bundled tenant's keys.
 */
const SECRET = REFERENCE_KEYS.full.secret;

test('errors (message, stack, value, cause) and annotations are cleaned; Playwright colours stay', () => {
  const info = {
    errors: [
      {
        message: `\u001b[31mExpected\u001b[39m: Retry-After ${SECRET} \u202e\ufffe`,
        stack: `Error: Retry-After ${SECRET}\n    at x.ts:1:1`,
        value: `thrown ${SECRET}`,
        cause: { message: `cause ${[...SECRET].join('\u200b')}` },
      },
    ],
    annotations: [
      { type: 'skip', description: `inconclusive: ${SECRET}` },
      { type: 'case', description: 'create.minimal' },
      { type: 'target' },
    ],
  } as unknown as TestInfo;
  sealTest(info);
  const [error] = info.errors as unknown as {
    message: string;
    stack: string;
    value: string;
    cause: { message: string };
  }[];
  expect(error!.message).toBe('\u001b[31mExpected\u001b[39m: Retry-After [REDACTED] \\u202e\\ufffe');
  expect(error!.stack).not.toContain(SECRET);
  expect(error!.value).toBe('thrown [REDACTED]');
  expect(error!.cause.message).toMatch(/^\[WITHHELD/);
  expect(info.annotations).toEqual([
    { type: 'skip', description: 'inconclusive: [REDACTED]' },
    { type: 'case', description: 'create.minimal' },
    { type: 'target' },
  ]);
});

test('handoff_no_false_positive: clean errors and annotations are left as they are', () => {
  const message =
    '\u001b[2mexpect(\u001b[22mreceived\u001b[2m).toMatchContract()\u001b[22m\n\nno problem here';
  const info = {
    errors: [{ message, stack: `Error: ${message}` }],
    annotations: [{ type: 'requirement', description: 'security.unauthenticated' }],
  } as unknown as TestInfo;
  sealTest(info);
  expect(info.errors[0]!.message).toBe(message);
  expect(info.annotations[0]!.description).toBe('security.unauthenticated');
});
