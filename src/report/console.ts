import { enablerNote } from './enabled-by';
import { coverageLine, targetText } from './headline';
import { VERDICT_MARK, VERDICT_TEXT } from './verdict-words';
import { formatSeconds, problemCount, type ConformanceReport } from './model';
import { changeLead } from './lead';
import { latencyLines } from './latency';

const MAX_PROBLEMS = 15;

/** Pure: the run's end on the console: the verdict, then each problem once with its count. */
export function renderConsole(report: ConformanceReport, where: string): string {
  const lead = changeLead(report);
  const lines = [
    '',
    // The change first: a night is read for what is new since the last one.
    ...(lead
      ? [
          `What changed: ${oneLine(lead.headline)}`,
          ...lead.details.slice(0, MAX_PROBLEMS).map((line) => `  ${oneLine(line)}`),
          ...(lead.details.length > MAX_PROBLEMS
            ? [`  … and ${lead.details.length - MAX_PROBLEMS} more in the reports`]
            : []),
          ...(lead.policy ? [`  ${oneLine(lead.policy)}`] : []),
        ]
      : []),
    `MeetBit conformance: ${VERDICT_MARK[report.verdict]} ${VERDICT_TEXT[report.verdict]} · ${targetText(report.target)}`,
    coverageLine(report),
  ];
  report.problems.slice(0, MAX_PROBLEMS).forEach((problem, index) => {
    const level = problem.waivedBy ? 'WAIVED' : problem.level === 'must' ? 'MUST' : 'SHOULD';
    lines.push(
      `  ${index + 1}. [${level}] ${problem.requirement}: ${oneLine(problem.title)} (${problem.occurrences}× in ${problem.tests.length} test${problem.tests.length === 1 ? '' : 's'})`,
      `     expected ${oneLine(problem.expected)}; received ${oneLine(problem.received)}`,
    );
  });
  if (problemCount(report) > MAX_PROBLEMS)
    lines.push(`  … and ${problemCount(report) - MAX_PROBLEMS} more in the reports`);
  if (report.cutShort.length > 0) {
    lines.push(`  Cut short (${report.cutShort.length}): what these tests did not observe is not verified`);
    for (const entry of report.cutShort.slice(0, 8))
      lines.push(`   - ${oneLine(entry.test)}: ${oneLine(entry.reason)}`);
  }
  const notVerified = report.coverage.notVerified.filter((entry) => entry.level === 'must');
  if (notVerified.length > 0) {
    lines.push(`  Not verified (${notVerified.length} MUST):`);
    for (const entry of notVerified.slice(0, 8))
      lines.push(`   - ${entry.id}: ${oneLine(entry.reason)}${enablerNote(entry)}`);
    if (notVerified.length > 8) lines.push(`   … and ${notVerified.length - 8} more`);
  }
  for (const error of report.runErrors) lines.push(`  Run error: ${oneLine(error)}`);
  const [overall, ...kinds] = latencyLines(report.latency);
  if (overall) lines.push(`Response times: ${overall}; ${kinds.join('; ')}`);
  lines.push(
    `${report.footprint.requests} requests${report.footprint.preflightRequests ? ` (${report.footprint.preflightRequests} preflight)` : ''}, ${report.footprint.conferencesCreated} conferences created. ` +
      `Waited ${formatSeconds(report.footprint.waitedMs)} in total for rate limits. Reports in ${where}`,
  );
  return lines.join('\n');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat;
}
