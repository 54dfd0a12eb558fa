import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runnerArgv } from '../../src/cli/gate.mjs';
import { serve, type RunningTenant } from '../../src/tenant/http';
import { BURST_INSTANCE_LIMIT, createReferenceTenant } from '../../src/tenant/tenant';
import { TestData } from '../../src/cases/test-data';
import { suiteClient } from '../../src/client/suite-client';
import { parseConfig } from '../../src/config/config';
import { checkExchange, formatFailure, loadSuiteOperation, type Requirement } from '../../src/contract';
import { acceptingPhase, fuzzPlan, rejectingPhase, type PhaseRun } from '../../src/fuzz/phases';
import { groupProblems, type Evidence } from '../../src/report/verdict';
import { testFolder } from '../support/test-folder';
import { endedByItself, runChild } from '../support/child';
import type { TestOutcome } from './kill-reporter';
import { catchersOf, isFaulty, type TenantVariant } from './variant';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServedVariant {
  readonly variant: TenantVariant;
  readonly tenant: RunningTenant;
  /** The instance the rate-limit burst talks to, as the bundled tenant has one; absent when not asked for. */
  readonly burst?: RunningTenant;
}

export async function serveVariants(
  variants: readonly TenantVariant[],
  { burst = false }: { burst?: boolean } = {},
): Promise<ServedVariant[]> {
  const serveOne = (variant: TenantVariant, options: TenantVariant['options']) => {
    const reference = createReferenceTenant(options);
    return serve(variant.wrap ? variant.wrap(reference.handle) : reference.handle);
  };
  return Promise.all(
    variants.map(async (variant) => {
      // The burst's instance: the same tenant (its options, its wrap) with the bundled burst instance's bucket;
      // a variant that sets its own rate limit (or none) keeps it.
      const [tenant, burstTenant] = await Promise.all([
        serveOne(variant, variant.options),
        burst ? serveOne(variant, { rateLimit: BURST_INSTANCE_LIMIT, ...variant.options }) : undefined,
      ]);
      return { variant, tenant, ...(burstTenant ? { burst: burstTenant } : {}) };
    }),
  );
}

/** Closes every instance serveVariants started. */
export async function closeVariants(served: readonly ServedVariant[]): Promise<void> {
  await Promise.all(
    served.flatMap(({ tenant, burst }) => [tenant.close(), ...(burst ? [burst.close()] : [])]),
  );
}

/**
 * Environment for a child Playwright run: this process's, less the variables Playwright sets for its
 * own workers (they would make the child believe it is one), plus the given ones.
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(TEST_|PW_|PLAYWRIGHT_|FORCE_COLOR|MEETBIT_)/.test(name)) env[name] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

export interface SuiteRun {
  readonly exitCode: number | null;
  readonly outcomes: TestOutcome[];
  readonly output: string;
  readonly wallMs: number;
}

/** The seed of the self-test's runs: its fuzz phase must catch the onlyGenerated variants with it. */
export const SELFTEST_SEED = 1;

