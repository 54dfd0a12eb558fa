import { cutText } from '../safety/bounds';
import { markdownInline } from '../safety/markdown-escape';
import { fitMarkdown } from './fit';
import { coverageLine, targetText } from './headline';
import { VERDICT_MARK, VERDICT_TEXT } from './verdict-words';
import { formatSeconds, fuzzLines, problemsByLevel, type ConformanceReport } from './model';
import { describePacing } from './pacing';
import type { Problem } from './verdict';
import { waiverName } from './waivers';
import { changeLead, unverifiedLines } from './lead';
import { latencyLines } from './latency';
import { trendText } from './trend';
import { signOffFacts } from './sign-off';
import { enablerNote } from './enabled-by';

const MAX_PROBLEMS = 30;

/** Tenant text in one line of the summary: a problem's title, expected, received, location. */
const MAX_INLINE = 1000;

/**
 * Pure: the report for humans, short enough for a CI job summary: verdict, problems, what was not verified.
 * Built in blocks and kept under fit.ts's budget whole blocks at a time, saying where it was cut.
 */
export function renderMarkdown(report: ConformanceReport): string {
  const blocks: string[][] = [
    // The change first: a night is read for what is new since the last one.
    changeBlock(report),
    [
      `## MeetBit conformance: ${VERDICT_MARK[report.verdict]} ${VERDICT_TEXT[report.verdict]}`,
      '',
      `\`${report.operation}\` on ${inline(targetText(report.target))} against ${report.spec ? inline(`${report.spec.title} ${report.spec.version}`) : 'an unloaded spec'}, ${report.finishedAt}${report.runId ? `, run ${inline(report.runId)}` : ''}.`,
      '',
      `**${inline(coverageLine(report))}.**`,
      '',
    ],
    unverifiedBlock(report),
    [
      '<details><summary>Sign-off facts: suite, spec digest, run, coverage settings, waivers</summary>',
      '',
      ...signOffFacts(report).map((fact) => `- **${fact.label}:** ${inline(fact.value)}`),
      '',
      '</details>',
      '',
    ],
  ];
  if (report.preflightWarnings.length > 0) {
    blocks.push([
      '**The preflight warned, before any test ran:**',
      '',
      ...report.preflightWarnings.map((warning) => `- ${inline(cutText(warning, MAX_INLINE))}`),
      '',
    ]);
  }
  if (report.runErrors.length > 0) {
    blocks.push([
      '### Problems with the run',
      '',
      ...report.runErrors.slice(0, MAX_PROBLEMS).map((error) => `- ${inline(cutText(error, MAX_INLINE))}`),
      ...(report.runErrors.length > MAX_PROBLEMS
        ? [`- …and ${report.runErrors.length - MAX_PROBLEMS} more: see conformance.json.`]
        : []),
      '',
    ]);
  }
  const { problems, warnings } = problemsByLevel(report);
  const groups = [
    { heading: 'Problems', level: 'MUST', list: problems.listed, more: problems.omitted },
    { heading: 'Warnings', level: 'SHOULD', list: warnings.listed, more: warnings.omitted },
  ];
  let shown = 0;
  for (const { heading, level, list, more } of groups) {
    if (list.length + more === 0) continue;
    const total = list.length + more;
    blocks.push([
      `### ${heading} (${total} ${level})${heading === 'Problems' ? ', most severe first' : ''}`,
      '',
    ]);
    const room = Math.max(0, MAX_PROBLEMS - shown);
    list
      .slice(0, room)
      .forEach((problem, index) => blocks.push([...problemBlock(problem, shown + index), '']));
    const listed = Math.min(list.length, room);
    shown += listed;
    if (total > listed) blocks.push([`…and ${total - listed} more: see conformance.html.`, '']);
  }
  if (report.cutShort.length > 0) {
    blocks.push([
      `### Cut short (${report.cutShort.length}): the verdict is at best incomplete`,
      '',
      ...report.cutShort.map((entry) => `- ${inlineCut(entry.test)}: ${inlineCut(entry.reason)}`),
      '',
    ]);
  }
  // The MUSTs are at the top, once each setting; here the rest with their reasons.
  const notVerified = report.coverage.notVerified.filter((entry) => entry.level !== 'must');
  if (notVerified.length > 0) {
    blocks.push([
      `### Not verified (${notVerified.length} SHOULD)`,
      '',
      ...notVerified.map(
        (entry) =>
          `- \`${entry.id}\` (${entry.level.toUpperCase()}): ${inline(cutText(entry.reason, MAX_INLINE))}${inline(enablerNote(entry))}`,
      ),
      '',
    ]);
  }
  if (report.waivers.unmatched.length > 0) {
    blocks.push([
      `Waivers that matched no problem: ${report.waivers.unmatched.map((w) => `\`${inline(waiverName(w))}\` (${inline(w.owner)})`).join(', ')}.`,
      '',
    ]);
  }
  const fuzz = fuzzLines(report);
  if (fuzz.length > 0) blocks.push([...fuzz.map((line) => `- ${inline(cutText(line, MAX_INLINE))}`), '']);
  blocks.push([
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
  ]);
  const { footprint } = report;
  blocks.push([
    `**Footprint:** ${footprint.requests} requests${footprint.preflightRequests ? ` (${footprint.preflightRequests} preflight)` : ''}, ${footprint.conferencesCreated} conferences created, ` +
      `${footprint.rateLimited} rate-limited, ${formatSeconds(footprint.waitedMs)} waited on 429s; run took ${formatSeconds(report.durationMs)}.`,
    '',
  ]);
  if (report.pacing) blocks.push([`**Pacing:** ${inline(describePacing(report.pacing))}`, '']);
  const latency = latencyLines(report.latency);
  if (latency.length > 0) blocks.push([`**Response times:** ${latency.map(inline).join('; ')}.`, '']);
  if (report.history) blocks.push([`**History:** ${inline(trendText(report.history.runs))}`, '']);
  if (report.cut?.length) {
    blocks.push([`Cut to keep conformance.json within its size: ${report.cut.map(inline).join('; ')}.`, '']);
  }
  if (report.findings.length > 0) {
    blocks.push([
      `<details><summary>Spec findings: ${report.findings.length} defects or ambiguities of the spec itself</summary>`,
      '',
      ...report.findings.map((f) => `- ${inline(f.title)} (${f.severity}, \`${f.pointer}\`)`),
      '',
      '</details>',
      '',
    ]);
  }
  blocks.push(['Full report: conformance.html (a curl for each problem) and conformance.json.']);
  return fitMarkdown(blocks.filter((block) => block.length > 0));
}

