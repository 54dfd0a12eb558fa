import type { Pace } from '../../client/rate-budget';

/** How the run paced its requests, for conformance.json and the console: the pace and why. */
export interface Pacing {
  readonly source: Pace['source'];
  /** Requests per second over the whole run, the fastest pace it followed. */
  readonly rps: number;
  /** The slowest pace it followed (an announced budget running low slows the run; 0 = waited for a reset). */
  readonly slowestRps: number;
  readonly why: string;
}

const PRIORITY: readonly Pace['source'][] = ['announced', 'setting', 'default'];

/** From the pace each test ended with: the most telling source (an announced budget first), fastest pace. */
export function summarizePacing(paces: readonly Pace[]): Pacing | undefined {
  for (const source of PRIORITY) {
    const of = paces.filter((pace) => pace.source === source);
    if (of.length === 0) continue;
    const fastest = of.reduce((a, b) => (b.rps > a.rps ? b : a));
    const slowest = Math.min(...of.map((pace) => pace.rps));
    return { source, rps: round(fastest.rps), slowestRps: round(slowest), why: fastest.why };
  }
  return undefined;
}

export function describePacing(pacing: Pacing | undefined): string {
  if (!pacing) return 'Pacing: no request was sent.';
  const range = pacing.slowestRps < pacing.rps ? ` (down to ${pacing.slowestRps})` : '';
  return `Paced at ${pacing.rps} requests/s${range}, ${pacing.source}: ${pacing.why}.`;
}

function round(rps: number): number {
  return Math.round(rps * 100) / 100;
}
