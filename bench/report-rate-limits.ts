import type { AnnouncedPacing } from './loopback';

/**
 * Issue 22's figures of bench/results.md: time to verdict against a tenant announcing its budget in each
 * common dialect, against its pacing floor (the requests at half the budget), and the 429s provoked.
 */
export const RATE_LIMIT_TARGETS = { announcedRatio: 1.3, learnedRatio: 1.5, throttled: 0 };
const met = (ok: boolean) => (ok ? '**met**' : '**MISSED**');

export const ratioOf = (run: AnnouncedPacing): number => run.run.wallMs / 1000 / run.floorSeconds;
const learnedRatioOf = (run: AnnouncedPacing): number | undefined =>
  run.afterSecondReset ? run.afterSecondReset.seconds / run.afterSecondReset.floorSeconds : undefined;

export function rateLimitSummaryRows(runs: readonly AnnouncedPacing[]): string[] {
  const announced = runs.filter((run) => !run.unannounced);
  const learned = runs.filter((run) => run.unannounced);
  const rows: string[] = [];
  if (announced.length > 0) {
    const worst = announced.reduce((a, b) => (ratioOf(b) > ratioOf(a) ? b : a));
    const throttled = announced.reduce((sum, run) => sum + run.throttled, 0);
    rows.push(
      `| rate-limit dialects (${announced.length}), each announcing ${worst.limit} per ${worst.windowSeconds} s: the slowest time to verdict / its pacing floor | ` +
        `${ratioOf(worst).toFixed(2)}x (${worst.dialect}) | ≤ ${RATE_LIMIT_TARGETS.announcedRatio}x: ${met(announced.every((run) => ratioOf(run) <= RATE_LIMIT_TARGETS.announcedRatio))} |`,
      `| same runs: 429s provoked | ${throttled} | 0: ${met(throttled === RATE_LIMIT_TARGETS.throttled)} |`,
    );
  }
  for (const run of learned) {
    const after = learnedRatioOf(run);
    rows.push(
      `| learned window (${run.dialect}, ${run.windowSeconds} s, no reset announced): after the window is learned, time / floor | ` +
        `${after === undefined ? 'not learned (fewer than two resets)' : `${after.toFixed(2)}x`} | ≤ ${RATE_LIMIT_TARGETS.learnedRatio}x: ` +
        `${met(after !== undefined && after <= RATE_LIMIT_TARGETS.learnedRatio && run.throttled === 0)} |`,
      `| same run, whole: time to verdict / pacing floor; 429s | ${ratioOf(run).toFixed(2)}x; ${run.throttled} | |`,
    );
  }
  return rows;
}

export function rateLimitSection(runs: readonly AnnouncedPacing[]): string[] {
  if (runs.length === 0) return [];
  const first = runs[0]!;
  const perSecond = first.limit / 2 / first.windowSeconds;
  return [
    '## Rate-limit dialects',
    '',
    `\`npm run conformance\` against a loopback tenant (\`bench/tenants.ts\`) that allows ${first.limit} requests per fixed`,
    `${first.windowSeconds} s window for all callers, announces it in one dialect (\`bench/dialects.ts\`) and answers 429 past it,`,
    'with the default settings of a configured tenant (no `MEETBIT_MAX_RPS`, one worker) and the remote fuzz',
    `budget (\`MEETBIT_FUZZ_REQUESTS=20\`). The pacing floor is the requests the tenant got at half its budget,`,
    `${perSecond} per second (limit / 2 per window): the fastest the suite's own rule allows. One run each, in turn.`,
    '`npm run bench -- --only=rate-limits` runs this section alone (written to `bench/tmp/rate-limits.md`).',
    '',
    '| dialect | sent by | time to verdict (s) | requests | floor (s) | ratio | 429s | most in one window | exit |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...runs.map(
      (run) =>
        `| ${run.dialect} | ${run.sentBy} | ${(run.run.wallMs / 1000).toFixed(2)} | ${run.requests} | ` +
        `${run.floorSeconds.toFixed(1)} | ${ratioOf(run).toFixed(2)}x | ${run.throttled} | ${run.mostUsedInAWindow} of ${run.limit} | ` +
        `${run.run.exitCode} (${run.run.verdict ?? 'no verdict'}) |`,
    ),
    '',
    ...runs.flatMap((run) => {
      const after = run.afterSecondReset;
      return [
        `- ${run.dialect}: ${
          run.run.pacing
            ? `\`pacing\` ${run.run.pacing.source}, ${run.run.pacing.rps} requests/s (from ${run.run.pacing.slowestRps} to ` +
              `${run.run.pacing.fastestRps}): ${run.run.pacing.why}` +
              (run.run.pacing.learned && !run.run.pacing.why.includes(run.run.pacing.learned)
                ? `; ${run.run.pacing.learned}`
                : '') +
              (run.run.pacing.notUnderstood?.length
                ? `; not understood: ${run.run.pacing.notUnderstood.join(', ')}`
                : '')
            : 'conformance.json has no `pacing`'
        }.` +
          (after
            ? ` After the tenant's second reset (when the suite can first have learned the window): ${after.requests} ` +
              `requests in ${after.seconds.toFixed(1)} s, floor ${after.floorSeconds.toFixed(1)} s, ${(after.seconds / after.floorSeconds).toFixed(2)}x.`
            : ''),
      ];
    }),
    '',
  ];
}
