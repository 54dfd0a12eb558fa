import { markdownInline } from '../safety/markdown-escape';
import { coverageLine, targetText } from './headline';
import { VERDICT_MARK, VERDICT_TEXT } from './verdict-words';
import { formatSeconds, fuzzLines, type ConformanceReport } from './model';
import { describePacing } from './pacing';
import type { Problem } from './verdict';
import { waiverName } from './waivers';
import { changeLead, unverifiedLines } from './lead';
import { latencyLines } from './latency';
import { trendText } from './trend';

const MAX_PROBLEMS = 30;

/** Pure: the report for humans, short enough for a CI job summary: verdict, problems, what was not verified. */
export function renderMarkdown(report: ConformanceReport): string {
  const lines = [
    ...changeBlock(report),
    `## MeetBit conformance: ${VERDICT_MARK[report.verdict]} ${VERDICT_TEXT[report.verdict]}`,
    '',
    `\`${report.operation}\` on ${inline(targetText(report.target))} against ${report.spec ? inline(`${report.spec.title} ${report.spec.version}`) : 'an unloaded spec'}, ${report.finishedAt}${report.runId ? `, run ${inline(report.runId)}` : ''}.`,
    '',
    `**${inline(coverageLine(report))}.**`,
    '',
    ...unverifiedBlock(report),
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
  // The MUSTs are at the top, once each setting; here the rest with their reasons.
  const notVerified = report.coverage.notVerified.filter((entry) => entry.level !== 'must');
  if (notVerified.length > 0) {
    lines.push(`### Not verified (${notVerified.length} SHOULD)`, '');
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
  const latency = latencyLines(report.latency);
  if (latency.length > 0) lines.push(`**Response times:** ${latency.map(inline).join('; ')}.`, '');
  if (report.history) lines.push(`**History:** ${inline(trendText(report.history.runs))}`, '');
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

/** What changed since the baseline, first of all: a change is news. */
function changeBlock(report: ConformanceReport): string[] {
  const lead = changeLead(report);
  if (!lead) return [];
  return [
    `**What changed:** ${inline(lead.headline)}`,
    '',
    ...lead.details.slice(0, MAX_PROBLEMS).map((line) => `- ${inline(line)}`),
    ...(lead.details.length > MAX_PROBLEMS
      ? [`- …and ${lead.details.length - MAX_PROBLEMS} more: see conformance.json.`]
      : []),
    ...(lead.details.length > 0 ? [''] : []),
    ...(lead.policy ? [inline(lead.policy), ''] : []),
  ];
}

/** Each MUST not verified, once, with the one setting that enables it. */
function unverifiedBlock(report: ConformanceReport): string[] {
  const lines = unverifiedLines(report);
  if (lines.length === 0) return [];
  const count = report.coverage.notVerified.filter((entry) => entry.level === 'must').length;
  return [`**Not verified (${count} MUST):**`, '', ...lines.map((line) => `- ${inline(line)}`), ''];
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
