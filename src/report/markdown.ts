import { markdownInline } from '../safety/markdown-escape';
import { coverageLine, targetText } from './headline';
import { VERDICT_MARK, VERDICT_TEXT } from './verdict-words';
import { formatSeconds, fuzzLines, type ConformanceReport } from './model';
import { describePacing } from './pacing';
import type { Problem } from './verdict';
import { waiverName } from './waivers';

const MAX_PROBLEMS = 30;

/** Pure: the report for humans, short enough for a CI job summary: verdict, problems, what was not verified. */
export function renderMarkdown(report: ConformanceReport): string {
  const lines = [
    `## MeetBit conformance: ${VERDICT_MARK[report.verdict]} ${VERDICT_TEXT[report.verdict]}`,
    '',
    `\`${report.operation}\` on ${inline(targetText(report.target))} against ${report.spec ? inline(`${report.spec.title} ${report.spec.version}`) : 'an unloaded spec'}, ${report.finishedAt}${report.runId ? `, run ${inline(report.runId)}` : ''}.`,
    '',
    `**${inline(coverageLine(report))}.**`,
    '',
  ];
  if (report.runErrors.length > 0) {
    lines.push('### Problems with the run', '', ...report.runErrors.map((error) => `- ${inline(error)}`), '');
  }
  if (report.problems.length > 0) {
    lines.push(`### Problems (${report.problems.length}), most severe first`, '');
    report.problems
      .slice(0, MAX_PROBLEMS)
      .forEach((problem, index) => lines.push(...problemBlock(problem, index), ''));
    if (report.problems.length > MAX_PROBLEMS)
      lines.push(`…and ${report.problems.length - MAX_PROBLEMS} more: see conformance.html.`, '');
  }
  if (report.cutShort.length > 0) {
    lines.push(`### Cut short (${report.cutShort.length}): the verdict is at best incomplete`, '');
    for (const entry of report.cutShort) lines.push(`- ${inline(entry.test)}: ${inline(entry.reason)}`);
    lines.push('');
  }
  const { notVerified } = report.coverage;
  if (notVerified.length > 0) {
    lines.push(`### Not verified (${notVerified.length})`, '');
    for (const entry of notVerified)
      lines.push(
        `- \`${entry.id}\` (${entry.level.toUpperCase()}): ${inline(entry.reason)}${entry.enabledBy ? `. Enable with ${inline(entry.enabledBy)}` : ''}`,
      );
    lines.push('');
  }
  if (report.waivers.unmatched.length > 0) {
    lines.push(
      `Waivers that matched no problem: ${report.waivers.unmatched.map((w) => `\`${inline(waiverName(w))}\` (${inline(w.owner)})`).join(', ')}.`,
      '',
    );
  }
  const fuzz = fuzzLines(report);
  if (fuzz.length > 0) lines.push(...fuzz.map((line) => `- ${inline(line)}`), '');
  lines.push(
    '<details><summary>Requirements and their status</summary>',
    '',
    '| status | level | requirement | statement | source |',
    '| --- | --- | --- | --- | --- |',
    ...report.requirements.map(
      (r) =>
        `| ${r.status} | ${r.level.toUpperCase()} | \`${r.id}\` | ${statement(r.statement)} | ${inline(r.sourceText)} |`,
    ),
    '',
    '</details>',
    '',
  );
  const { footprint } = report;
  lines.push(
    `**Footprint:** ${footprint.requests} requests${footprint.preflightRequests ? ` (${footprint.preflightRequests} preflight)` : ''}, ${footprint.conferencesCreated} conferences created, ` +
      `${footprint.rateLimited} rate-limited, ${formatSeconds(footprint.waitedMs)} waited on 429s; run took ${formatSeconds(report.durationMs)}.`,
    '',
  );
  if (report.pacing) lines.push(`**Pacing:** ${inline(describePacing(report.pacing))}`, '');
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
  lines.push('Full report: conformance.html (a curl for each problem) and conformance.json.');
  return `${lines.join('\n')}\n`;
}

function problemBlock(problem: Problem, index: number): string[] {
  const level = problem.waivedBy ? 'WAIVED' : problem.level === 'must' ? 'MUST' : 'SHOULD (warning)';
  const tests = problem.tests.length;
  return [
    `${index + 1}. **${level} \`${problem.requirement}\`**: ${statement(problem.statement)}`,
    `   - ${inline(problem.title)}: expected ${inline(problem.expected)}; received ${inline(problem.received)}`,
    `   - ${problem.occurrences} occurrence${problem.occurrences === 1 ? '' : 's'} in ${tests} test${tests === 1 ? '' : 's'}, at ${inline(problem.location)}; source: ${inline(problem.sourceText)}`,
    ...(problem.waivedBy
      ? [
          `   - waived: ${inline(problem.waivedBy.reason)} (${inline(problem.waivedBy.owner)}, until ${problem.waivedBy.expires})`,
        ]
      : []),
    ...(problem.curl ? ['', ...fenced(problem.curl, 'sh').map((line) => `   ${line}`)] : []),
  ];
}

/** A fence longer than any backtick run inside, so the text cannot close it. */
function fenced(text: string, language = 'text'): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${language}`, ...text.split('\n'), fence];
}

/** One line of text in Markdown: no newlines, no markup or HTML taking effect. */
export const inline = markdownInline;

/** A catalogue statement: its `code` spans kept as code, everything else escaped. */
function statement(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => (/^`[^`]*`$/.test(part) ? part.replace(/\|/g, '\\|') : inline(part)))
    .join('');
}
