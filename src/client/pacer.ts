import { paceFor, readRateLimit, type Pace, type PaceSettings, type RateBudget } from './rate-budget';
import { learnedWindow, NOTHING_LEARNED, observeWindow, type WindowLearning } from './window-learner';

/**
 * Spaces one worker's requests. A fixed pacer keeps `intervalMs`; a budget pacer starts at the
 * settings' pace and, from each response that announces a rate limit, takes its share (1/workers) of
 * a pace that uses at most half of the announced budget (rate-budget.ts). When the budget has neither
 * a reset nor a window, it learns the window from `Remaining` (window-learner.ts).
 */
export class Pacer {
  private lastAt = Number.NEGATIVE_INFINITY;
  private notBefore = 0;
  private currentPace: Pace | undefined;
  private learning: WindowLearning = NOTHING_LEARNED;

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
    const now = this.now();
    const { budget, notUnderstood } = readRateLimit(headers, now / 1000);
    if (!budget) {
      // Headers the suite cannot read are said, unless a budget it could read is being followed.
      if (notUnderstood.length > 0 && this.currentPace?.source !== 'announced') {
        this.currentPace = paceFor(undefined, this.settings, notUnderstood);
      }
      return;
    }
    this.currentPace = paceFor(this.withLearnedWindow(budget, now), this.settings, notUnderstood);
    if (this.currentPace.waitSeconds !== undefined) {
      this.notBefore = Math.max(this.notBefore, now + this.currentPace.waitSeconds * 1000);
    }
  }

  private withLearnedWindow(budget: RateBudget, now: number): RateBudget {
    if (budget.resetSeconds !== undefined || budget.windowSeconds !== undefined) return budget;
    this.learning = observeWindow(this.learning, {
      atMs: now,
      remaining: budget.remaining,
      limit: budget.limit,
    });
    const learned = learnedWindow(this.learning, now);
    return learned
      ? {
          ...budget,
          resetSeconds: learned.secondsToReset,
          windowSeconds: learned.seconds,
          learned: { seconds: learned.seconds, resets: learned.resets },
        }
      : budget;
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
