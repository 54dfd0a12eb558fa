import type { Footprint, Timeline } from './footprint';
import type { Background, Machine } from './machine';
import type { CommandRun } from './run';
import type { LoadResult } from './sandbox';
import type { AnnouncedPacing } from './loopback';
import { loopbackSection, loopbackSummaryRows, type LoopbackResults } from './report-loopback';
import { rateLimitSection, rateLimitSummaryRows } from './report-rate-limits';
import { formatSummary, summarize, type Summary } from './stats';

export interface VariantTiming {
  readonly name: string;
  readonly kind: 'correct' | 'faulty';
  readonly durationsMs: number[];
  tests: number;
}

export type SelftestResult =
  | { readonly available: false; readonly reason: string }
  | {
      readonly available: true;
      readonly runs: readonly CommandRun[];
      readonly exitCodes: readonly (number | null)[];
      /** The self-test's own figure: wall time of its child Playwright run over every variant. */
      readonly innerWallMs: readonly number[];
      readonly variants: readonly VariantTiming[];
    };

export interface Results {
  readonly machine: Machine;
  readonly background: Record<'before' | 'beforeSelftest' | 'beforeSandbox' | 'after', Background>;
  readonly options: { runs: number; loadSeconds: number; loadRuns: number; connections: number };
  readonly verdict: {
    readonly floor: readonly CommandRun[];
    /** `npm exec playwright test`: the suite's Playwright run without the `npm run conformance` CLI around it. */
    readonly direct: readonly CommandRun[];
    readonly conformance: readonly CommandRun[];
    readonly conformanceSummary: string;
    readonly exitCodes: readonly (number | null)[];
    readonly createdPerRun: readonly number[];
  };
  readonly profile: Record<string, number[]>;
  readonly timelines: { floor?: Timeline & { wallMs: number }; conformance?: Timeline & { wallMs: number } };
  readonly footprint:
    | (Footprint & {
        readonly exitCode: number | null;
        /** The `footprint` of reports/conformance.json after each timed run, where the suite writes one. */
        readonly reportedFootprints: readonly unknown[];
      })
    | { readonly error: string };
  readonly selftest: SelftestResult;
  /** Issue 13: failing vs passing tenant, announced budget, `npm test` quiet and busy. */
  readonly loopback?: LoopbackResults;
  /** Issue 22: a tenant announcing its budget in each common dialect, and one announcing no window. */
  readonly rateLimits?: readonly AnnouncedPacing[];
  readonly sandbox:
    | {
        readonly probes: Record<'tenant' | 'prism', { status: number; body: string }>;
        readonly tenant: readonly LoadResult[];
        readonly prism: readonly LoadResult[];
        readonly ratio: number;
        /** The most conferences one tenant process held at the end of a run. */
        readonly tenantCreates: number;
      }
    | { readonly error: string };
}

const TARGETS = { verdictRatio: 2, selftestSeconds: 30, sandboxRatio: 5 };
const seconds = (summary: Summary) => formatSummary(summary, 's', 2, 1000);
const met = (ok: boolean) => (ok ? '**met**' : '**MISSED**');
/** What the CLI costs or saves against Playwright run directly: it starts Playwright early and caches its bundles. */
const cliEffect = (ms: number) => `${ms >= 0 ? 'adds' : 'saves'} ${(Math.abs(ms) / 1000).toFixed(2)} s`;

