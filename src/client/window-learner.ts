/**
 * Learns the length of a rate-limit window nobody announced (Laravel's throttle sends `X-RateLimit-Limit`
 * and `-Remaining` only), from what `Remaining` does across responses. Pure: the pacer keeps the state
 * and feeds it one observation per response.
 *
 * A window's reset shows as `Remaining` jumping back up. Between two resets lies one window, or several
 * when the suite was quiet across one (then the window is overestimated: a slower pace, never a faster
 * one). Other clients using the key only make `Remaining` fall faster, which is no reset. A rise of one
 * can be a racing counter, so a reset is a rise of at least two. Whatever is learned, the pace still
 * uses at most half of the budget: it spreads what remains above half the limit (rate-budget.ts), so a
 * window learned too short only bunches the requests of a window, it cannot exceed its half.
 */
export interface WindowObservation {
  /** Clock time of the response, in milliseconds. */
  readonly atMs: number;
  readonly remaining: number;
  readonly limit: number;
}

export interface WindowLearning {
  readonly last?: WindowObservation;
  /** When each reset was seen (ms), oldest first; only the latest few are kept. */
  readonly resetsAtMs: readonly number[];
}

export interface LearnedWindow {
  readonly seconds: number;
  /** Resets seen (the window comes from the gaps between them). */
  readonly resets: number;
  /** Until the next reset the learned window predicts, counted from the latest one seen. */
  readonly secondsToReset: number;
}

export const NOTHING_LEARNED: WindowLearning = { resetsAtMs: [] };

/** The smallest rise of `Remaining` taken for a reset (a rise of one can be a racing counter). */
export const RESET_RISE = 2;
const KEPT_RESETS = 5;

export function observeWindow(state: WindowLearning, observation: WindowObservation): WindowLearning {
  const { last } = state;
  // Another limit is another budget (another route, another plan): what was seen says nothing of it.
  if (!last || last.limit !== observation.limit || observation.atMs < last.atMs) {
    return { last: observation, resetsAtMs: last?.limit === observation.limit ? state.resetsAtMs : [] };
  }
  const reset = observation.remaining >= last.remaining + RESET_RISE;
  return {
    last: observation,
    resetsAtMs: reset ? [...state.resetsAtMs, observation.atMs].slice(-KEPT_RESETS) : state.resetsAtMs,
  };
}

/** After two resets: the window (the median gap, the longer middle one of an even count), and the next reset. */
export function learnedWindow(state: WindowLearning, nowMs: number): LearnedWindow | undefined {
  const resets = state.resetsAtMs;
  if (resets.length < 2) return undefined;
  const gaps = resets
    .slice(1)
    .map((at, i) => at - resets[i]!)
    .sort((a, b) => a - b);
  const windowMs = Math.max(1000, gaps[Math.floor(gaps.length / 2)]!);
  const latest = resets.at(-1)!;
  // A fixed window: the next reset is a whole number of windows after the latest one seen.
  const next = latest + (Math.floor(Math.max(0, nowMs - latest) / windowMs) + 1) * windowMs;
  return { seconds: windowMs / 1000, resets: resets.length, secondsToReset: (next - nowMs) / 1000 };
}
