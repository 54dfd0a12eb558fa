export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN, runs: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
}

/** `2.31 s (2.20–2.54, 5 runs)` */
export function formatSummary(summary: Summary, unit: string, digits = 2, scale = 1): string {
  if (summary.runs === 0) return 'not measured';
  const f = (value: number) => (value / scale).toFixed(digits);
  return `${f(summary.median)}${unit ? ` ${unit}` : ''} (${f(summary.min)}–${f(summary.max)}, ${summary.runs} run${summary.runs === 1 ? '' : 's'})`;
}

/** Runs that fit the budget after the first took `firstMs`: at least `min`, at most `max`. */
export function runsWithin(budgetMs: number, firstMs: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.floor(budgetMs / Math.max(1, firstMs))));
}