export function renderResults(results: Results): string {
  const { verdict, machine } = results;
  const floor = summarize(verdict.floor.map((run) => run.wallMs));
  const conformance = summarize(verdict.conformance.map((run) => run.wallMs));
  const verdictRatio = conformance.median / floor.median;
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);

  push(
    '# Benchmarks',
    '',
    `Measured by \`npm run bench\` on ${machine.date.slice(0, 16).replace('T', ' ')} UTC. Medians, with min–max and`,
    'the number of runs. The machine is shared and noisy: read the ratios, which compare runs made side by side.',
    '',
    '## Summary',
    '',
    '| figure | result | target |',
    '| --- | --- | --- |',
    `| time to verdict (\`npm run conformance\`, reference tenant) | ${seconds(conformance)} | |`,
    `| empty Playwright run (the floor) | ${seconds(floor)} | |`,
    `| the suite's Playwright run alone (\`npm exec playwright test\`) | ${seconds(summarize(verdict.direct.map((run) => run.wallMs)))} | |`,
    `| verdict / floor | ${verdictRatio.toFixed(2)}x | ≤ ${TARGETS.verdictRatio}x: ${met(verdictRatio <= TARGETS.verdictRatio)} |`,
    selftestSummaryRow(results.selftest),
    ...loopbackSummaryRows(results.loopback ?? {}),
    ...rateLimitSummaryRows(results.rateLimits ?? []),
    ...footprintSummaryRows(results.footprint),
    ...sandboxSummaryRows(results.sandbox),
    '',
  );

  push(...machineSection(results));
  push(...verdictSection(results, floor, conformance, verdictRatio));
  push(...selftestSection(results.selftest));
  push(...loopbackSection(results.loopback ?? {}));
  push(...rateLimitSection(results.rateLimits ?? []));
  push(...footprintSection(results.footprint, verdict.createdPerRun));
  push(...sandboxSection(results));
  return `${lines.join('\n')}\n`;
}

function machineSection({ machine, background, options }: Results): string[] {
  const samples: [string, Background][] = [
    ['before the verdict runs', background.before],
    ['before the self-test', background.beforeSelftest],
    ['before the load test', background.beforeSandbox],
    ['after the end', background.after],
  ];
  const busiest = (b: Background) => (b.busiest.length > 0 ? b.busiest.join(', ') : 'nothing above 5%');
  const heavy = samples.some(([, b]) => b.busyPercent >= 25);
  return [
    '## Machine',
    '',
    `- CPU: ${machine.cpu}, ${machine.cores} cores; memory ${machine.memoryGiB.toFixed(1)} GiB; ${machine.os}`,
    `- Node ${machine.node}, npm ${machine.npm}, ${Object.entries(machine.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}`,
    '- Other processes, sampled for one second while the bench itself was idle (load average 1, 5, 15 min;',
    '  CPU busy over both cores; the busiest processes):',
    ...samples.map(
      ([when, b]) =>
        `  - ${when} (${b.at.slice(11, 19)} UTC): load ${b.load}; ${b.busyPercent.toFixed(0)}% busy; ${busiest(b)}`,
    ),
    heavy
      ? '- **Other heavy processes were running** during this bench: absolute times are inflated and noisy; the ratios,\n  measured side by side and interleaved, hold better.'
      : '- The machine was otherwise quiet at every sample.',
    `- Settings: up to ${options.runs} verdict runs (fewer if long), load ${options.loadRuns} x ${options.loadSeconds} s per server with ${options.connections} connections.`,
    '',
  ];
}