/** One invocation of the real conformance suite (the specs users run) against every served tenant. */
export async function runSuiteAgainst(
  served: readonly ServedVariant[],
  timeoutMs: number,
  grep?: RegExp,
  env: Record<string, string> = {},
): Promise<SuiteRun> {
  const dir = testFolder('selftest');
  const outcomesFile = path.join(dir, 'outcomes.json');
  const targets = served.map(({ variant, tenant, burst }) => ({
    name: variant.name,
    baseUrl: tenant.baseUrl,
    ...(burst ? { burstBaseUrl: burst.baseUrl } : {}),
  }));
  // Named checks stop a variant at its first kill (kill-switch.ts); an onlyGenerated one runs every fixed case,
  // and one that counts its problems runs every test.
  const catches = Object.fromEntries(
    served.map(({ variant }) => [variant.name, runsEverything(variant) ? {} : (variant.catches ?? {})]),
  );
  const run = await runChild(
    process.execPath,
    runnerArgv([
      'test',
      '--config',
      path.join(ROOT, 'tests/selftest/playwright.config.ts'),
      ...(grep ? ['--grep', `/${grep.source}/`] : []),
    ]),
    {
      cwd: ROOT,
      env: childEnv({
        MEETBIT_SELFTEST_TARGETS: JSON.stringify(targets),
        MEETBIT_REPORTS_DIR: dir,
        SELFTEST_OUTCOMES_FILE: outcomesFile,
        SELFTEST_CATCHES: JSON.stringify(catches),
        SELFTEST_KILLED_FILE: path.join(dir, 'killed.txt'),
        // Faulty variants stall and fail on purpose: the circuit breaker must never stop the self-test early.
        MEETBIT_MAX_INFRA_ERRORS_IN_A_ROW: '1000',
        MEETBIT_SEED: String(SELFTEST_SEED),
        // Every burst talks to its variant's own instance (a bucket of 40, serveVariants): enough to empty it
        // with room to spare; a tenant that never throttles costs this many requests, not the bundled 1000.
        MEETBIT_RATE_LIMIT_BURST_MAX: '150',
        ...env,
      }),
      timeoutMs,
    },
  );
  // A child stopped at its bound ran part of its tests: counting them would be a wrong answer, not a timeout.
  endedByItself(run, `the self-test's child run (${served.length} tenants)`);
  let outcomes: TestOutcome[] = [];
  try {
    outcomes = JSON.parse(readFileSync(outcomesFile, 'utf8')) as TestOutcome[];
  } catch {
    // No outcomes: the run died before its end; the caller reports the output.
  }
  return { exitCode: run.code, outcomes, output: `${run.stdout}\n${run.stderr}`, wallMs: run.wallMs };
}

/** One tenant under one seed, fuzzed in this process: what each half spent, and its MUST problems. */
export interface InProcessFuzz {
  readonly where: string;
  readonly spent: readonly [number, number];
  readonly problems: readonly string[];
}

/**
 * The fuzz phase's two halves (src/fuzz/phases.ts, what specs/fuzz.spec.ts runs) against each variant under
 * each seed, in this process, with the client and settings a self-test run would give them (parseConfig of
 * the same variables). A 429 met on the way is checked as the api fixture checks it: a MUST failure is a
 * problem. `requests`: the phase's budget (both halves), the settings' default when absent.
 */
export async function fuzzInProcess(
  variants: readonly TenantVariant[],
  seeds: readonly number[],
  requests?: number,
): Promise<InProcessFuzz[]> {
  const contract = await loadSuiteOperation();
  const served = await serveVariants(variants);
  try {
    const perTenant = await Promise.all(
      served.map(async ({ variant, tenant }) => {
        const runs: InProcessFuzz[] = [];
        for (const seed of seeds) {
          const parsed = parseConfig({
            MEETBIT_SELFTEST_TARGETS: JSON.stringify([{ name: variant.name, baseUrl: tenant.baseUrl }]),
            MEETBIT_SEED: String(seed),
            ...(requests === undefined ? {} : { MEETBIT_FUZZ_REQUESTS: String(requests) }),
          });
          if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
          const { config } = parsed;
          const client = suiteClient(config, tenant.baseUrl, 1);
          const testData = new TestData(config.runId, 0, config.accountId, undefined, config.backerEventId);
          const where = `seed ${seed} · ${variant.name}`;
          const problems: string[] = [];
          const run = (budget: number): PhaseRun => ({
            contract,
            seed: config.seed,
            requests: budget,
            send: (body) =>
              client.send(
                { auth: 'full', json: body },
                {
                  onRateLimited: (limited) => {
                    // MUST failures only: a SHOULD one (no Retry-After, RFC 6585's MAY) is a warning there too.
                    const failures = checkExchange(contract, limited).failures.filter(
                      (f) => f.level === 'must',
                    );
                    for (const failure of failures)
                      problems.push(`${where} · a 429: ${formatFailure(failure)}`);
                  },
                },
              ),
            publicId: () => testData.publicId(),
          });
          const plan = fuzzPlan(config);
          const accepting = (await acceptingPhase(run(Math.ceil(config.fuzzRequests / 2)), plan)).outcome;
          const rejecting = await rejectingPhase(run(Math.floor(config.fuzzRequests / 2)), plan);
          for (const [half, outcome] of [
            ['accepting', accepting],
            ['rejecting', rejecting],
          ] as const)
            for (const problem of outcome.problems)
              problems.push(
                `${where} · ${half}: ${problem.failures.map(formatFailure).join('\n')}\nsent: ${problem.exchange.request.body ?? ''}`.slice(
                  0,
                  1500,
                ),
              );
          runs.push({ where, spent: [accepting.requests, rejecting.requests], problems });
        }
        return runs;
      }),
    );
    return perTenant.flat();
  } finally {
    await closeVariants(served);
  }
}

