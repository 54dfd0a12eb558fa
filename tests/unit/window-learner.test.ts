import { expect, test } from '@playwright/test';
import { Pacer } from '../../src/client/pacer';
import {
  learnedWindow,
  NOTHING_LEARNED,
  observeWindow,
  type WindowLearning,
  type WindowObservation,
} from '../../src/client/window-learner';

const START = 1_796_284_434_000; // ms

/** Feeds observations (seconds after START, remaining) of a limit of 120 to a fresh learner. */
function learn(points: readonly (readonly [number, number])[], limit = 120): WindowLearning {
  return points.reduce<WindowLearning>(
    (state, [seconds, remaining]) => observeWindow(state, { atMs: START + seconds * 1000, remaining, limit }),
    NOTHING_LEARNED,
  );
}

/** A Laravel-style fixed window (it starts at the first request after the last one expired). */
function fixedWindow(limit: number, windowMs: number) {
  let start = Number.NEGATIVE_INFINITY;
  let used = 0;
  let mostUsed = 0;
  return {
    hit(atMs: number, others = 0): number {
      if (atMs - start >= windowMs) {
        start = atMs;
        used = 0;
      }
      used = Math.min(limit, used + 1 + others);
      mostUsed = Math.max(mostUsed, used);
      return limit - used;
    },
    mostUsed: () => mostUsed,
  };
}

test.describe('learning a window nobody announced', () => {
  test('Remaining jumping back up twice: the window between the jumps', () => {
    const tenant = fixedWindow(120, 10_000);
    const points: [number, number][] = [];
    for (let s = 0; s <= 25; s++) points.push([s, tenant.hit(START + s * 1000)]);
    const state = learn(points);
    expect(state.resetsAtMs.map((at) => (at - START) / 1000)).toEqual([10, 20]);
    expect(learnedWindow(state, START + 25_000)).toEqual({ seconds: 10, resets: 2, secondsToReset: 5 });
  });

  test('one reset teaches nothing yet', () => {
    const state = learn([
      [0, 119],
      [1, 118],
      [2, 117],
      [10, 119],
      [11, 118],
    ]);
    expect(state.resetsAtMs).toHaveLength(1);
    expect(learnedWindow(state, START + 12_000)).toBeUndefined();
  });

  test('no false learning from a drop: others taking a large part of the budget is no reset', () => {
    const state = learn([
      [0, 119],
      [1, 118],
      [2, 80],
      [3, 79],
      [4, 40],
      [5, 39],
    ]);
    expect(state.resetsAtMs).toEqual([]);
  });

  test('a rise of one (a racing counter) is no reset', () => {
    const state = learn([
      [0, 100],
      [1, 101],
      [2, 100],
      [3, 101],
      [4, 100],
      [5, 101],
    ]);
    expect(state.resetsAtMs).toEqual([]);
  });

  test('other clients consuming the budget: resets are still seen, the window still learned', () => {
    const tenant = fixedWindow(120, 10_000);
    const points: [number, number][] = [];
    for (let s = 0; s <= 30; s++) points.push([s, tenant.hit(START + s * 1000, 3)]);
    const learned = learnedWindow(learn(points), START + 30_000);
    expect(learned).toMatchObject({ seconds: 10 });
  });

  test('a quiet spell across a window makes the window look longer, never shorter; the median keeps to the window', () => {
    // Resets seen at 10, 20 (a 10 s gap), 45 (quiet from 21 to 45: a 25 s gap), 55 and 65.
    const state: WindowLearning = {
      resetsAtMs: [10, 20, 45, 55, 65].map((s) => START + s * 1000),
    };
    expect(learnedWindow(state, START + 66_000)).toMatchObject({ seconds: 10, resets: 5 });
    // Two gaps: the longer one, the slower pace.
    expect(
      learnedWindow({ resetsAtMs: [10, 20, 45].map((s) => START + s * 1000) }, START + 46_000),
    ).toMatchObject({ seconds: 25 });
  });

  test('the next reset is predicted a whole number of windows after the latest seen', () => {
    const state: WindowLearning = { resetsAtMs: [START, START + 10_000] };
    expect(learnedWindow(state, START + 13_000)?.secondsToReset).toBe(7);
    expect(learnedWindow(state, START + 34_000)?.secondsToReset).toBe(6);
  });

  test('another limit is another budget: what was learned is forgotten', () => {
    const learned: WindowLearning = {
      last: { atMs: START + 20_000, remaining: 100, limit: 120 },
      resetsAtMs: [START, START + 10_000],
    };
    const next: WindowObservation = { atMs: START + 21_000, remaining: 59, limit: 60 };
    expect(observeWindow(learned, next)).toEqual({ last: next, resetsAtMs: [] });
  });
});

