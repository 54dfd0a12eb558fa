import { paceFor, parseRateBudget, type Pace, type PaceSettings } from './rate-budget';

/**
 * Spaces one worker's requests. A fixed pacer keeps `intervalMs`; a budget pacer starts at the
 * settings' pace and, from each response that announces a rate limit, takes its share (1/workers) of
 * a pace that uses at most half of the announced budget (rate-budget.ts).
 */
export class Pacer {
  private lastAt = Number.NEGATIVE_INFINITY;
  private notBefore = 0;
  private currentPace: Pace | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly settings?: PaceSettings,
    private readonly now: () => number = Date.now,
  ) {
    if (settings) this.currentPace = paceFor(undefined, settings);
  }

  static fromBudget(settings: PaceSettings, now: () => number = Date.now): Pacer {
    return new Pacer(0, settings, now);
  }

  /** The whole run's pace this worker follows, and why; undefined for a fixed pacer. */
  get pace(): Pace | undefined {
    return this.currentPace;
  }

  async slot(): Promise<void> {
    const at = this.reserve();
    const now = this.now();
    if (at > now) await sleep(at - now);
  }

  /** Takes the next slot and returns when it is (clock time); `slot()` waits for it. */
  reserve(): number {
    const at = Math.max(this.now(), this.lastAt + this.interval(), this.notBefore);
    this.lastAt = at;
    return at;
  }

  /** Reads a response's rate-limit headers, if any; a response without them keeps the last pace. */
  observe(headers: Readonly<Record<string, string | undefined>>): void {
    if (!this.settings) return;
    const budget = parseRateBudget(headers, this.now() / 1000);
    if (!budget) return;
    this.currentPace = paceFor(budget, this.settings);
    if (this.currentPace.waitSeconds !== undefined) {
      this.notBefore = Math.max(this.notBefore, this.now() + this.currentPace.waitSeconds * 1000);
    }
  }

  private interval(): number {
    if (!this.settings || !this.currentPace) return this.intervalMs;
    if (this.currentPace.rps <= 0) return 0; // `notBefore` holds the wait
    return (1000 * Math.max(1, this.settings.workers)) / this.currentPace.rps;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