/**
 * Which tests run for which tenant. Correct tenants, and variants named for a contract check (which any test
 * may trip), run every test; a variant named only for test check ids runs just the tests carrying them, since
 * those alone decide whether it is caught. Keeps the self-test's time from growing as cases x variants.
 * Relies on test titles carrying their check id (`title.maxLength.over: ...` or `... [title.maxLength.over]`).
 */
export function selftestGrep(variants: readonly TenantVariant[]): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const parts = variants.map((variant) => {
    const { name, catches, scope } = variant;
    const cases = catches?.cases ?? [];
    const checks = catches?.checks ?? [];
    const focus = runsEverything(variant)
      ? undefined
      : (scope ?? (cases.length > 0 && checks.length === 0 ? cases : undefined));
    return focus
      ? `@${escape(name)} (?:.* )?\\[?(?:${focus.map(escape).join('|')})[:\\]]`
      : `@${escape(name)} `;
  });
  return new RegExp(parts.join('|'));
}

export interface VariantResult {
  readonly name: string;
  readonly description: string;
  readonly expected: readonly string[];
  readonly failedTests: number;
  readonly ranTests: number;
  /** What failed: the failing tests' case ids and the contract checks that failed inside them. */
  readonly failedChecks: string[];
  readonly failedRequirements: string[];
  /** Requirement ids warned about, and those the run could not verify. */
  readonly warnings: string[];
  readonly notVerified: string[];
  /** A faulty variant: caught by a check it names. Any other: no failed test and every expected warning. */
  readonly killed: boolean;
  readonly durationMs: number;
  /** For a variant that counts them: the MUST problems the report lists (requirement ids). */
  readonly problems?: readonly string[];
  /** onlyGenerated variants: how many fixed-case tests (all but the fuzz phase) ran, and how many failed. */
  readonly fixedCases?: { readonly ran: number; readonly failed: number };
}

const isFuzzTest = (outcome: TestOutcome) => outcome.cases.some((id) => id.startsWith('fuzz.'));

const FAILED: TestOutcome['status'][] = ['failed', 'timedOut', 'interrupted'];

/** Variants that must run every test: a defect only generated inputs reach, or a count of problems. */
function runsEverything(variant: TenantVariant): boolean {
  return variant.onlyGenerated === true || variant.problems !== undefined;
}

/**
 * The MUST problems the report would list for this tenant: its tests' failures grouped exactly as
 * conformance.json groups them (src/report/verdict.ts), by requirement id.
 */
export function mustProblemsOf(
  outcomes: readonly TestOutcome[],
  catalogue: readonly Requirement[],
): string[] {
  const evidence: Evidence[] = outcomes.map((o) => ({
    title: o.title,
    outcome: o.status,
    declared: [],
    verified: [],
    notVerified: [],
    failures: o.failures,
    failureExchanges: o.failureExchanges,
    ...(o.cases.some((id) => id.startsWith('fuzz.')) ? { generated: true } : {}),
  }));
  const byId = new Map(catalogue.map((requirement) => [requirement.id, requirement]));
  return groupProblems(byId, evidence, [])
    .filter((problem) => problem.level === 'must')
    .map((problem) => problem.requirement)
    .sort();
}

/** A case it names failed, or a contract check it names failed inside some test. */
function caughtBy(variant: TenantVariant, failed: readonly TestOutcome[]): boolean {
  const { cases = [], checks = [] } = variant.catches ?? {};
  return failed.some(
    (o) => cases.some((id) => o.cases.includes(id)) || checks.some((check) => o.failedChecks.includes(check)),
  );
}

