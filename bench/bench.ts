import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { JSONReport } from '@playwright/test/reporter';
import { footprintOf, timelineOf, type Timeline } from './footprint';
import { fuzzCostLine, fuzzCostOf } from './fuzz-cost';
import { outputExitLine } from './output-exit';
import { backgroundLoad, describeMachine } from './machine';
import { renderResults, type Results, type SelftestResult, type VariantTiming } from './report';
import { cleanEnv, runSummary, timeCommand, type CommandRun } from './run';
import { measureFailingVsPassing, measureNpmTest, measureRateLimitDialects } from './loopback';
import { rateLimitSection, rateLimitSummaryRows } from './report-rate-limits';
import { answersValidCreate, load, startPrism, startReferenceTenant, type LoadResult } from './sandbox';
import { runsWithin, summarize } from './stats';

/**
 * `npm run bench`: time to verdict, self-test time, footprint and the reference tenant against Prism,
 * measured on this machine and written to bench/results.md. Bounded: about 30 minutes in all on a 2-core
 * machine, two thirds of it the two `npm test` runs.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TMP = path.join(ROOT, 'bench/tmp');
const REPORTS = path.join(TMP, 'reports');
const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'selftest-runs': { type: 'string', default: '3' },
    'load-seconds': { type: 'string', default: '3' },
    'load-runs': { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    'loopback-runs': { type: 'string', default: '3' },
    /** For iteration: leaves out the longest figure, `npm test` quiet and busy (several minutes). */
    'skip-npm-test': { type: 'boolean', default: false },
    /** `rate-limits`: only the rate-limit dialects (issue 22), written to bench/tmp/rate-limits.md. */
    only: { type: 'string' },
    /** With --only=rate-limits: a comma-separated subset of bench/dialects.ts ids. */
    dialects: { type: 'string' },
    out: { type: 'string', default: 'bench/results.md' },
  },
});
const RUNS = Number(options.runs);
const LOAD_SECONDS = Number(options['load-seconds']);
const LOAD_RUNS = Number(options['load-runs']);
const CONNECTIONS = Number(options.connections);
const MINUTE = 60_000;

process.chdir(ROOT);
rmSync(TMP, { recursive: true, force: true });
mkdirSync(TMP, { recursive: true });
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const log = (line: string) => console.log(line);
const LOOPBACK = path.join(TMP, 'loopback');

if (options.only !== undefined) {
  if (options.only !== 'rate-limits') throw new Error(`--only knows rate-limits, not ${options.only}`);
  const runs = await measureRateLimitDialects(LOOPBACK, log, options.dialects?.split(','));
  const markdown = [
    '| figure | result | target |',
    '| --- | --- | --- |',
    ...rateLimitSummaryRows(runs),
    '',
    ...rateLimitSection(runs),
  ].join('\n');
  writeFileSync(path.join(TMP, 'rate-limits.md'), `${markdown}\n`);
  log(`\n${markdown}\nWritten to bench/tmp/rate-limits.md`);
  process.exit(0);
}

const machine = describeMachine();
const before = backgroundLoad();
log(
  `MeetBit bench on ${machine.cpu} (${machine.cores} cores), load ${before.load}, busy ${before.busyPercent}%`,
);

// --- Time to verdict: the empty floor, the suite's Playwright run alone, and `npm run conformance` ---
// Interleaved, so all three see the same background noise. Playwright is started through npm in each.
const PLAYWRIGHT = ['exec', '--no', '--', 'playwright', 'test'];
const FLOOR = [...PLAYWRIGHT, '-c', 'bench/floor/playwright.config.ts'];
const conformanceEnv = (runId: string, extra: Record<string, string> = {}) =>
  cleanEnv({ MEETBIT_RUN_ID: runId, MEETBIT_REPORTS_DIR: REPORTS, ...extra });
