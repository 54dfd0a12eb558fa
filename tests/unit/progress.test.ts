import { expect, test } from '@playwright/test';
import { duration, progressLine, shouldPrint } from '../../src/playwright/progress';

test('a paced run: done/total, elapsed and the time left, extrapolated', () => {
  expect(progressLine(20, 100, 25_000, true)).toBe(
    'Progress: 20/100 tests · 25 s elapsed · about 1 min 40 s left',
  );
  expect(progressLine(100, 100, 125_000, true)).toBe('Progress: 100/100 tests · 2 min 5 s elapsed');
});

test('an unpaced run: no estimate', () => {
  expect(progressLine(5, 10, 1000, false)).toBe('Progress: 5/10 tests · 1 s elapsed');
});

test('a line every tenth of the run, every 30 s, and at the end; not after every test', () => {
  const printed = Array.from({ length: 95 }, (_, i) => i + 1).filter((done) => shouldPrint(done, 95, 11_000));
  expect(printed).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 95]);
  expect(shouldPrint(3, 95, 31_000)).toBe(true);
  expect(duration(3 * 3600_000 + 60_000)).toBe('3 h 1 min');
});

test('at most one line per 10 s, and none in a run under 10 s', () => {
  // Within 10 s of the start (or the last line), nothing: not at a tenth, not even at the end.
  const quiet = Array.from({ length: 95 }, (_, i) => i + 1).filter((done) => shouldPrint(done, 95, 9_999));
  expect(quiet).toEqual([]);
  expect(shouldPrint(95, 95, 10_000)).toBe(true);
});