/** Pure: what the run says about one tenant. A correct tenant must have no failure at all. */
export function resultFor(
  variant: TenantVariant,
  outcomes: readonly TestOutcome[],
  catalogue: readonly Requirement[] = [],
): VariantResult {
  const mine = outcomes.filter((o) => o.target === variant.name);
  const problems = variant.problems ? mustProblemsOf(mine, catalogue) : undefined;
  const problemsAsExpected =
    !variant.problems || JSON.stringify(problems) === JSON.stringify([...variant.problems].sort());
  const failed = mine.filter((o) => FAILED.includes(o.status));
  const failedChecks = [...new Set(failed.flatMap((o) => [...o.cases, ...o.failedChecks]))].sort();
  const warnings = [...new Set(mine.flatMap((o) => o.warnings))].sort();
  const failedRequirements = new Set(mine.flatMap((o) => o.failedRequirements));
  const attributed =
    (variant.shows ?? []).every((id) => failedRequirements.has(id)) &&
    !(variant.showsNot ?? []).some((id) => failedRequirements.has(id));
  const notVerified = [...new Set(mine.flatMap((o) => o.notVerified))].sort();
  const passesWithExpected =
    failed.length === 0 &&
    (variant.warns ?? []).every((id) => warnings.includes(id)) &&
    (variant.inconclusive ?? []).every((id) => notVerified.includes(id));
  return {
    name: variant.name,
    description: variant.description,
    expected: isFaulty(variant)
      ? [...catchersOf(variant), ...(variant.shows ?? []).map((id) => `shows ${id}`)]
      : [...(variant.warns ?? []), ...(variant.inconclusive ?? []).map((id) => `${id} (not verified)`)],
    failedTests: failed.length,
    ranTests: mine.filter((o) => o.status !== 'skipped' || o.notVerified.length > 0).length,
    failedChecks,
    failedRequirements: [...failedRequirements].sort(),
    warnings,
    notVerified,
    killed: isFaulty(variant)
      ? caughtBy(variant, failed) && attributed && problemsAsExpected
      : passesWithExpected,
    ...(problems ? { problems } : {}),
    durationMs: mine.reduce((sum, o) => sum + o.durationMs, 0),
    ...(variant.onlyGenerated
      ? {
          fixedCases: {
            ran: mine.filter((o) => !isFuzzTest(o) && o.status !== 'skipped').length,
            failed: failed.filter((o) => !isFuzzTest(o)).length,
          },
        }
      : {}),
  };
}

/**
 * Markdown: faulty variants must be killed; warning variants must pass with their warnings; correct tenants
 * must pass (their warnings listed).
 */
export function killTable(
  verdicts: readonly VariantResult[],
  kind: 'faulty' | 'warns' | 'correct' = 'faulty',
): string {
  const code = (checks: readonly string[]) => checks.map((c) => `\`${c}\``).join(', ');
  const rows = verdicts.map((v) => {
    const outcome =
      kind === 'faulty'
        ? v.killed
          ? 'yes'
          : '**NO**'
        : v.killed
          ? v.warnings.length > 0 || v.notVerified.length > 0
            ? 'passed with warnings'
            : 'passed'
          : v.failedTests > 0
            ? '**FAILED (false positive)**'
            : '**expected warning missing**';
    const must =
      kind === 'faulty' ? code(v.expected) : v.expected.length ? code(v.expected) : 'nothing: must pass';
    const seen =
      kind === 'faulty'
        ? code([...v.failedChecks, ...(v.problems ? [`problems: ${v.problems.join(', ') || 'none'}`] : [])])
        : code([...v.warnings, ...v.notVerified.map((id) => `${id} (not verified)`)]);
    return (
      `| ${v.name} | ${v.description} | ${must} | ${outcome} | ` +
      `${seen || '–'} | ${v.failedTests}/${v.ranTests} | ${fixedCases(v)} | ${(v.durationMs / 1000).toFixed(2)} |`
    );
  });
  const head =
    kind === 'faulty'
      ? '| variant | defect | must be caught by | killed? | failed checks | failed/ran tests | fixed cases alone | test time (s) |'
      : `| ${kind === 'warns' ? 'variant' : 'tenant'} | ${kind === 'warns' ? 'what it breaks (SHOULD only)' : 'its choices'} | expected | result | warnings | failed/ran tests | fixed cases alone | test time (s) |`;
  return [head, '| --- | --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** For variants only generated inputs can catch: did the fixed cases (everything but the fuzz phase) miss it? */
function fixedCases(verdict: VariantResult): string {
  if (!verdict.fixedCases) return '–';
  const { ran, failed } = verdict.fixedCases;
  return failed === 0 ? `missed (0 of ${ran} failed): fuzz only` : `**caught by ${failed} of ${ran}**`;
}
