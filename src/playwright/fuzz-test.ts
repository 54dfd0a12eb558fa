import { test } from '@playwright/test';
import { formatFailure, show } from '../contract';
import { asciiJson } from '../fuzz/judge';
import type { FuzzOutcome, Finding } from '../fuzz/run';
import type { Api } from './fixtures';
import { recordFailures, recordVerified } from './observed';
import { annotate } from './handoff';
import { output } from './output';
import { toCurl } from '../report/curl';

/**
 * Puts a fuzz phase's outcome where every report reads it: a `fuzz` annotation (requests spent, seed,
 * problems), a `warning` per SHOULD-level finding, and, for MUST-level problems, one failure message
 * with each root cause once, its minimal input and its curl; the minimal exchanges are spotlighted so the
 * report's own curl shows the last of them.
 */
export function reportFuzz<T>(
  phase: string,
  outcome: FuzzOutcome<T>,
  { api, seed }: { api: Api; seed: number },
): void {
  const info = test.info();
  const { problems, warnings } = outcome;
  annotate(
    info,
    'fuzz',
    `${phase}: ${outcome.requests} requests, ${outcome.inputs} generated inputs, seed ${seed}, ` +
      `${problems.length} problem${problems.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`,
  );
  // Into the verdict like every other failure: grouped by requirement, with the minimal exchange and its curl.
  recordVerified(info, outcome.verified);
  for (const finding of [...problems, ...warnings]) recordFailures(info, finding.exchange, finding.failures);
  for (const warning of warnings) {
    const failure = warning.failures[0]!;
    annotate(
      info,
      'warning',
      safe(`${failure.requirement}: ${failure.title}; sent ${show(warning.exchange.request.body, 300)}`),
    );
  }
  if (problems.length === 0) return;
  for (const problem of problems) {
    for (const failure of problem.failures) {
      annotate(info, 'failed-check', failure.check);
      if (failure.requirement) annotate(info, 'failed-requirement', failure.requirement);
    }
    api.spotlight(problem.exchange);
  }
  throw new Error(
    safe(
      [
        `The ${phase} fuzz phase found ${problems.length} problem${problems.length === 1 ? '' : 's'} (seed ${seed}; ` +
          `reproduce with MEETBIT_SEED=${seed} npm run conformance):`,
        ...problems.map((problem, i) => describeProblem(i + 1, problem)),
      ].join('\n\n'),
    ),
  );
}

function describeProblem<T>(index: number, problem: Finding<T>): string {
  const { request, response } = problem.exchange;
  return [
    `${index}. ${problem.failures.map((f) => `${f.requirement} (${f.level.toUpperCase()})`).join(', ')}`,
    ...problem.failures.map(formatFailure),
    // Generated text may hold terminal controls (C1, bidi marks): shown and replayed as ASCII JSON escapes,
    // the same JSON value, so a terminal never sees them raw.
    `Minimal input (after ${problem.shrinks} shrink step${problem.shrinks === 1 ? '' : 's'}): ${asciiJson(request.body ?? '')}`,
    `Response: ${response.status} ${asciiJson(show(response.body, 500))}`,
    `Replay (non-ASCII characters as JSON escapes):\n${toCurl({ ...request, body: asciiJson(request.body ?? '') })}`,
  ].join('\n');
}

/**
 * Tenant and generated text is data: through the output exit (credentials out, in every form), then
 * anything but printable ASCII and newlines becomes a \u escape.
 */
function safe(text: string): string {
  return output()
    .text(text)
    .replace(/[^\x20-\x7e\n]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