function verdictSection(results: Results, floor: Summary, conformance: Summary, ratio: number): string[] {
  const { verdict, profile } = results;
  const direct = summarize(verdict.direct.map((run) => run.wallMs));
  const failedRuns = verdict.exitCodes.filter((code) => code !== 0).length;
  const lines = [
    '## Time to verdict',
    '',
    'Wall time from spawning each command to its exit, against the bundled reference tenant (started by global',
    'setup on a free port). The floor is `npm exec -- playwright test -c bench/floor/playwright.config.ts`: the same',
    'reporters (list, junit, html) and workers, one trivial test, no global setup. Between them, the suite run by',
    'Playwright directly (`npm exec -- playwright test`), which shows what the `npm run conformance` CLI adds',
    '(a preload that starts Playwright at once, held until the CLI (built by esbuild) has checked the config; a code cache for',
    "Playwright's own bundles in its runner and workers; then the verdict). Runs interleave.",
    '',
    `| run | ${verdict.conformance.map((_, i) => i + 1).join(' | ')} |`,
    `| --- | ${verdict.conformance.map(() => '---').join(' | ')} |`,
    `| floor (s) | ${verdict.floor.map((run) => (run.wallMs / 1000).toFixed(2)).join(' | ')} |`,
    `| playwright test (s) | ${verdict.direct.map((run) => (run.wallMs / 1000).toFixed(2)).join(' | ')} |`,
    `| npm run conformance (s) | ${verdict.conformance.map((run) => (run.wallMs / 1000).toFixed(2)).join(' | ')} |`,
    `| load avg (1 min) | ${verdict.conformance.map((run) => run.load1.toFixed(2)).join(' | ')} |`,
    '',
    `The last \`npm run conformance\`: ${verdict.conformanceSummary}${failedRuns > 0 ? ` (${failedRuns} of ${verdict.exitCodes.length} runs exited non-zero)` : ''}.`,
    `Ratio ${ratio.toFixed(2)}x (target ≤ ${TARGETS.verdictRatio}x): ${met(ratio <= TARGETS.verdictRatio)}; ` +
      `\`npm run conformance\` costs ${((conformance.median - floor.median) / 1000).toFixed(2)} s above the floor; against the suite ` +
      `run by Playwright directly, the CLI ${cliEffect(conformance.median - direct.median)} (suite alone: ${(direct.median / floor.median).toFixed(2)}x the floor).`,
    '',
    '### Where the time goes',
    '',
    'The start-up steps of the suite, each timed in a fresh process (`bench/profile-startup.ts`, 3 runs):',
    '',
    '| step | median ms (min–max) |',
    '| --- | --- |',
    ...Object.entries(profile).map(([step, values]) => {
      const s = summarize(values);
      return `| ${step} | ${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)}) |`;
    }),
  ];
  const { floor: f, conformance: c } = results.timelines;
  if (f && c) {
    const ms = (value: number) => (value / 1000).toFixed(2);
    lines.push(
      '',
      "One more `npm exec -- playwright test` of each with only the JSON reporter (no html/junit), split by the report's own clock:",
      '',
      '| phase (s) | floor | suite |',
      '| --- | --- | --- |',
      `| outside Playwright's clock: npm, node, loading the config | ${ms(f.wallMs - f.playwrightMs)} | ${ms(c.wallMs - c.playwrightMs)} |`,
      `| before the first test: listing test files, global setup, starting workers, fixtures | ${ms(f.beforeFirstTestMs)} | ${ms(c.beforeFirstTestMs)} |`,
      `| first test start to last test end | ${ms(f.testsMs)} | ${ms(c.testsMs)} |`,
      `| after the last test: teardown, reporters | ${ms(f.afterLastTestMs)} | ${ms(c.afterLastTestMs)} |`,
      `| wall | ${ms(f.wallMs)} | ${ms(c.wallMs)} |`,
      `| worker processes / summed test time | ${f.workers} / ${ms(f.testTimeMs)} | ${c.workers} / ${ms(c.testTimeMs)} |`,
    );
  }
  if (!('error' in results.footprint)) {
    lines.push('', `Slowest tests: ${slowest(results.footprint.tests)}.`);
  }
  lines.push('');
  return lines;
}

function slowest(tests: readonly { key: string; durationMs: number }[]): string {
  return [...tests]
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 3)
    .map((test) => `"${test.key}" ${(test.durationMs / 1000).toFixed(2)} s`)
    .join(', ');
}

function selftestSummaryRow(selftest: SelftestResult): string {
  if (!selftest.available)
    return `| self-test (\`npm run selftest\`) | not available: ${selftest.reason} | < ${TARGETS.selftestSeconds} s |`;
  const wall = summarize(selftest.runs.map((run) => run.wallMs));
  return `| self-test (\`npm run selftest\`) | ${seconds(wall)} | < ${TARGETS.selftestSeconds} s: ${met(wall.median < TARGETS.selftestSeconds * 1000)} |`;
}

