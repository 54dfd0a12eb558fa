import type { TestInfo, TestInfoError } from '@playwright/test';
import { capDeep } from '../safety/bounds';
import { output } from './output';

/**
 * The one door from the suite to Playwright. Playwright's reporters (junit, html, blob, list) write what
 * they are given, and a tenant's text reaches them through whatever the suite hands over: annotations,
 * attachments, skip reasons, thrown errors. So all of it passes the output exit (src/safety/sanitize.ts)
 * here. Annotations and attachments go through the functions below (lint forbids pushing them anywhere
 * else); errors and skip reasons, which Playwright records as they are thrown, are cleaned in place by
 * `sealTest` before Playwright reports the test; what a step reports on its own is swept after the run
 * (sweep-reporter.ts).
 */

/** Attached JSON: a report keeps a body of 64 KB, an attachment no more than twice that per string. */
const MAX_ATTACHED_STRING = 128 * 1024;

export function annotate(info: TestInfo, type: string, description: string): void {
  info.annotations.push({ type, description: output().text(description) });
}

/**
 * A JSON attachment, cleaned and bounded. Attachments leave the worker the moment they are pushed, so
 * this is the only place they can be cleaned.
 */
export function attachJson(
  info: TestInfo,
  name: string,
  value: unknown,
  { tenantNumbers = false } = {},
): void {
  const bounded = capDeep(value, { maxString: MAX_ATTACHED_STRING });
  info.attachments.push({
    name,
    contentType: 'application/json',
    body: Buffer.from(JSON.stringify(output().value(bounded, { numbers: tenantNumbers }))),
  });
}

/** Skips the running test, its reason cleaned (a reason may quote what the tenant answered). */
export function skipTest(info: TestInfo, reason: string): void {
  info.skip(true, output().text(reason));
}

/** A test title built from data (a spec's text, a variant's name): cleaned like everything written. */
export function safeTitle(title: string): string {
  return output().text(title);
}

/**
 * Cleans, in place, what Playwright reports for a test when it ends: every error (message, stack, thrown
 * value, cause) and every annotation (skip reasons included). Run by the outermost auto fixture, after
 * every other fixture's teardown and before the test's end is sent to the runner.
 */
export function sealTest(info: TestInfo): void {
  const clean = output();
  for (const error of info.errors)
    sealError(error, (text) => keepingColours(text, (part) => clean.text(part)));
  for (const annotation of info.annotations) {
    if (annotation.description !== undefined) annotation.description = clean.text(annotation.description);
  }
}

/**
 * Playwright colours its messages (the matcher hint, Expected/Received) with SGR sequences, which the exit
 * would write as visible `\u001b[31m`. Those stay; everything between them is cleaned. A tenant's own
 * escape sequences never get this far raw: the matchers cleaned them where the message was built.
 */
// eslint-disable-next-line no-control-regex
const SGR = /(\u001b\[[0-9;]*m)/;

function keepingColours(text: string, clean: (text: string) => string): string {
  return text
    .split(SGR)
    .map((part, i) => (i % 2 === 1 ? part : clean(part)))
    .join('');
}

function sealError(error: TestInfoError, clean: (text: string) => string, depth = 0): void {
  const writable = error as { message?: string; stack?: string; value?: string; cause?: TestInfoError };
  if (writable.message !== undefined) writable.message = clean(writable.message);
  if (writable.stack !== undefined) writable.stack = clean(writable.stack);
  if (writable.value !== undefined) writable.value = clean(writable.value);
  if (writable.cause && depth < 8) sealError(writable.cause, clean, depth + 1);
}
