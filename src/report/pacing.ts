/** A pace as the client records it per test (structurally the client's `Pace`; the report layer imports no client). */
export interface Pace {
  readonly rps: number;
  readonly source: 'announced' | 'default' | 'setting';
  readonly why: string;
  readonly waitSeconds?: number;
  readonly learned?: string;
  readonly notUnderstood?: readonly string[];
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
  /** The latest window learned from observed resets, when the tenant announced none. */
  readonly learned?: string;
  /** Rate-limit headers the tenant sent that the suite could not read, over the whole run. */
  readonly notUnderstood?: readonly string[];
}

const PRIORITY: readonly Pace['source'][] = ['announced', 'setting', 'default'];

/** From the pace each test ended with: the most telling source (an announced budget first), its median. */
export function summarizePacing(paces: readonly Pace[]): Pacing | undefined {
  // Said whatever the median pace is: an early test may not have seen it, a late one may have.
  const learned = paces.findLast((pace) => pace.learned)?.learned;
  const notUnderstood = [...new Set(paces.flatMap((pace) => pace.notUnderstood ?? []))].sort();
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
      ...(learned ? { learned } : {}),
      ...(notUnderstood.length > 0 ? { notUnderstood } : {}),
    };
  }
  return undefined;
}

export function describePacing(pacing: Pacing | undefined): string {
  if (!pacing) return 'Pacing: no request was sent.';
  const range =
    pacing.slowestRps < pacing.fastestRps ? ` (from ${pacing.slowestRps} to ${pacing.fastestRps})` : '';
  const learned =
    pacing.learned && !pacing.why.includes(pacing.learned) ? ` Rate limit ${pacing.learned}.` : '';
  const unread = pacing.notUnderstood?.length
    ? ` Rate-limit headers not understood: ${pacing.notUnderstood.join(', ')}.`
    : '';
  const named = unread && pacing.notUnderstood!.every((name) => pacing.why.includes(name)) ? '' : unread;
  return `Paced at ${pacing.rps} requests/s${range}, ${pacing.source}: ${pacing.why}.${learned}${named}`;
}

function round(rps: number): number {
  return Math.round(rps * 100) / 100;
}
