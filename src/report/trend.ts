import type { HistoryPoint } from './history';
import { escapeHtml } from './html-escape';
import { VERDICT_MARK, VERDICT_TEXT, type Verdict } from './verdict-words';

/**
 * The last runs of a tenant as one small inline SVG: a square per run in the colour of its verdict, its
 * problems (red) and warnings (amber) as a bar above it, and the p95 of every answer as a line. No script,
 * no font, no external resource: the page's CSP is default-src 'none'. Each run has a <title> (the
 * browser's tooltip) with its id, time, verdict and figures.
 */

const SLOT = 18;
const LEFT = 8;
const TOP = 16;
const BARS = 56;
const MARK = 10;
const WIDTH_SLOTS = 30;

const COLOUR: Record<Verdict, string> = {
  conforms: '#1a7f37',
  'conforms-with-warnings': '#4ac26b',
  'does-not-conform': '#cf222e',
  incomplete: '#8c959f',
  'infrastructure-error': '#9a6700',
  'configuration-error': '#9a6700',
};

export function trendSvg(runs: readonly HistoryPoint[]): string {
  const shown = runs.slice(-WIDTH_SLOTS);
  const width = LEFT * 2 + WIDTH_SLOTS * SLOT;
  const height = TOP + BARS + 6 + MARK + 16;
  const base = TOP + BARS;
  const most = Math.max(1, ...shown.map((run) => run.problems + run.warnings));
  const slowest = Math.max(1, ...shown.map((run) => run.p95 ?? 0));
  // The newest run at the right edge, as on any timeline; the first nights fill in from there.
  const x = (index: number) => LEFT + (WIDTH_SLOTS - shown.length + index) * SLOT;
  const columns = shown.map((run, index) => {
    const problems = (run.problems / most) * BARS;
    const warnings = (run.warnings / most) * BARS;
    const tip =
      `${run.runId ?? 'run'} · ${run.finishedAt.slice(0, 16).replace('T', ' ')} · ${VERDICT_TEXT[run.verdict]} · ` +
      `${run.problems} problem${run.problems === 1 ? '' : 's'}, ${run.warnings} warning${run.warnings === 1 ? '' : 's'}` +
      (run.p95 !== undefined ? ` · p95 ${run.p95} ms` : '');
    return [
      `<g class="run" data-verdict="${escapeHtml(run.verdict)}"><title>${escapeHtml(tip)}</title>`,
      `<rect x="${x(index) + 3}" y="${TOP}" width="${SLOT - 6}" height="${BARS}" fill="#f6f8fa"/>`,
      warnings > 0
        ? `<rect class="warnings" x="${x(index) + 3}" y="${(base - problems - warnings).toFixed(1)}" width="${SLOT - 6}" height="${warnings.toFixed(1)}" fill="#d4a72c"/>`
        : '',
      problems > 0
        ? `<rect class="problems" x="${x(index) + 3}" y="${(base - problems).toFixed(1)}" width="${SLOT - 6}" height="${problems.toFixed(1)}" fill="#cf222e"/>`
        : '',
      `<rect class="verdict-mark" x="${x(index) + 3}" y="${base + 6}" width="${SLOT - 6}" height="${MARK}" rx="2" fill="${COLOUR[run.verdict]}"/>`,
      '</g>',
    ].join('');
  });
  const timed = shown
    .map((run, index) =>
      run.p95 === undefined
        ? undefined
        : `${x(index) + SLOT / 2},${(base - (run.p95 / slowest) * BARS).toFixed(1)}`,
    )
    .filter((point): point is string => point !== undefined);
  const first = shown[0]?.finishedAt.slice(0, 10) ?? '';
  const last = shown.at(-1)?.finishedAt.slice(0, 10) ?? '';
  const line =
    timed.length > 1
      ? `<polyline class="p95" points="${timed.join(' ')}" fill="none" stroke="#0969da" stroke-width="2"/>`
      : timed.length === 1
        ? `<circle class="p95" cx="${timed[0]!.split(',')[0]}" cy="${timed[0]!.split(',')[1]}" r="2.5" fill="#0969da"/>`
        : '';
  const label = `Last ${shown.length} run${shown.length === 1 ? '' : 's'}: bars are problems (red) and warnings (amber), up to ${most}; the blue line is the p95 of every answer, up to ${slowest} ms; the squares are the verdicts.`;
  return [
    `<svg id="trend" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(label)}">`,
    `<text x="${LEFT}" y="11" font-size="11" fill="#57606a">problems ≤ ${most} · p95 ≤ ${slowest} ms</text>`,
    ...columns,
    line,
    // The first night's date under it, the last one's at the right; one date when they would touch.
    first && shown.length > 6 && first !== last
      ? `<text x="${x(0)}" y="${height - 2}" font-size="10" fill="#57606a">${escapeHtml(first)}</text>`
      : '',
    `<text x="${width - LEFT}" y="${height - 2}" font-size="10" fill="#57606a" text-anchor="end">${escapeHtml(last)}</text>`,
    '</svg>',
    `<p class="meta">${escapeHtml(label)}</p>`,
  ].join('\n');
}

/** The same in one line of text, for the Markdown report: oldest first. */
export function trendText(runs: readonly HistoryPoint[]): string {
  const shown = runs.slice(-WIDTH_SLOTS);
  return (
    `last ${shown.length} run${shown.length === 1 ? '' : 's'}, oldest first: verdicts ${shown.map((run) => VERDICT_MARK[run.verdict]).join(' ')}; ` +
    `problems ${shown.map((run) => run.problems).join(' ')}; warnings ${shown.map((run) => run.warnings).join(' ')}; ` +
    `p95 ${shown.map((run) => (run.p95 === undefined ? '–' : String(run.p95))).join(' ')} ms.`
  );
}
