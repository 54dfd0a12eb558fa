import {
  displayTitle,
  formatSeconds,
  fuzzLines,
  STATUS_ORDER,
  type CheckEntry,
  type ConformanceReport,
} from './model';

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const VERDICT_TEXT = {
  conforms: 'Conforms',
  'does-not-conform': 'Does not conform',
  'infrastructure-error': 'Infrastructure error: no verdict',
} as const;

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 10px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.meta{color:#57606a;margin:0 0 16px}.verdict{display:inline-block;padding:6px 14px;border-radius:6px;font-weight:600;font-size:18px;color:#fff}
.v-conforms{background:#1a7f37}.v-does-not-conform{background:#cf222e}.v-infrastructure-error{background:#9a6700}
.stats{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}.stat{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;min-width:90px}
.stat b{display:block;font-size:22px}table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d0d7de;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eaeef2}td code{word-break:break-all}#findings-table td:nth-child(3){max-width:260px}code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}
pre{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:10px;overflow:auto;white-space:pre-wrap;word-break:break-word;max-height:420px}
pre.curl{background:#0d1117;color:#e6edf3}.failure{background:#fff;border:1px solid #d0d7de;border-left:5px solid #cf222e;border-radius:6px;padding:10px 14px;margin:12px 0}
.failure.f-waived{border-left-color:#8250df}.failure.f-infrastructure-error{border-left-color:#9a6700}.failure h3{font-size:16px;margin:4px 0}
.s-failed{color:#cf222e}.s-passed{color:#1a7f37}.s-waived{color:#8250df}.s-skipped{color:#57606a}.s-infrastructure-error{color:#9a6700}
.tag{font-size:12px;border:1px solid currentColor;border-radius:10px;padding:0 7px;margin-left:6px;white-space:nowrap}
.problems li{color:#cf222e}
`;

/** Pure: one self-contained page (inline style, no script, no network) a reviewer can open and sign. */
export function renderHtml(report: ConformanceReport): string {
  const { summary } = report;
  const stat = (label: string, value: string | number, cls = '') =>
    `<div class="stat ${cls}"><b>${escapeHtml(value)}</b>${escapeHtml(label)}</div>`;
  const failures = report.checks.filter((c) => c.status !== 'passed' && c.status !== 'skipped');
  const body = [
    `<h1>MeetBit conformance report</h1>`,
    `<p class="meta">${escapeHtml(report.operation)} · ${escapeHtml(targetText(report))} · spec ${escapeHtml(
      report.spec
        ? `${report.spec.title} ${report.spec.version} (sha256 ${report.spec.sha256.slice(0, 12)})`
        : 'not loaded',
    )} · ${escapeHtml(report.finishedAt)}${report.runId ? ` · run ${escapeHtml(report.runId)}` : ''}</p>`,
    `<section id="summary"><span class="verdict v-${escapeHtml(report.verdict)}">${escapeHtml(VERDICT_TEXT[report.verdict])}</span>`,
    `<div class="stats">${[
      stat('passed', summary.passed, 's-passed'),
      stat('failed', summary.failed, 's-failed'),
      stat('waived', summary.waived, 's-waived'),
      stat('infrastructure errors', summary.infrastructureErrors, 's-infrastructure-error'),
      stat('skipped', summary.skipped, 's-skipped'),
      stat('conformance score', summary.score === null ? '–' : `${summary.score}%`),
    ].join('')}</div>`,
    report.problems.length
      ? `<ul class="problems">${report.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>`
      : '',
    `</section>`,
    `<h2>Requirements by status</h2>`,
    matrix(report),
    `<h2 id="failures">Failures${failures.length ? ` (${failures.length})` : ''}</h2>`,
    failures.length ? failures.map(failureBlock).join('\n') : '<p>None.</p>',
    waiverSection(report),
    fuzzLines(report).length
      ? `<h2>Fuzz phase</h2><ul>${fuzzLines(report)
          .map((line) => `<li>${escapeHtml(line)}</li>`)
          .join('')}</ul>`
      : '',
    `<h2>Footprint</h2>`,
    `<p>${report.footprint.requests} requests sent, ${report.footprint.conferencesCreated} conferences created, ` +
      `${report.footprint.rateLimited} answered 429, ${escapeHtml(formatSeconds(report.footprint.waitedMs))} waited on rate limits; ` +
      `the run took ${escapeHtml(formatSeconds(report.durationMs))}.</p>`,
    `<h2 id="findings">Spec findings (${report.findings.length})</h2>`,
    report.findings.length
      ? `<p>Defects and ambiguities of the spec itself, and how the suite handles each.</p><table id="findings-table"><tr><th>finding</th><th>severity</th><th>spec location</th><th>detail</th><th>handling</th></tr>${report.findings
          .map(
            (f) =>
              `<tr><td><b>${escapeHtml(f.title)}</b><br><code>${escapeHtml(f.id)}</code></td><td>${escapeHtml(f.severity)}</td><td><code>${escapeHtml(
                f.pointer,
              )}</code></td><td>${escapeHtml(f.detail)}</td><td>${escapeHtml(f.handling)}</td></tr>`,
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

function targetText(report: ConformanceReport): string {
  const { name, baseUrl, kind } = report.target;
  return [name, baseUrl ?? (kind === 'reference' ? 'reference tenant' : kind)].filter(Boolean).join(' ');
}

function matrix(report: ConformanceReport): string {
  if (report.requirements.length === 0) return '<p>No checks ran.</p>';
  const head = `<tr><th>spec location</th>${STATUS_ORDER.map((s) => `<th class="s-${s}">${escapeHtml(s)}</th>`).join('')}</tr>`;
  const rows = report.requirements.map((requirement) => {
    const cells = STATUS_ORDER.map((status) => {
      const ids = requirement.checks
        .filter((c) => c.status === status)
        .map((c) => `<code>${escapeHtml(c.id)}</code>`);
      return `<td class="s-${status}">${ids.join('<br>')}</td>`;
    });
    return `<tr><td><code>${escapeHtml(requirement.pointer)}</code></td>${cells.join('')}</tr>`;
  });
  return `<table id="matrix">${head}${rows.join('')}</table>`;
}

function failureBlock(check: CheckEntry): string {
  const tags = [
    `<span class="tag s-${escapeHtml(check.status)}">${escapeHtml(check.status)}</span>`,
    ...check.failedChecks.map((c) => `<span class="tag">${escapeHtml(c)}</span>`),
    check.infrastructureError ? `<span class="tag">${escapeHtml(check.infrastructureError)}</span>` : '',
  ].join('');
  const waived = check.waivedBy?.length
    ? `<p>Waived: ${check.waivedBy.map((w) => `${escapeHtml(w.reason)} (${escapeHtml(w.owner)}, until ${escapeHtml(w.expires)})`).join('; ')}</p>`
    : '';
  const response = check.response
    ? `<details><summary>Response received: ${escapeHtml(check.response.status)}</summary><pre>${escapeHtml(
        [
          ...Object.entries(check.response.headers).map(([k, v]) => `${k}: ${v}`),
          '',
          check.response.body.slice(0, 4000),
        ].join('\n'),
      )}</pre></details>`
    : '';
  return `<div class="failure f-${escapeHtml(check.status)}">
<h3><code>${escapeHtml(check.id)}</code> ${escapeHtml(displayTitle(check))}${tags}</h3>
${check.specPointer ? `<p>Spec location: <code>${escapeHtml(check.specPointer)}</code></p>` : ''}${waived}
${check.message ? `<pre class="message">${escapeHtml(check.message)}</pre>` : ''}
${check.curl ? `<p>Reproduce it (set the <code>MEETBIT_*</code> variables first):</p><pre class="curl">${escapeHtml(check.curl)}</pre>` : ''}
${response}
</div>`;
}

function waiverSection(report: ConformanceReport): string {
  const { applied, expired, unmatched } = report.waivers;
  if (applied.length + expired.length + unmatched.length === 0) return '';
  const row = (w: { check: string; reason: string; owner: string; expires: string }, state: string) =>
    `<tr><td><code>${escapeHtml(w.check)}</code></td><td>${escapeHtml(state)}</td><td>${escapeHtml(w.reason)}</td><td>${escapeHtml(w.owner)}</td><td>${escapeHtml(w.expires)}</td></tr>`;
  return `<h2>Waivers</h2><table><tr><th>check</th><th>state</th><th>reason</th><th>owner</th><th>expires</th></tr>${[
    ...applied.map((a) => row(a.waiver, `applied to ${a.checks.join(', ')}`)),
    ...expired.map((w) => row(w, 'EXPIRED: fails the run')),
    ...unmatched.map((w) => row(w, 'matched nothing')),
  ].join('')}</table>`;
}
