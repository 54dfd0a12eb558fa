/** Pure: the progress line of a run, and when to print it. */
export function progressLine(done: number, total: number, elapsedMs: number, paced: boolean): string {
  const parts = [`Progress: ${done}/${total} tests`, `${duration(elapsedMs)} elapsed`];
  // Only a paced run's rate is steady enough to extrapolate; an unpaced one ends in seconds anyway.
  if (paced && done > 0 && done < total)
    parts.push(`about ${duration((elapsedMs / done) * (total - done))} left`);
  return parts.join(' · ');
}

/** A console line is news only this long after the last one (or the start): a short run prints none. */
export const QUIET_MS = 10_000;

/**
 * At a tenth of the run, at the end, or `everyMs` after the last line while tests finish; never within
 * QUIET_MS of the start or of the last line. `sinceLastMs` counts from the start until a line is printed.
 */
export function shouldPrint(done: number, total: number, sinceLastMs: number, everyMs = 30_000): boolean {
  if (sinceLastMs < QUIET_MS) return false;
  const step = Math.max(1, Math.ceil(total / 10));
  return done === total || done % step === 0 || sinceLastMs >= everyMs;
}

export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes} min ${seconds % 60} s`
    : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
