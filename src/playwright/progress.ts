/** Pure: the progress line of a run, and when to print it. */
export function progressLine(done: number, total: number, elapsedMs: number, paced: boolean): string {
  const parts = [`Progress: ${done}/${total} tests`, `${duration(elapsedMs)} elapsed`];
  // Only a paced run's rate is steady enough to extrapolate; an unpaced one ends in seconds anyway.
  if (paced && done > 0 && done < total)
    parts.push(`about ${duration((elapsedMs / done) * (total - done))} left`);
  return parts.join(' · ');
}

/** Every tenth of the run, and at least every `everyMs` while tests finish, and at the end. */
export function shouldPrint(done: number, total: number, sinceLastMs: number, everyMs = 30_000): boolean {
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
