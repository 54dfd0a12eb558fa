import type { AnnouncedPacing, FailingVsPassing, NpmTestRuns, VerdictRun } from './loopback';
import { formatSummary, summarize } from './stats';

/** The issue 13 figures of bench/results.md: summary rows and one section. */
export interface LoopbackResults {
  readonly failingVsPassing?: FailingVsPassing;
  readonly announced?: AnnouncedPacing;
  readonly npmTest?: NpmTestRuns | { readonly skipped: string };
}

export const LOOPBACK_TARGETS = {
  failingRatio: 1.5,
  announcedSeconds: 45,
  announced429s: 0,
  npmTestSeconds: 150,
};
const met = (ok: boolean) => (ok ? '**met**' : '**MISSED**');
const wall = (runs: readonly VerdictRun[]) => summarize(runs.map((run) => run.wallMs));
const seconds = (runs: readonly VerdictRun[]) => formatSummary(wall(runs), 's', 2, 1000);

export function failingRatio(results: FailingVsPassing): number {
  return wall(results.failing).median / wall(results.passing).median;
}

export function loopbackSummaryRows(results: LoopbackResults): string[] {
  const rows: string[] = [];
  const { failingVsPassing: fp, announced, npmTest } = results;
  if (fp) {
    const ratio = failingRatio(fp);
    rows.push(
      `| time to verdict, failing tenant (a defect in every 200 body), loopback | ${seconds(fp.failing)} | |`,
      `| time to verdict, passing tenant, loopback | ${seconds(fp.passing)} | |`,
      `| failing / passing | ${ratio.toFixed(2)}x | ≤ ${LOOPBACK_TARGETS.failingRatio}x: ${met(ratio <= LOOPBACK_TARGETS.failingRatio)} |`,
    );
  }
  if (announced) {
    const s = announced.run.wallMs / 1000;
    rows.push(
      `| default pacing, tenant announcing ${announced.limit} requests per ${announced.windowSeconds} s: time to verdict | ` +
        `${s.toFixed(2)} s (1 run) | ≤ ${LOOPBACK_TARGETS.announcedSeconds} s: ${met(s <= LOOPBACK_TARGETS.announcedSeconds)} |`,
      `| same run: 429s provoked; most requests in one window | ${announced.throttled}; ${announced.mostUsedInAWindow} of ` +
        `${announced.limit} | 0; ≤ half: ${met(announced.throttled === 0 && announced.mostUsedInAWindow <= announced.limit / 2)} |`,
    );
  }
  if (npmTest && 'skipped' in npmTest)
    rows.push(`| \`npm test\` wall time | not measured: ${npmTest.skipped} | |`);
  else if (npmTest) {
    const line = (run: NpmTestRuns['quiet']) =>
      `${(run.wallMs / 1000).toFixed(1)} s (1 run, ${run.summary}, exit ${run.exitCode})`;
    rows.push(
      // On its own, the target is a time as well as a pass: both are said.
      `| \`npm test\` wall time, on its own (the machine otherwise as it was) | ${line(npmTest.quiet)} | passes: ${met(npmTest.quiet.exitCode === 0)}; ` +
        `≤ ${LOOPBACK_TARGETS.npmTestSeconds} s: ${met(npmTest.quiet.wallMs <= LOOPBACK_TARGETS.npmTestSeconds * 1000)} |`,
      `| \`npm test\` wall time, two CPU-bound processes beside it | ${line(npmTest.busy)} | passes: ${met(npmTest.busy.exitCode === 0)} |`,
    );
  }
  return rows;
}

export function loopbackSection(results: LoopbackResults): string[] {
  const { failingVsPassing: fp, announced, npmTest } = results;
  if (!fp && !announced && !npmTest) return [];
  const lines = ['## Failing tenants, announced budgets, a busy machine', ''];
  if (fp) {
    lines.push(
      '`npm run conformance` against two loopback tenants served by the bench (`bench/tenants.ts`), interleaved, as a',
      'configured tenant with `MEETBIT_MAX_RPS=1000` and two workers: the reference tenant, and the same with `data.id`',
      'a string in every 200 body. A failed test keeps its worker (`src/playwright/kept-worker.ts`).',
      '',
      `| run | ${fp.passing.map((_, i) => i + 1).join(' | ')} |`,
      `| --- | ${fp.passing.map(() => '---').join(' | ')} |`,
      `| passing (s) | ${fp.passing.map((run) => (run.wallMs / 1000).toFixed(2)).join(' | ')} |`,
      `| failing (s) | ${fp.failing.map((run) => (run.wallMs / 1000).toFixed(2)).join(' | ')} |`,
      '',
      `Passing: ${fp.passing.at(-1)?.summary} (${fp.passing.at(-1)?.verdict ?? 'no verdict'}); failing: ` +
        `${fp.failing.at(-1)?.summary} (${fp.failing.at(-1)?.verdict ?? 'no verdict'}).`,
      '',
    );
  }
  if (announced) {
    const pacing = announced.run.pacing;
    lines.push(
      `A loopback tenant that allows ${announced.limit} requests per fixed ${announced.windowSeconds} s window and says so`,
      'in every response (`X-RateLimit-Limit`, `-Remaining`, `-Reset` as epoch seconds; 429 + `Retry-After` past it),',
      'run with the default settings of a configured tenant (no `MEETBIT_MAX_RPS`, one worker): ' +
        `${(announced.run.wallMs / 1000).toFixed(2)} s, ${announced.requests} requests, ${announced.throttled} answered 429, ` +
        `at most ${announced.mostUsedInAWindow} in one window; ${announced.run.summary}, exit ${announced.run.exitCode}.`,
      pacing
        ? `conformance.json: \`pacing\` ${pacing.source}, ${pacing.rps} requests/s (from ${pacing.slowestRps} to ${pacing.fastestRps}): ${pacing.why}.`
        : 'conformance.json has no `pacing`.',
      '',
    );
  }
  if (npmTest && !('skipped' in npmTest)) {
    lines.push(
      '`npm test` (type-check, lint, format check, every test project), once on its own and once beside two',
      "`node -e 'for(;;){}'` processes started and killed by the bench.",
      '',
    );
  }
  return lines;
}
