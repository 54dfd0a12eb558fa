import { VERDICT_TEXT } from './verdict-words';
import { formatSeconds, fuzzLines, problemsByLevel, type ConformanceReport } from './model';
import { describePacing } from './pacing';
import type { Problem } from './verdict';
import { waiverName, type Waiver } from './waivers';
import { escapeHtml } from './html-escape';
import { changeLead } from './lead';
import { LATENCY_KINDS } from './latency';
import { trendSvg } from './trend';
import { signOffFacts } from './sign-off';
import { enablerNote } from './enabled-by';
import type { RequirementResult } from './verdict';

export { escapeHtml };

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 10px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.meta{color:#57606a;margin:0 0 16px}.verdict{display:inline-block;padding:6px 14px;border-radius:6px;font-weight:600;font-size:18px;color:#fff}
.v-conforms,.v-conforms-with-warnings{background:#1a7f37}.v-does-not-conform{background:#cf222e}.v-infrastructure-error,.v-configuration-error{background:#9a6700}.v-incomplete{background:#57606a}
.s-warned{color:#9a6700}.s-not-verified{color:#57606a;font-weight:600}.s-not-applicable{color:#8c959f}.failure.f-should{border-left-color:#9a6700}
.stats{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}.stat{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;min-width:90px}
.stat b{display:block;font-size:22px}table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d0d7de;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eaeef2}td code{word-break:break-all}#findings-table td:nth-child(3){max-width:260px}code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}
pre{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:10px;overflow:auto;white-space:pre-wrap;word-break:break-word;max-height:420px}
pre.curl{background:#0d1117;color:#e6edf3}.failure{background:#fff;border:1px solid #d0d7de;border-left:5px solid #cf222e;border-radius:6px;padding:10px 14px;margin:12px 0}
.failure.f-waived{border-left-color:#8250df}.failure.f-infrastructure-error{border-left-color:#9a6700}.failure h3{font-size:16px;margin:4px 0}
.s-failed{color:#cf222e}.s-passed{color:#1a7f37}.s-waived{color:#8250df}.s-skipped{color:#57606a}.s-infrastructure-error{color:#9a6700}
.tag{font-size:12px;border:1px solid currentColor;border-radius:10px;padding:0 7px;margin-left:6px;white-space:nowrap}
.problems li{color:#cf222e}
.v-conforms-with-warnings{background:#116329;box-shadow:inset 0 -4px 0 #d4a72c}
#sign-off{width:auto;margin:12px 0}#sign-off th{width:170px;background:#f6f8fa;font-weight:600}#sign-off td{word-break:break-word}
#matrix td:nth-child(5){max-width:200px;font-size:12px}#matrix td:nth-child(5) code{word-break:break-word}
details.passed>summary{cursor:pointer;margin:10px 0;font-weight:600}
@media print{
body{background:#fff;font-size:10.5pt}main{max-width:none;padding:0}
.verdict{-webkit-print-color-adjust:exact;print-color-adjust:exact}
h2{break-after:avoid}.failure,tr,#sign-off{break-inside:avoid}
pre{max-height:none;overflow:visible}pre.curl{background:#fff;color:#000}
details::details-content{content-visibility:visible;display:contents}details>summary{list-style:none}
}
`;

/** Pure: one self-contained page (inline style, no script, no network) a reviewer can open and sign. */
export function renderHtml(report: ConformanceReport): string {
  const { notVerified } = report.coverage;
  const { problems, warnings } = problemsByLevel(report);
  const mustProblems = problems.listed;
  const body = [
    `<h1>MeetBit conformance report</h1>`,
    // The change first: a night is read for what is new since the last one; then the full verdict.
    changeSection(report),
    `<section id="summary"><span class="verdict v-${escapeHtml(report.verdict)}">${escapeHtml(
      VERDICT_TEXT[report.verdict].toUpperCase(),
    )}</span>`,
    `<table id="sign-off">${signOffFacts(report)
      .map((fact) => `<tr><th>${escapeHtml(fact.label)}</th><td>${escapeHtml(fact.value)}</td></tr>`)
      .join('')}</table>`,
    report.runErrors.length
      ? `<ul class="problems">${report.runErrors.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>`
      : '',
    report.preflightWarnings.length
      ? `<p id="preflight">The preflight warned, before any test ran:</p><ul>${report.preflightWarnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`
      : '',
    `</section>`,
    `<h2 id="problems">Problems (${mustProblems.length + problems.omitted} MUST)${mustProblems.length ? ', most severe first' : ''}</h2>`,
    mustProblems.length ? mustProblems.map(problemBlock).join('\n') : '<p>None.</p>',
    `<h2 id="warnings">Warnings (${warnings.listed.length + warnings.omitted} SHOULD)</h2>`,
    warnings.listed.length
      ? warnings.listed.map((problem, index) => problemBlock(problem, mustProblems.length + index)).join('\n')
      : '<p>None.</p>',
    report.cutShort.length
      ? `<h2 id="cut-short">Cut short (${report.cutShort.length}): the verdict is at best incomplete</h2><ul>${report.cutShort
          .map((entry) => `<li>${escapeHtml(entry.test)}: ${escapeHtml(entry.reason)}</li>`)
          .join('')}</ul>`
      : '',
    `<h2 id="not-verified">Not verified (${notVerified.length})</h2>`,
    notVerified.length
      ? `<table><tr><th>requirement</th><th>level</th><th>why, and what enables it</th></tr>${notVerified
          .map(
            (entry) =>
              `<tr><td><code>${escapeHtml(entry.id)}</code></td><td>${entry.level.toUpperCase()}</td><td>${escapeHtml(entry.reason + enablerNote(entry))}</td></tr>`,
          )
          .join('')}</table>`
      : '<p>Every requirement was verified.</p>',
    `<h2 id="requirements">Requirements (${report.requirements.length})</h2>`,
    requirementTable(report),
    waiverSection(report),
    fuzzLines(report).length
      ? `<h2>Fuzz phase</h2><ul>${fuzzLines(report)
          .map((line) => `<li>${escapeHtml(line)}</li>`)
          .join('')}</ul>`
      : '',
    report.cut?.length
      ? `<p>Cut to keep the report within its size: ${report.cut.map(escapeHtml).join('; ')}.</p>`
      : '',
    `<h2>Footprint</h2>`,
    `<p>${report.footprint.requests} requests sent${report.footprint.preflightRequests ? ` (${report.footprint.preflightRequests} by the preflight)` : ''}, ${report.footprint.conferencesCreated} conferences created, ` +
      `${report.footprint.rateLimited} answered 429, ${escapeHtml(formatSeconds(report.footprint.waitedMs))} waited on rate limits; ` +
      `${report.summary.total} tests (${report.summary.passed} passed, ${report.summary.failed} failed, ${report.summary.skipped} skipped); ` +
      `the run took ${escapeHtml(formatSeconds(report.durationMs))}.</p>`,
    report.pacing ? `<p>${escapeHtml(describePacing(report.pacing))}</p>` : '',
    latencySection(report),
    report.history
      ? `<h2 id="history">The last ${report.history.runs.length} run${report.history.runs.length === 1 ? '' : 's'}</h2>${trendSvg(report.history.runs)}${
          report.history.unreadable
            ? `<p class="meta">${report.history.unreadable} line${report.history.unreadable === 1 ? '' : 's'} of the history file could not be read and ${report.history.unreadable === 1 ? 'was' : 'were'} left out.</p>`
            : ''
        }`
      : '',
    `<h2 id="findings">Spec findings (${report.findings.length})</h2>`,
    report.findings.length
      ? `<p>Defects and ambiguities of the spec itself, and how the suite handles each.</p><table id="findings-table"><tr><th>finding</th><th>severity</th><th>spec location</th><th>detail</th><th>handling</th></tr>${report.findings
          .map(
            (f) =>
              `<tr><td><b>${codeSpans(f.title)}</b><br><code>${escapeHtml(f.id)}</code></td><td>${escapeHtml(f.severity)}</td><td><code>${escapeHtml(
                f.pointer,
              )}</code></td><td>${codeSpans(f.detail)}</td><td>${codeSpans(f.handling)}</td></tr>`,
          )
          .join('')}</table>`
      : '<p>None.</p>',
  ].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(`MeetBit conformance: ${VERDICT_TEXT[report.verdict]}`)}</title><style>${STYLE}</style></head>
<body><main>
${body}
</main></body></html>
`;
}

/** Our own text (statements, findings): escaped, then its `code` spans shown as code. */
export function codeSpans(text: string): string {
  return escapeHtml(text).replace(/`([^`]*)`/g, '<code>$1</code>');
}

/** Grouped by status, the ones needing attention first; the passed rows collapsed (expanded in print). */
const TABLE_ORDER: readonly RequirementResult['status'][] = [
  'failed',
  'warned',
  'waived',
  'not-verified',
  'passed',
  'not-applicable',
];

function requirementTable(report: ConformanceReport): string {
  if (report.requirements.length === 0) return '<p>No requirements: the spec could not be loaded.</p>';
  const head =
    '<tr><th>status</th><th>level</th><th>requirement</th><th>statement</th><th>source</th><th>verified by / why not</th></tr>';
  const row = (r: RequirementResult) =>
    `<tr><td class="s-${escapeHtml(r.status)}">${escapeHtml(r.status)}</td><td>${r.level.toUpperCase()}</td><td><code>${escapeHtml(
      r.id,
    )}</code></td><td>${codeSpans(r.statement)}</td><td><code>${escapeHtml(r.sourceText)}</code></td><td>${escapeHtml(
      r.status === 'not-verified' || r.status === 'not-applicable'
        ? (r.reason ?? '')
        : r.tests.slice(0, 2).join('; '),
    )}</td></tr>`;
  const rank = (r: RequirementResult) => {
    const at = TABLE_ORDER.indexOf(r.status);
    return at === -1 ? TABLE_ORDER.length : at;
  };
  const sorted = [...report.requirements].sort((a, b) => rank(a) - rank(b));
  const open = sorted.filter((r) => r.status !== 'passed' && r.status !== 'not-applicable');
  const closed = sorted.filter((r) => r.status === 'passed' || r.status === 'not-applicable');
  return [
    open.length ? `<table id="matrix">${head}${open.map(row).join('')}</table>` : '',
    closed.length
      ? `<details class="passed"><summary>${closed.length} requirement${closed.length === 1 ? '' : 's'} passed or not applicable (show)</summary><table id="${open.length ? 'matrix-passed' : 'matrix'}">${head}${closed.map(row).join('')}</table></details>`
      : '',
  ].join('\n');
}

function problemBlock(problem: Problem, index: number): string {
  const level = problem.waivedBy ? 'waived' : problem.level;
  const response = problem.response
    ? `<details><summary>Response received: ${escapeHtml(problem.response.status)}</summary><pre>${escapeHtml(
        [
          ...Object.entries(problem.response.headers).map(([k, v]) => `${k}: ${v}`),
          '',
          problem.response.body.slice(0, 4000),
        ].join('\n'),
      )}</pre></details>`
    : '';
  const tests = problem.tests.length;
  return `<div class="failure f-${escapeHtml(level)}">
<h3>${index + 1}. <span class="tag">${escapeHtml(level.toUpperCase())}</span> <code>${escapeHtml(problem.requirement)}</code>: ${codeSpans(problem.statement)}</h3>
<p><b>${escapeHtml(problem.title)}</b></p>
<p>Expected: ${escapeHtml(problem.expected)}<br>Received: <code>${escapeHtml(problem.received)}</code></p>
<p>${problem.occurrences} occurrence${problem.occurrences === 1 ? '' : 's'} in ${tests} test${tests === 1 ? '' : 's'} at <code>${escapeHtml(problem.location)}</code> (check <code>${escapeHtml(problem.check)}</code>); source: <code>${escapeHtml(problem.sourceText)}</code></p>
${problem.waivedBy ? `<p>Waived: ${escapeHtml(problem.waivedBy.reason)} (${escapeHtml(problem.waivedBy.owner)}, until ${escapeHtml(problem.waivedBy.expires)})</p>` : ''}
<details><summary>Tests</summary><ul>${problem.tests.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul></details>
${problem.curl ? `<p>Reproduce it (set the <code>MEETBIT_*</code> variables first):</p><pre class="curl">${escapeHtml(problem.curl)}</pre>` : ''}
${response}
</div>`;
}

/** What changed since the baseline, before the verdict: a change is news. */
function changeSection(report: ConformanceReport): string {
  const lead = changeLead(report);
  if (!lead) return '';
  return `<section id="changes"><h2>What changed</h2><p><b>${escapeHtml(lead.headline)}</b></p>${
    lead.details.length
      ? `<ul>${lead.details.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`
      : ''
  }${lead.policy ? `<p>${escapeHtml(lead.policy)}</p>` : ''}</section>`;
}

function latencySection(report: ConformanceReport): string {
  const { latency } = report;
  if (!latency) return '';
  const row = (label: string, f: { count: number; p50: number; p95: number; max: number }) =>
    `<tr><td>${escapeHtml(label)}</td><td>${f.count}</td><td>${f.p50}</td><td>${f.p95}</td><td>${f.max}</td></tr>`;
  return `<h2 id="latency">Response times</h2><table id="latency-table"><tr><th>answers</th><th>count</th><th>p50 ms</th><th>p95 ms</th><th>max ms</th></tr>${[
    row('all', latency.overall),
    ...LATENCY_KINDS.flatMap(({ kind, label }) => {
      const figures = latency.byKind[kind];
      return figures ? [row(label, figures)] : [];
    }),
  ].join('')}</table>`;
}

function waiverSection(report: ConformanceReport): string {
  const { applied, expired, unmatched } = report.waivers;
  if (applied.length + expired.length + unmatched.length === 0) return '';
  const row = (w: Waiver, state: string) =>
    `<tr><td><code>${escapeHtml(waiverName(w))}</code></td><td>${escapeHtml(state)}</td><td>${escapeHtml(w.reason)}</td><td>${escapeHtml(w.owner)}</td><td>${escapeHtml(w.expires)}</td></tr>`;
  return `<h2>Waivers</h2><table><tr><th>waives</th><th>state</th><th>reason</th><th>owner</th><th>expires</th></tr>${[
    ...applied.map((a) => row(a.waiver, `applied to ${a.problems.join(', ')}`)),
    ...expired.map((w) => row(w, 'EXPIRED: fails the run')),
    ...unmatched.map((w) => row(w, 'matched nothing')),
  ].join('')}</table>`;
}
