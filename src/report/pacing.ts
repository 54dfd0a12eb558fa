/** A pace as the client records it per test (structurally the client's `Pace`; the report layer imports no client). */
export interface Pace {
  readonly rps: number;
  readonly source: 'announced' | 'default' | 'setting';
  readonly why: string;
  readonly waitSeconds?: number;
}

/** How the run paced its requests, for conformance.json and the console: the pace and why. */
export interface Pacing {
  readonly source: Pace['source'];
  /** Requests per second over the whole run: the median of the paces its tests ended with. */
  readonly rps: number;
  /** The slowest pace it followed (an announced budget running low slows the run; 0 = waited for a reset). */
  readonly slowestRps: number;
  readonly fastestRps: number;
  readonly why: string;
}

const PRIORITY: readonly Pace['source'][] = ['announced', 'setting', 'default'];

/** From the pace each test ended with: the most telling source (an announced budget first), its median. */
export function summarizePacing(paces: readonly Pace[]): Pacing | undefined {
  for (const source of PRIORITY) {
    const of = paces.filter((pace) => pace.source === source).sort((a, b) => a.rps - b.rps);
    if (of.length === 0) continue;
    const median = of[Math.floor((of.length - 1) / 2)]!;
    return {
      source,
      rps: round(median.rps),
      slowestRps: round(of[0]!.rps),
      fastestRps: round(of.at(-1)!.rps),
      why: median.why,
    };
  }
  return undefined;
}

export function describePacing(pacing: Pacing | undefined): string {
  if (!pacing) return 'Pacing: no request was sent.';
  const range =
    pacing.slowestRps < pacing.fastestRps ? ` (from ${pacing.slowestRps} to ${pacing.fastestRps})` : '';
  return `Paced at ${pacing.rps} requests/s${range}, ${pacing.source}: ${pacing.why}.`;
}

function round(rps: number): number {
  return Math.round(rps * 100) / 100;
}