const floorRuns: CommandRun[] = [];
const directRuns: CommandRun[] = [];
const conformanceRuns: CommandRun[] = [];
const conformanceRunIds: string[] = [];
const reportedFootprints: unknown[] = [];
let planned = RUNS;
for (let i = 0; i < planned; i++) {
  const floor = await timeCommand('npm', FLOOR, { env: cleanEnv(), timeoutMs: 2 * MINUTE });
  floorRuns.push(floor);
  const direct = await timeCommand('npm', PLAYWRIGHT, {
    env: conformanceEnv(`bench-${stamp}-pw${i}`),
    timeoutMs: 5 * MINUTE,
  });
  directRuns.push(direct);
  const runId = `bench-${stamp}-${i}`;
  conformanceRunIds.push(runId);
  const run = await timeCommand('npm', ['run', 'conformance'], {
    env: conformanceEnv(runId),
    timeoutMs: 5 * MINUTE,
  });
  conformanceRuns.push(run);
  const reported = reportedFootprint(path.join(REPORTS, 'conformance.json'), run.startedAt);
  if (reported !== undefined) reportedFootprints.push(reported);
  const s = (r: CommandRun) => (r.wallMs / 1000).toFixed(2);
  log(
    `  verdict run ${i + 1}: floor ${s(floor)} s, playwright test ${s(direct)} s, npm run conformance ` +
      `${s(run)} s (${runSummary(run.tail)}, exit ${run.exitCode})`,
  );
  if (i === 0) {
    planned = runsWithin(4 * MINUTE, floor.wallMs + direct.wallMs + run.wallMs, Math.min(3, RUNS), RUNS);
  }
}
const createdJsonl = path.join(REPORTS, 'created.jsonl');
const createdPerRun = conformanceRunIds.map((runId) => countCreated(createdJsonl, runId));

// --- Footprint and timeline: one more run of each with the JSON reporter (not timed: other reporters) ---
const footprintRunId = `bench-${stamp}-fp`;
const jsonReport = path.join(TMP, 'conformance-report.json');
const footprintRun = await timeCommand('npm', [...PLAYWRIGHT, '--reporter=json'], {
  env: conformanceEnv(footprintRunId, { PLAYWRIGHT_JSON_OUTPUT_NAME: jsonReport }),
  timeoutMs: 5 * MINUTE,
});
const floorReport = path.join(TMP, 'floor-report.json');
const floorJsonRun = await timeCommand('npm', [...FLOOR, '--reporter=json'], {
  env: cleanEnv({ PLAYWRIGHT_JSON_OUTPUT_NAME: floorReport }),
  timeoutMs: 2 * MINUTE,
});
let footprint: Results['footprint'];
let fuzzCost = 'Fuzz phase: not measured (no JSON report)';
const timelines: Results['timelines'] = {};
try {
  const report = JSON.parse(readFileSync(jsonReport, 'utf8')) as JSONReport;
  const created = existsSync(createdJsonl) ? readFileSync(createdJsonl, 'utf8') : '';
  footprint = {
    ...footprintOf(report, created, footprintRunId),
    exitCode: footprintRun.exitCode,
    reportedFootprints,
  };
  timelines.conformance = withWall(timelineOf(report), footprintRun);
  fuzzCost = fuzzCostLine(fuzzCostOf(report));
  log(`  ${fuzzCost}`);
  log(
    `  footprint: ${footprint.groups.at(-1)!.requests} requests, ${footprint.groups.at(-1)!.created} created`,
  );
} catch (error) {
  footprint = { error: `${(error as Error).message}\n${footprintRun.tail.slice(-1500)}` };
  log(`  footprint: not available (${(error as Error).message})`);
}
try {
  timelines.floor = withWall(
    timelineOf(JSON.parse(readFileSync(floorReport, 'utf8')) as JSONReport),
    floorJsonRun,
  );
} catch {
  // The floor's timeline is only context; the report says when it is missing.
}

