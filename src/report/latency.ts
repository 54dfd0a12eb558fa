import { dispositionOf, type Disposition } from '../contract/semantics';

/**
 * Response times, bounded however many requests a run sends: each test keeps, per kind of answer, a count,
 * the largest time and a log-linear histogram (exact below 64 ms, then 32 bins per doubling, so a bin is at
 * most about 3 % wide and a test holds a few hundred bins at the very most). Histograms add up exactly
 * across tests and shards; p50 and p95 are read from the merged bins, to within half a bin.
 */

/** The kind of answer an exchange got: its disposition (accepted create, rejected, unauthorized, 429, ...). */
export type LatencyKind = Disposition;

export interface LatencyHistogram {
  readonly count: number;
  readonly max: number;
  /** Lower bound of a bin (ms) → how many response times fell in it. */
  readonly bins: Readonly<Record<string, number>>;
}

export type LatencyByKind = Partial<Record<LatencyKind, LatencyHistogram>>;

/** Milliseconds. */
export interface LatencyFigures {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

export interface Latency {
  readonly overall: LatencyFigures;
  readonly byKind: Partial<Record<LatencyKind, LatencyFigures>>;
}

/** In the order reports list them, with the words they use. */
export const LATENCY_KINDS: readonly { readonly kind: LatencyKind; readonly label: string }[] = [
  { kind: 'accepted', label: 'accepted creates' },
  { kind: 'rejected', label: 'rejected (validation)' },
  { kind: 'unauthorized', label: 'rejected (authentication)' },
  { kind: 'throttled', label: '429 (rate limited)' },
  { kind: 'server-error', label: '5xx' },
  { kind: 'other', label: 'other statuses' },
];

const EXACT_BELOW = 64;
const BINS_PER_DOUBLING = 32;

export function binOf(ms: number): number {
  const value = Math.max(0, Math.round(ms));
  if (value < EXACT_BELOW) return value;
  return value - (value % binWidth(value));
}

function binWidth(lower: number): number {
  if (lower < EXACT_BELOW) return 1;
  return 2 ** (Math.floor(Math.log2(lower)) - Math.log2(BINS_PER_DOUBLING));
}

/** Collects one test's response times by kind; what it hands on is bounded by the bins, not the requests. */
export class LatencyRecorder {
  private readonly kinds = new Map<LatencyKind, { count: number; max: number; bins: Map<number, number> }>();

  record(status: number, durationMs: number): void {
    if (!Number.isFinite(durationMs)) return;
    const kind = dispositionOf(status);
    let entry = this.kinds.get(kind);
    if (!entry) this.kinds.set(kind, (entry = { count: 0, max: 0, bins: new Map() }));
    const bin = binOf(durationMs);
    entry.count++;
    entry.max = Math.max(entry.max, Math.round(durationMs));
    entry.bins.set(bin, (entry.bins.get(bin) ?? 0) + 1);
  }

  toJSON(): LatencyByKind {
    const out: Partial<Record<LatencyKind, LatencyHistogram>> = {};
    for (const [kind, { count, max, bins }] of this.kinds)
      out[kind] = { count, max, bins: Object.fromEntries([...bins].map(([bin, n]) => [String(bin), n])) };
    return out;
  }
}

/**
 * Histograms from an attachment (a test's `conformance-stats`, possibly from a blob report): only the
 * known kinds and whole, non-negative numbers are kept, so a malformed attachment cannot poison the figures.
 */
export function readLatency(value: unknown): LatencyByKind | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const out: Partial<Record<LatencyKind, LatencyHistogram>> = {};
  for (const { kind } of LATENCY_KINDS) {
    const entry = (value as Record<string, unknown>)[kind] as Partial<LatencyHistogram> | undefined;
    if (!entry || typeof entry !== 'object' || !isCount(entry.count) || !isCount(entry.max)) continue;
    const bins: Record<string, number> = {};
    let total = 0;
    for (const [bin, n] of Object.entries(entry.bins ?? {}).slice(0, 2000)) {
      if (!/^\d{1,9}$/.test(bin) || !isCount(n)) continue;
      bins[bin] = n;
      total += n;
    }
    if (total > 0) out[kind] = { count: total, max: entry.max, bins };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function mergeHistograms(histograms: readonly (LatencyHistogram | undefined)[]): LatencyHistogram {
  const bins: Record<string, number> = {};
  let count = 0;
  let max = 0;
  for (const histogram of histograms) {
    if (!histogram) continue;
    count += histogram.count;
    max = Math.max(max, histogram.max);
    for (const [bin, n] of Object.entries(histogram.bins)) bins[bin] = (bins[bin] ?? 0) + n;
  }
  return { count, max, bins };
}

/** The value below which `fraction` of the times fall: the middle of its bin, never above the largest. */
export function percentile(histogram: LatencyHistogram, fraction: number): number {
  if (histogram.count === 0) return 0;
  const rank = Math.max(1, Math.ceil(fraction * histogram.count));
  const bins = Object.entries(histogram.bins)
    .map(([bin, n]) => [Number(bin), n] as const)
    .sort((a, b) => a[0] - b[0]);
  let seen = 0;
  for (const [lower, n] of bins) {
    seen += n;
    if (seen >= rank) return Math.min(histogram.max, lower + Math.floor((binWidth(lower) - 1) / 2));
  }
  return histogram.max;
}

export function figuresOf(histogram: LatencyHistogram): LatencyFigures {
  return {
    count: histogram.count,
    p50: percentile(histogram, 0.5),
    p95: percentile(histogram, 0.95),
    max: histogram.max,
  };
}

/** The run's response times: per kind and overall, from every test's histograms. */
export function summarizeLatency(tests: readonly (LatencyByKind | undefined)[]): Latency | undefined {
  const byKind: Partial<Record<LatencyKind, LatencyFigures>> = {};
  const all: LatencyHistogram[] = [];
  for (const { kind } of LATENCY_KINDS) {
    const merged = mergeHistograms(tests.map((test) => test?.[kind]));
    if (merged.count === 0) continue;
    byKind[kind] = figuresOf(merged);
    all.push(merged);
  }
  if (all.length === 0) return undefined;
  return { overall: figuresOf(mergeHistograms(all)), byKind };
}

export function kindLabel(kind: string): string {
  return LATENCY_KINDS.find((entry) => entry.kind === kind)?.label ?? kind;
}

/** "accepted creates p50 4 ms, p95 9 ms, max 30 ms (64)"; one part per kind, overall first. */
export function latencyLines(latency: Latency | undefined): string[] {
  if (!latency) return [];
  const text = (label: string, f: LatencyFigures) =>
    `${label}: p50 ${f.p50} ms, p95 ${f.p95} ms, max ${f.max} ms (${f.count} response${f.count === 1 ? '' : 's'})`;
  return [
    text('all responses', latency.overall),
    ...LATENCY_KINDS.flatMap(({ kind, label }) => {
      const figures = latency.byKind[kind];
      return figures ? [text(label, figures)] : [];
    }),
  ];
}