test.describe('the pacer with a learned window', () => {
  /** A Laravel-style tenant, 120 per 10 s, one worker, requests taking 20 ms, on a simulated clock. */
  function simulate(requests: number) {
    let clock = START;
    const tenant = fixedWindow(120, 10_000);
    const pacer = Pacer.fromBudget({ baseRps: 0.8, explicit: false, workers: 1 }, () => clock);
    const paces: { at: number; rps: number; learned?: string }[] = [];
    for (let i = 0; i < requests; i++) {
      clock = Math.max(clock, pacer.reserve());
      const remaining = tenant.hit(clock);
      clock += 20;
      pacer.observe({ 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': String(remaining) });
      paces.push({
        at: clock - START,
        rps: pacer.pace!.rps,
        ...(pacer.pace!.learned ? { learned: pacer.pace!.learned } : {}),
      });
    }
    return { paces, elapsedMs: clock - START, mostUsed: tenant.mostUsed() };
  }

  test('before two resets: the assumed 60 s window; after: half the budget per learned window', () => {
    const { paces, mostUsed, elapsedMs } = simulate(300);
    expect(mostUsed).toBeLessThanOrEqual(60);
    const first = paces.findIndex((pace) => pace.learned);
    expect(first).toBeGreaterThan(0);
    expect(paces[first - 1]!.rps).toBeLessThan(1); // (119 - 61) / 60
    expect(paces[first]!.learned).toMatch(/^window learned: ~10(\.\d)? s from 2 resets$/);
    // Learned at most ~2 windows in (a window to the first reset, one more to the second).
    expect(paces[first]!.at).toBeLessThanOrEqual(21_000);
    // After learning, 300 requests at about 6 per second: far from the 60 s assumption's ~1.
    const afterMs = elapsedMs - paces[first]!.at;
    expect((300 - first) / (afterMs / 1000)).toBeGreaterThan(4.5);
  });

  test('..._no_false_positive: a tenant announcing nothing keeps the default pace', () => {
    let clock = START;
    const pacer = Pacer.fromBudget({ baseRps: 0.8, explicit: false, workers: 1 }, () => clock);
    const slots: number[] = [];
    for (let i = 0; i < 6; i++) {
      clock = pacer.reserve();
      slots.push(clock);
      pacer.observe({ 'content-type': 'application/json', 'retry-after': '1' });
    }
    expect(pacer.pace).toEqual({
      rps: 0.8,
      source: 'default',
      why: 'the tenant announced no rate limit; the default pace',
    });
    expect(slots.slice(1).map((at, i) => at - slots[i]!)).toEqual([1250, 1250, 1250, 1250, 1250]);
  });

  test('..._no_false_positive: Remaining that only falls teaches nothing; the 60 s assumption stays, and is said', () => {
    let clock = START;
    const pacer = Pacer.fromBudget({ baseRps: 0.8, explicit: false, workers: 1 }, () => clock);
    for (let remaining = 5000; remaining > 4900; remaining--) {
      clock = pacer.reserve();
      pacer.observe({ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': String(remaining) });
    }
    expect(pacer.pace?.learned).toBeUndefined();
    expect(pacer.pace?.why).toContain('window not announced (assumed 60 s until resets are seen)');
  });
});