// --- Where the time goes: the suite's start-up steps in a fresh process, a few times ---
const profile: Record<string, number[]> = {};
for (let i = 0; i < 3; i++) {
  const run = await timeCommand(process.execPath, ['--import', 'tsx', 'bench/profile-startup.ts'], {
    timeoutMs: MINUTE,
  });
  const line = run.tail.split('\n').find((text) => text.startsWith('{'));
  if (!line) continue;
  for (const [step, ms] of Object.entries(JSON.parse(line) as Record<string, number>)) {
    (profile[step] ??= []).push(ms);
  }
}

// --- Failing vs passing tenant (issue 13), and pacing from every rate-limit dialect (issue 22) ---
const failingVsPassing = await measureFailingVsPassing(Number(options['loopback-runs']), LOOPBACK, log);
const rateLimits = await measureRateLimitDialects(LOOPBACK, log);
// Issue 13's figure is the GitHub-shaped tenant's run: the same tenant it always measured.
const announced = rateLimits.find((run) => run.dialect === 'github');

// --- Self-test ---
const beforeSelftest = backgroundLoad();
const selftest = await measureSelftest(Number(options['selftest-runs']));

// --- The reference tenant as a sandbox, beside Prism on the fixed spec ---
const beforeSandbox = backgroundLoad();
const sandbox = await measureSandbox();

// --- `npm test`, quiet and beside two CPU-bound processes: last, the longest ---
const npmTest = options['skip-npm-test'] ? { skipped: '--skip-npm-test' } : await measureNpmTest(log);

const after = backgroundLoad();
const results: Results = {
  machine,
  background: { before, beforeSelftest, beforeSandbox, after },
  options: { runs: RUNS, loadSeconds: LOAD_SECONDS, loadRuns: LOAD_RUNS, connections: CONNECTIONS },
  verdict: {
    floor: floorRuns,
    direct: directRuns,
    conformance: conformanceRuns,
    conformanceSummary: runSummary(conformanceRuns.at(-1)?.tail ?? ''),
    exitCodes: conformanceRuns.map((run) => run.exitCode),
    createdPerRun,
  },
  profile,
  timelines,
  footprint,
  selftest,
  loopback: { failingVsPassing, ...(announced ? { announced } : {}), npmTest },
  rateLimits,
  sandbox,
};
const outputExit = outputExitLine(REPORTS);
log(`  ${outputExit}`);
const markdown = `${renderResults(results).trimEnd()}\n\n${fuzzCost}.\n\n${outputExit}.\n`;
writeFileSync(path.resolve(options.out), markdown);
log(`\n${markdown.split('\n## Machine')[0]}`);
log(`Written to ${options.out}`);

async function measureSelftest(runs: number): Promise<SelftestResult> {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts?: Record<string, string> })
    .scripts;
  if (!scripts?.selftest) return { available: false, reason: 'package.json has no "selftest" script yet' };
  const timings: CommandRun[] = [];
  const variants = new Map<string, VariantTiming>();
  const innerWallMs: number[] = [];
  let planned = runs;
  for (let i = 0; i < planned; i++) {
    const run = await timeCommand('npm', ['run', 'selftest'], { env: cleanEnv(), timeoutMs: 5 * MINUTE });
    timings.push(run);
    log(`  self-test run ${i + 1}: ${(run.wallMs / 1000).toFixed(2)} s (exit ${run.exitCode})`);
    const table = killTable(run.startedAt);
    if (table) {
      if (typeof table.wallMs === 'number') innerWallMs.push(table.wallMs);
      for (const [kind, list] of [
        ['correct', table.correct],
        ['faulty', table.faulty],
      ] as const) {
        for (const variant of list ?? []) {
          const timing = variants.get(variant.name) ?? {
            name: variant.name,
            kind,
            durationsMs: [],
            tests: 0,
          };
          timing.durationsMs.push(variant.durationMs);
          timing.tests = variant.ranTests ?? timing.tests;
          variants.set(variant.name, timing);
        }
      }
    }
    if (i === 0) planned = runsWithin(2.5 * MINUTE, run.wallMs, 1, runs);
  }
  return {
    available: true,
    runs: timings,
    exitCodes: timings.map((run) => run.exitCode),
    innerWallMs,
    variants: [...variants.values()],
  };
}

