import { displayTitle, formatSeconds, fuzzLines, type CheckEntry, type ConformanceReport } from './model';

const VERDICT_LINE = {
  conforms: '✅ conforms',
  'does-not-conform': '❌ does not conform',
  'infrastructure-error': '⚠️ infrastructure error: no verdict',
} as const;
const MAX_FAILURES = 30;
const MAX_MESSAGE_LINES = 14;

/** Pure: the report for humans, short enough for a CI job summary, failures first. */
export function renderMarkdown(report: ConformanceReport): string {
  const { summary } = report;
  const target = report.target.name
    ? `${report.target.name} (${report.target.baseUrl ?? '?'})`
    : (report.target.baseUrl ?? report.target.kind ?? 'unknown');
  const lines = [
    `## MeetBit conformance: ${VERDICT_LINE[report.verdict]}`,
    '',
    `\`${report.operation}\` on ${inline(target)} against ${report.spec ? inline(`${report.spec.title} ${report.spec.version}`) : 'an unloaded spec'}, ${report.finishedAt}.`,
    '',
    '| passed | failed | waived | infrastructure errors | skipped | score |',
    '| --- | --- | --- | --- | --- | --- |',
    `| ${summary.passed} | ${summary.failed} | ${summary.waived} | ${summary.infrastructureErrors} | ${summary.skipped} | ${summary.score === null ? '–' : `${summary.score}%`} |`,
    '',
  ];
  if (report.problems.length > 0) {
    lines.push(
      '### Problems with the run',
      '',
      ...report.problems.map((problem) => `- ${inline(problem)}`),
      '',
    );
  }
  const failures = report.checks.filter(
    (check) => check.status === 'failed' || check.status === 'infrastructure-error',
  );
  if (failures.length > 0) {
    lines.push(`### Failures (${failures.length})`, '');
    for (const check of failures.slice(0, MAX_FAILURES)) lines.push(...failureBlock(check), '');
    if (failures.length > MAX_FAILURES)
      lines.push(`…and ${failures.length - MAX_FAILURES} more: see conformance.html.`, '');
  }
  const waived = report.checks.filter((check) => check.status === 'waived');
  if (waived.length > 0) {
    lines.push(`### Waived (${waived.length})`, '');
    for (const check of waived) {
      const by = (check.waivedBy ?? []).map((w) => `${w.reason} (${w.owner}, until ${w.expires})`).join('; ');
      lines.push(`- \`${check.id}\`: ${inline(by)}`);
    }
    lines.push('');
  }
  if (report.waivers.unmatched.length > 0) {
    lines.push(
      `Waivers that matched no failure: ${report.waivers.unmatched.map((w) => `\`${w.check}\` (${inline(w.owner)})`).join(', ')}.`,
      '',
    );
  }
  const passed = report.checks.filter((check) => check.status === 'passed').map((check) => `\`${check.id}\``);
  if (passed.length > 0) lines.push(`**Passed:** ${passed.join(', ')}`, '');
  const fuzz = fuzzLines(report);
  if (fuzz.length > 0) lines.push(...fuzz.map((line) => `- ${inline(line)}`), '');
  const { footprint } = report;
  lines.push(
    `**Footprint:** ${footprint.requests} requests, ${footprint.conferencesCreated} conferences created, ` +
      `${footprint.rateLimited} rate-limited, ${formatSeconds(footprint.waitedMs)} waited on 429s; run took ${formatSeconds(report.durationMs)}.`,
    '',
  );
  if (report.findings.length > 0) {
    lines.push(
      `<details><summary>Spec findings: ${report.findings.length} defects or ambiguities of the spec itself</summary>`,
      '',
      ...report.findings.map((f) => `- ${inline(f.title)} (${f.severity}, \`${f.pointer}\`)`),
      '',
      '</details>',
      '',
    );
  }
  lines.push('Full report: conformance.html (with a curl for each failure) and conformance.json.');
  return `${lines.join('\n')}\n`;
}

function failureBlock(check: CheckEntry): string[] {
  const what =
    check.status === 'infrastructure-error'
      ? `infrastructure error: ${check.infrastructureError ?? 'unknown'}`
      : check.failedChecks.map((c) => `\`${c}\``).join(', ') || 'failed';
  const message = (check.message ?? '').split('\n');
  const shown = message.slice(0, MAX_MESSAGE_LINES);
  if (message.length > MAX_MESSAGE_LINES) shown.push(`… (${message.length - MAX_MESSAGE_LINES} more lines)`);
  return [
    `- **\`${check.id}\`** ${inline(displayTitle(check))}: ${what}${check.specPointer ? ` at \`${check.specPointer}\`` : ''}`,
    '',
    ...fenced(shown.join('\n')).map((line) => `  ${line}`),
  ];
}

/** A fence longer than any backtick run inside, so a message cannot close it. */
function fenced(text: string): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}text`, ...text.split('\n'), fence];
}

/** One line of text in Markdown: no newlines, no markup or HTML taking effect. */
function inline(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}