function selftestSection(selftest: SelftestResult): string[] {
  const lines = ['## Self-test time', ''];
  if (!selftest.available) {
    lines.push(
      `Not available: ${selftest.reason}. \`npm run bench\` times \`npm run selftest\` once it exists.`,
      '',
    );
    return lines;
  }
  const wall = summarize(selftest.runs.map((run) => run.wallMs));
  const failed = selftest.exitCodes.filter((code) => code !== 0).length;
  lines.push(
    `Wall time of \`npm run selftest\`: ${seconds(wall)} (target < ${TARGETS.selftestSeconds} s: ${met(wall.median < TARGETS.selftestSeconds * 1000)}).`,
    selftest.innerWallMs.length > 0
      ? `Of that, its one child Playwright run over every variant (its own figure in reports/selftest/kill-table.json): ${seconds(summarize(selftest.innerWallMs))}.`
      : 'reports/selftest/kill-table.json gave no timing.',
    failed > 0
      ? `${failed} of ${selftest.runs.length} runs exited non-zero: the self-test reported failures (reports/selftest/kill-table.md); the time still counts.`
      : 'Every run passed.',
    '',
  );
  if (selftest.variants.length > 0) {
    lines.push(
      'Per variant: the summed duration of its tests inside that one run (variants run in parallel, two workers,',
      'so these add up to more than the wall time).',
      '',
      '| variant | kind | tests | median ms (min–max) |',
      '| --- | --- | --- | --- |',
      ...[...selftest.variants]
        .sort((a, b) => summarize(b.durationsMs).median - summarize(a.durationsMs).median)
        .map((variant) => {
          const s = summarize(variant.durationsMs);
          return `| ${variant.name} | ${variant.kind} | ${variant.tests} | ${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)}) |`;
        }),
      '',
    );
  } else lines.push('Per-variant timing: not available in reports/selftest/.', '');
  return lines;
}

function footprintSummaryRows(footprint: Results['footprint']): string[] {
  if ('error' in footprint) return ['| footprint per conformance run | not available | |'];
  const rows = footprint.groups.slice(-4);
  return rows.map(
    (row) =>
      `| footprint, ${row.label.replace(/\*\*/g, '')} | ${row.tests} tests, ${row.requests} requests, ${row.created} conferences created | |`,
  );
}

function footprintSection(footprint: Results['footprint'], createdPerRun: readonly number[]): string[] {
  const lines = ['## Footprint per conformance run', ''];
  if ('error' in footprint) {
    lines.push(`Not available: ${footprint.error}`, '');
    return lines;
  }
  lines.push(
    "From one extra run with `--reporter=json`: each test's `conformance-stats` attachment (requests it sent,",
    "429s it got, time it waited) and `spec` annotation (the response it expects), and the run's lines in",
    '`created.jsonl`. A test counts as accepted when its `spec` annotation points at a 2xx response, as a',
    'rate-limit probe at 429, as rejected at any other 4xx/5xx. The burst test sends through the client directly,',
    'so its count comes from its `burst` annotation. A test whose `spec` annotation names a schema location instead',
    '(the generated boundary cases) is grouped by the final status it got ("answered"): against the reference',
    'tenant a passing test got the status it expects.',
    '',
    '| group | tests | check ids | requests | 429s | waited (s) | conferences created |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...footprint.groups.map(
      (row) =>
        `| ${row.label} | ${row.tests} | ${row.cases} | ${row.requests} | ${row.rateLimited} | ${(row.waitedMs / 1000).toFixed(1)} | ${row.created} |`,
    ),
    '',
  );
  const notes: string[] = [];
  if (footprint.exitCode !== 0)
    notes.push(`the footprint run exited ${footprint.exitCode} (some tests failed)`);
  if (footprint.withoutStats > 0)
    notes.push(
      `${footprint.withoutStats} tests had neither conformance-stats nor a burst count (skipped, or sent nothing)`,
    );
  if (footprint.unattributedCreated > 0)
    notes.push(`${footprint.unattributedCreated} created conferences matched no test title`);
  if (createdPerRun.length > 0)
    notes.push(`the timed runs created ${createdPerRun.join(', ')} conferences each`);
  lines.push(`Notes: ${notes.join('; ')}.`, '');
  if (footprint.reportedFootprints.length > 0) {
    lines.push(
      "The `footprint` section of `reports/conformance.json` (the suite's own report) after each timed run:",
      '',
      ...footprint.reportedFootprints.map((reported) => `- \`${JSON.stringify(reported)}\``),
      '',
    );
  }
  return lines;
}

