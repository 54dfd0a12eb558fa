import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REFERENCE_ACCOUNT_IDS, REFERENCE_KEYS } from '../src/tenant/defaults';
import { serve } from '../src/tenant/http';
import { createReferenceTenant } from '../src/tenant/tenant';
import { cleanEnv, runSummary, timeCommand, type CommandRun } from './run';
import { DIALECTS, GITHUB, type Dialect } from './dialects';
import { announcingTenant, failingTenant } from './tenants';

/**
 * The figures of issue 13 that need a tenant of their own on loopback: a failing tenant beside a
 * passing one, default pacing against a tenant that announces its budget, and `npm test` quiet and
 * beside two CPU-bound processes.
 */
const MINUTE = 60_000;

export interface VerdictRun extends CommandRun {
  readonly summary: string;
  /** conformance.json's verdict and pacing, when the run wrote one. */
  readonly verdict?: string;
  readonly pacing?: {
    source: string;
    rps: number;
    slowestRps: number;
    fastestRps: number;
    why: string;
    learned?: string;
    notUnderstood?: string[];
  };
}

export interface FailingVsPassing {
  readonly failing: readonly VerdictRun[];
  readonly passing: readonly VerdictRun[];
}

export interface AnnouncedPacing {
  readonly dialect: string;
  readonly sentBy: string;
  /** The tenant announced neither a reset nor a window: the suite had to learn it. */
  readonly unannounced: boolean;
  readonly limit: number;
  readonly windowSeconds: number;
  readonly run: VerdictRun;
  readonly requests: number;
  readonly throttled: number;
  readonly mostUsedInAWindow: number;
  /** The pacing floor: the requests at half the budget, limit / 2 per window. */
  readonly floorSeconds: number;
  /**
   * From the tenant's second reset (the first response after it is when the suite can have learned the
   * window) to the run's end: the requests answered, the seconds, and their floor.
   */
  readonly afterSecondReset?: {
    readonly requests: number;
    readonly seconds: number;
    readonly floorSeconds: number;
  };
}

export interface NpmTestRuns {
  readonly quiet: CommandRun & { readonly summary: string };
  readonly busy: CommandRun & { readonly summary: string };
}

/** Settings for a loopback tenant that accepts the reference tenant's keys, as a user would give them. */
function tenantEnv(
  baseUrl: string,
  reportsDir: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return cleanEnv({
    MEETBIT_BASE_URL: baseUrl,
    MEETBIT_ACCESS_KEY_ID: REFERENCE_KEYS.full.id,
    MEETBIT_ACCESS_KEY_SECRET: REFERENCE_KEYS.full.secret,
    MEETBIT_RESTRICTED_ACCESS_KEY_ID: REFERENCE_KEYS.restricted.id,
    MEETBIT_RESTRICTED_ACCESS_KEY_SECRET: REFERENCE_KEYS.restricted.secret,
    MEETBIT_ACCOUNT_ID: String(REFERENCE_ACCOUNT_IDS[0]),
    MEETBIT_REPORTS_DIR: reportsDir,
    ...extra,
  });
}

async function conformanceRun(
  env: NodeJS.ProcessEnv,
  reportsDir: string,
  timeoutMs: number,
): Promise<VerdictRun> {
  mkdirSync(reportsDir, { recursive: true });
  const run = await timeCommand('npm', ['run', 'conformance'], { env, timeoutMs });
  let report: { verdict?: string; pacing?: VerdictRun['pacing'] } = {};
  try {
    report = JSON.parse(readFileSync(path.join(reportsDir, 'conformance.json'), 'utf8')) as typeof report;
  } catch {
    // No report: the summary and exit code say what happened.
  }
  return {
    ...run,
    summary: runSummary(run.tail),
    ...(report.verdict ? { verdict: report.verdict } : {}),
    ...(report.pacing ? { pacing: report.pacing } : {}),
  };
}

/**
 * The same suite against two loopback tenants that differ by one defect in every 200 body, interleaved.
 * Both as a configured tenant (not the bundled one) at the bundled tenant's pace: MEETBIT_MAX_RPS=1000,
 * two workers.
 */
export async function measureFailingVsPassing(
  runs: number,
  tmp: string,
  log: (line: string) => void,
): Promise<FailingVsPassing> {
  const [failing, passing] = await Promise.all([
    serve(failingTenant()),
    serve(createReferenceTenant().handle),
  ]);
  const result = { failing: [] as VerdictRun[], passing: [] as VerdictRun[] };
  const pace = { MEETBIT_MAX_RPS: '1000', MEETBIT_CONCURRENCY: '2' };
  try {
    for (let i = 0; i < runs; i++) {
      for (const [which, tenant] of [
        ['passing', passing],
        ['failing', failing],
      ] as const) {
        const dir = path.join(tmp, `${which}-${i}`);
        const run = await conformanceRun(tenantEnv(tenant.baseUrl, dir, pace), dir, 5 * MINUTE);
        result[which].push(run);
        log(
          `  ${which} tenant run ${i + 1}: ${(run.wallMs / 1000).toFixed(2)} s (${run.summary}, exit ${run.exitCode})`,
        );
      }
    }
  } finally {
    await Promise.all([failing.close(), passing.close()]);
  }
  return result;
}