interface KillTable {
  wallMs?: number;
  correct?: { name: string; durationMs: number; ranTests?: number }[];
  faulty?: { name: string; durationMs: number; ranTests?: number }[];
}

/** reports/selftest/kill-table.json, if the run that started at `since` wrote it. */
function killTable(since: number): KillTable | undefined {
  const file = path.join(ROOT, 'reports/selftest/kill-table.json');
  if (!existsSync(file) || statSync(file).mtimeMs < since) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as KillTable;
  } catch {
    return undefined;
  }
}

async function measureSandbox(): Promise<Results['sandbox']> {
  const specRun = await timeCommand(
    'npm',
    ['run', 'spec:fixed', '--', '--out', 'bench/tmp/openapi.fixed.yaml'],
    {
      timeoutMs: MINUTE,
    },
  );
  if (specRun.exitCode !== 0) return { error: `npm run spec:fixed failed:\n${specRun.tail}` };
  let prism;
  try {
    prism = await startPrism(path.join(TMP, 'openapi.fixed.yaml'));
  } catch (error) {
    return { error: (error as Error).message };
  }
  try {
    const probes = { tenant: { status: 0, body: '' }, prism: await answersValidCreate(prism) };
    if (probes.prism.status !== 200)
      return { error: `Prism did not answer a valid create with 200: ${probes.prism.body}` };
    await load(prism, 2, CONNECTIONS); // warm-up: JIT, connection pool
    const runs: { tenant: LoadResult[]; prism: LoadResult[] } = { tenant: [], prism: [] };
    let tenantCreates = 0;
    for (let i = 0; i < LOAD_RUNS; i++) {
      // Alternate which goes first, so neither always meets the same moment of background load.
      const order = i % 2 === 0 ? (['tenant', 'prism'] as const) : (['prism', 'tenant'] as const);
      for (const which of order) {
        let result: LoadResult;
        if (which === 'prism') result = await load(prism, LOAD_SECONDS, CONNECTIONS);
        else {
          // A fresh tenant per run, as a sandbox starts for a session: it keeps every conference it
          // creates, and past its 100,000 cap each create also evicts the oldest (a slower path).
          const tenant = await startReferenceTenant();
          try {
            probes.tenant = await answersValidCreate(tenant);
            if (probes.tenant.status !== 200) {
              return { error: `The tenant did not answer a valid create with 200: ${probes.tenant.body}` };
            }
            const warm = await load(tenant, 1, CONNECTIONS);
            result = await load(tenant, LOAD_SECONDS, CONNECTIONS);
            tenantCreates = Math.max(tenantCreates, 1 + warm.ok + result.ok);
          } finally {
            await tenant.stop();
          }
        }
        runs[which].push(result);
        log(
          `  load ${which}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms`,
        );
      }
    }
    return {
      probes,
      tenant: runs.tenant,
      prism: runs.prism,
      tenantCreates,
      ratio:
        summarize(runs.tenant.map((r) => r.requestsPerSecond)).median /
        summarize(runs.prism.map((r) => r.requestsPerSecond)).median,
    };
  } finally {
    await prism.stop();
  }
}

function withWall(timeline: Timeline, run: CommandRun): Timeline & { wallMs: number } {
  return { ...timeline, wallMs: run.wallMs };
}

function countCreated(file: string, runId: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes(`"run_id":"${runId}"`)).length;
}

/** The footprint section of reports/conformance.json (issue 6), when the run wrote one. */
function reportedFootprint(file: string, since: number): unknown {
  if (!existsSync(file) || statSync(file).mtimeMs < since) return undefined;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { footprint?: unknown }).footprint;
  } catch {
    return undefined;
  }
}