/** What changed since the baseline, first of all: a change is news. */
function changeBlock(report: ConformanceReport): string[] {
  const lead = changeLead(report);
  if (!lead) return [];
  return [
    `**What changed:** ${inline(lead.headline)}`,
    '',
    ...lead.details.slice(0, MAX_PROBLEMS).map((line) => `- ${inline(cutText(line, MAX_INLINE))}`),
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
  return [
    `**Not verified (${count} MUST):**`,
    '',
    ...lines.map((line) => `- ${inline(cutText(line, 4 * MAX_INLINE))}`),
    '',
  ];
}

function problemBlock(problem: Problem, index: number): string[] {
  const level = problem.waivedBy ? 'WAIVED' : problem.level === 'must' ? 'MUST' : 'SHOULD (warning)';
  const tests = problem.tests.length;
  return [
    `${index + 1}. **${level} \`${problem.requirement}\`**: ${statement(problem.statement)}`,
    `   - ${inlineCut(problem.title)}: expected ${inlineCut(problem.expected)}; received ${inlineCut(problem.received)}`,
    `   - ${problem.occurrences} occurrence${problem.occurrences === 1 ? '' : 's'} in ${tests} test${tests === 1 ? '' : 's'}, at ${inlineCut(problem.location)}; source: ${inline(problem.sourceText)}`,
    ...(problem.waivedBy
      ? [
          `   - waived: ${inline(problem.waivedBy.reason)} (${inline(problem.waivedBy.owner)}, until ${problem.waivedBy.expires})`,
        ]
      : []),
    ...(problem.curl
      ? ['', ...fenced(cutText(problem.curl, MAX_CURL), 'sh').map((line) => `   ${line}`)]
      : []),
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

/** A curl in the summary: the command and a body of a few KB; the whole one is in conformance.json. */
const MAX_CURL = 8 * 1024;

function inlineCut(text: string): string {
  return inline(cutText(text, MAX_INLINE));
}

/** A catalogue statement: its `code` spans kept as code, everything else escaped. */
function statement(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => (/^`[^`]*`$/.test(part) ? part.replace(/\|/g, '\\|') : inline(part)))
    .join('');
}