/**
 * Default pacing (no MEETBIT_MAX_RPS, default concurrency) against a tenant announcing `limit` per window
 * in one dialect.
 */
export async function measureAnnouncedPacing(
  limit: number,
  windowSeconds: number,
  tmp: string,
  log: (line: string) => void,
  dialect: Dialect = GITHUB,
): Promise<AnnouncedPacing> {
  const tenant = announcingTenant(limit, windowSeconds, dialect);
  const server = await serve(tenant.handle);
  try {
    const dir = path.join(tmp, `announced-${dialect.id}`);
    // It stands for a real tenant, which gets the remote fuzz budget (20); on loopback the default is 200.
    const run = await conformanceRun(
      tenantEnv(server.baseUrl, dir, { MEETBIT_FUZZ_REQUESTS: '20' }),
      dir,
      5 * MINUTE,
    );
    const perSecond = limit / 2 / windowSeconds;
    const floorSeconds = tenant.requests() / perSecond;
    const secondReset = tenant.windowStarts()[2];
    const endMs = run.startedAt + run.wallMs;
    const afterSecondReset =
      dialect.unannounced && secondReset !== undefined
        ? {
            requests: tenant.answeredAt().filter((at) => at >= secondReset).length,
            seconds: (endMs - secondReset) / 1000,
            floorSeconds: tenant.answeredAt().filter((at) => at >= secondReset).length / perSecond,
          }
        : undefined;
    log(
      `  ${dialect.id}, ${limit}/${windowSeconds} s: ${(run.wallMs / 1000).toFixed(2)} s (floor ${floorSeconds.toFixed(1)} s, ` +
        `${(run.wallMs / 1000 / floorSeconds).toFixed(2)}x), ${tenant.requests()} requests, ` +
        `${tenant.throttled()} answered 429, at most ${tenant.mostUsedInAWindow()} in one window (exit ${run.exitCode})` +
        (afterSecondReset
          ? `; after the second reset ${afterSecondReset.requests} requests in ${afterSecondReset.seconds.toFixed(1)} s ` +
            `(floor ${afterSecondReset.floorSeconds.toFixed(1)} s)`
          : ''),
    );
    return {
      dialect: dialect.id,
      sentBy: dialect.sentBy,
      unannounced: dialect.unannounced === true,
      limit,
      windowSeconds,
      run,
      requests: tenant.requests(),
      throttled: tenant.throttled(),
      mostUsedInAWindow: tenant.mostUsedInAWindow(),
      floorSeconds,
      ...(afterSecondReset ? { afterSecondReset } : {}),
    };
  } finally {
    await server.close();
  }
}

/** Issue 22: each dialect of `bench/dialects.ts` (or those named), a tenant announcing 120 per 10 s. */
export async function measureRateLimitDialects(
  tmp: string,
  log: (line: string) => void,
  only?: readonly string[],
): Promise<AnnouncedPacing[]> {
  const runs: AnnouncedPacing[] = [];
  for (const dialect of DIALECTS.filter((d) => !only || only.includes(d.id))) {
    runs.push(await measureAnnouncedPacing(120, 10, tmp, log, dialect));
  }
  return runs;
}

/** `npm test`, once on its own and once beside two CPU-bound processes (started here, killed after). */
export async function measureNpmTest(log: (line: string) => void): Promise<NpmTestRuns> {
  const timed = async () => {
    const run = await timeCommand('npm', ['test'], { env: cleanEnv(), timeoutMs: 20 * MINUTE });
    return { ...run, summary: runSummary(run.tail) };
  };
  const quiet = await timed();
  log(`  npm test, quiet: ${(quiet.wallMs / 1000).toFixed(1)} s (${quiet.summary}, exit ${quiet.exitCode})`);
  const spinners = [0, 1].map(() => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  let busy;
  try {
    busy = await timed();
  } finally {
    for (const spinner of spinners) spinner.kill('SIGKILL');
  }
  log(
    `  npm test, two busy processes beside it: ${(busy.wallMs / 1000).toFixed(1)} s (${busy.summary}, exit ${busy.exitCode})`,
  );
  return { quiet, busy };
}