function sandboxSummaryRows(sandbox: Results['sandbox']): string[] {
  if ('error' in sandbox) return ['| reference tenant vs Prism | not available | ≥ 5x |'];
  const tenant = summarize(sandbox.tenant.map((r) => r.requestsPerSecond));
  const prism = summarize(sandbox.prism.map((r) => r.requestsPerSecond));
  return [
    `| reference tenant, valid creates | ${formatSummary(tenant, 'req/s', 0)} | |`,
    `| Prism mock (fixed spec), same load | ${formatSummary(prism, 'req/s', 0)} | |`,
    `| tenant / Prism | ${sandbox.ratio.toFixed(1)}x | ≥ ${TARGETS.sandboxRatio}x: ${met(sandbox.ratio >= TARGETS.sandboxRatio)} |`,
  ];
}

function sandboxSection({ sandbox, options }: Results): string[] {
  const lines = ['## The reference tenant as a sandbox, beside Prism', ''];
  if ('error' in sandbox) {
    lines.push(`Not available: ${sandbox.error}`, '');
    return lines;
  }
  const row = (name: string, runs: readonly LoadResult[]) => {
    const rps = summarize(runs.map((r) => r.requestsPerSecond));
    const p = (pick: (r: LoadResult) => number) => summarize(runs.map(pick)).median;
    const non2xx = runs.reduce((total, r) => total + r.non2xx, 0);
    const errors = runs.reduce((total, r) => total + r.errors + r.timeouts, 0);
    const ok = runs.reduce((total, r) => total + r.ok, 0);
    return `| ${name} | ${formatSummary(rps, '', 0)} | ${p((r) => r.p50)} | ${p((r) => r.p975)} | ${p((r) => r.p99)} | ${ok} | ${non2xx} | ${errors} |`;
  };
  lines.push(
    `POST /online_conferences with a valid body, every request a fresh \`public_id\`, both key headers; autocannon`,
    `${options.connections} keep-alive connections, ${options.loadRuns} runs x ${options.loadSeconds} s per server, servers alternating.`,
    'Each server runs in its own process on 127.0.0.1; autocannon runs in the bench process, so load generator',
    'and server each have a core (the fairer split on 2 cores than sharing one event loop). The tenant is',
    '`npm run tenant -- --no-rate-limit` (i.e. `createReferenceTenant({ rateLimit: null })`), started fresh for each',
    'run and warmed for 1 s, as a sandbox starts for a session; Prism is `prism mock -v silent` on the fixed spec',
    '(`npm run spec:fixed`), one process warmed for 2 s, logging off so it is not charged for its logs.',
    `Before load a valid create got ${sandbox.probes.tenant.status} from the tenant and ${sandbox.probes.prism.status} from Prism (which validates the body and the security headers).`,
    '',
    '| server | req/s median (min–max, runs) | p50 ms | p97.5 ms | p99 ms | 2xx | non-2xx | errors + timeouts |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    row('reference tenant', sandbox.tenant),
    row('Prism 5 mock, fixed spec', sandbox.prism),
    '',
    `Ratio of medians: ${sandbox.ratio.toFixed(1)}x (target ≥ ${TARGETS.sandboxRatio}x: ${met(sandbox.ratio >= TARGETS.sandboxRatio)}). Latencies are autocannon's, whole milliseconds`,
    '(0 means under 1 ms), medians over runs. The tenant figure is a lower bound: on 2 cores autocannon itself',
    'needs most of one.',
    sandbox.tenantCreates > 100_000
      ? `**A tenant process went past its 100,000-conference cap** (${sandbox.tenantCreates} creates), where each create also evicts the oldest conference, a path that slows down as it goes: the figure above mixes both regimes.`
      : `Every tenant run stayed under the tenant's 100,000-conference cap (at most ${sandbox.tenantCreates} creates per process); past the cap each create also evicts the oldest conference, a slower path not measured here.`,
    '',
  );
  return lines;
}
