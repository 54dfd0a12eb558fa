import { markdownInline } from '../safety/markdown-escape';
import { SUITE_OPERATION } from '../contract/suite-operation';
import { targetText } from './headline';

/**
 * The reports of a run that ended before any verdict: a configuration problem or a failed preflight.
 * Same files and the same top-level fields as a judged run's conformance.json (`format`, `verdict`,
 * `target`, `runId`, times, `problems`), plus `reason`; the html and md say why there is no verdict.
 */
export interface NoVerdict {
  readonly verdict: 'configuration-error' | 'infrastructure-error';
  /** One paragraph a person can act on: what went wrong and what to change. */
  readonly reason: string;
  readonly target: {
    readonly kind: 'reference' | 'remote';
    readonly name?: string;
    readonly baseUrl?: string;
  };
  readonly runId: string;
  readonly startedAt: Date;
  /** Where the run stopped: `configuration` or `preflight`. */
  readonly stage: 'configuration' | 'preflight';
}

export function noVerdictReport(run: NoVerdict, now: Date) {
  return {
    format: 'meetbit-conformance/3',
    operation: SUITE_OPERATION.name,
    verdict: run.verdict,
    status: 'failed',
    reason: run.reason,
    stage: run.stage,
    target: run.target,
    runId: run.runId,
    startedAt: run.startedAt.toISOString(),
    finishedAt: now.toISOString(),
    durationMs: now.getTime() - run.startedAt.getTime(),
    spec: null,
    summary: {
      total: 0,
      passed: 0,
      failed: 0,
      waived: 0,
      skipped: 0,
      cutShort: 0,
      infrastructureErrors: 0,
      warnings: 0,
    },
    problems: [],
    tests: [],
  };
}

const HEADLINE = {
  'configuration-error': 'configuration problem: no verdict',
  'infrastructure-error': 'infrastructure error: no verdict',
} as const;

export function noVerdictMarkdown(run: NoVerdict): string {
  return [
    `## MeetBit conformance: ⚠️ ${HEADLINE[run.verdict]}`,
    '',
    `Run ${markdownInline(run.runId)} on ${markdownInline(targetText(run.target))} stopped at the ${run.stage}, before any test ran, so there is ` +
      'no verdict: nothing was judged, and this is not a conformance failure.',
    '',
    `**Why:** ${markdownInline(run.reason)}`,
    '',
  ].join('\n');
}

export function noVerdictHtml(run: NoVerdict): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>MeetBit conformance: no verdict</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}</style>
</head><body>
<h1>MeetBit conformance: ${escapeHtml(HEADLINE[run.verdict])}</h1>
<p>Run ${escapeHtml(run.runId)} on ${escapeHtml(targetText(run.target))} stopped at the ${escapeHtml(run.stage)}, before any test ran, so there is no verdict: nothing was judged, and this is not a conformance failure.</p>
<h2>Why</h2>
<pre>${escapeHtml(run.reason)}</pre>
</body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
