import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { TenantClient } from '../client/client';
import { Pacer } from '../client/pacer';
import { recordCreated } from '../client/created-ledger';
import { writePreflightRecord } from '../client/preflight-record';
import { preflight, type SetupProbe } from '../client/preflight';
import { TestData } from '../cases/test-data';
import {
  credentialsInEnv,
  outputSanitizer,
  reportsDirOf,
  runIdForReport,
  type SuiteConfig,
} from '../config/config';
import { createSanitizer } from '../safety/sanitize';
import { ConfigError, loadConfig } from '../config/env';
import { runSettingsOf } from '../config/coverage-settings';
import { tenantSettingsPresent } from '../config/settings';
import { suiteIdentity } from '../config/suite-identity';
import { EXIT, exitCodeFor, type Verdict } from '../report/verdict-words';
import { helpText } from './help';
import { targetText } from '../report/headline';
import type { NoVerdict } from '../report/no-verdict';
import { writeNoVerdictReport } from './no-verdict-report';
import { clearPreviousReports, RUN_OUTPUTS, withheldFiles } from './reports-folder';
import { baselineRefusal } from '../report/changes';
import { SUITE_OPERATION } from '../contract/suite-operation';
import { DEFAULT_SPEC_PATH, digestOf } from '../contract/spec-digest';
import { playwrightArgs, suiteOptions } from './options.mjs';
import { release, runnerArgv, takeHeld } from './gate.mjs';

/**
 * `npm run conformance [-- playwright args]`: checks the settings, preflights a configured tenant,
 * runs the suite, and exits with a code that tells a verdict from an infrastructure fault. Every exit
 * code comes from this run: the previous run's reports are removed before anything else.
 */
// Suite options are ours; everything else passes through to Playwright.
const { argv, baseline: baselineArgument, merge: mergeDir, missing } = suiteOptions(process.argv.slice(2));
if (missing) {
  console.error(`--${missing} needs a value: --${missing} <${missing === 'merge' ? 'dir' : 'file'}>.`);
  process.exit(EXIT.configuration);
}
if (argv.includes('--strict')) process.env.MEETBIT_STRICT = '1';
// Like --strict, a setting: the reporter reads it from the configuration, in this process and in Playwright's.
if (baselineArgument !== undefined) process.env.MEETBIT_BASELINE = baselineArgument;
const args = playwrightArgs(argv);
const startedAt = new Date();

if (args.includes('--help') || args.includes('-h')) {
  console.log(helpText());
  process.exit(EXIT.conforms);
}

if (args.includes('--list')) {
  // A plan, not a run: no report is touched and nothing is sent.
  const json = args.includes('--json');
  let config: SuiteConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(EXIT.configuration);
  }
  (json ? console.error : console.log)(header(config));
  const rest = args.filter((arg) => arg !== '--list' && arg !== '--json');
  process.exit(
    await runPlaywright(
      [...rest, '--list', '--reporter', path.resolve(import.meta.dirname, '../playwright/plan-reporter.ts')],
      json ? { MEETBIT_PLAN_FORMAT: 'json' } : {},
    ),
  );
}

if (argv.includes('--requirements')) {
  // The catalogue and the tests of this run that verify each requirement: nothing is sent or written.
  process.exit(
    await runPlaywright([
      ...args,
      '--list',
      '--reporter',
      path.resolve(import.meta.dirname, '../playwright/requirements-reporter.ts'),
    ]),
  );
}

if (mergeDir !== undefined) process.exit(await mergeShards(mergeDir));

let config: SuiteConfig;
try {
  config = loadConfig();
  const refused = config.baselineFile ? await baselineProblem(config, config.baselineFile) : undefined;
  // Before any request: a night compared with another tenant's report would be news about nothing.
  if (refused) throw new ConfigError([refused]);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  const reportsDir = reportsDirOf(process.env);
  clearPreviousReports(reportsDir);
  // No configuration to trust: whatever credentials are set are still removed, an invalid run id replaced.
  writeNoVerdictReport(
    reportsDir,
    {
      verdict: 'configuration-error',
      stage: 'configuration',
      reason: error.message,
      target: { kind: tenantSettingsPresent(process.env).length > 0 ? 'remote' : 'reference' },
      runId: runIdForReport(process.env),
      startedAt,
      suite: suiteIdentity(),
    },
    createSanitizer(credentialsInEnv(process.env)),
  );
  process.exit(EXIT.configuration);
}

clearPreviousReports(config.reportsDir);
// Everything this process prints or writes passes the output exit (src/safety/sanitize.ts).
const clean = outputSanitizer(config);
console.log(clean.text(header(config)));

if (config.target.kind === 'remote') {
  const started = Date.now();
  const client = new TenantClient({
    baseUrl: config.target.baseUrl,
    keys: { full: config.credentials, restricted: config.restrictedCredentials },
    timeoutMs: Math.min(config.requestTimeoutMs, 10_000),
    pacer: new Pacer(0),
    maxRetryAfterSeconds: 0,
    max429InARow: 1,
    maxRateLimitWaitSeconds: 0,
    userAgent: `meetbit-conformance/0.1 (run ${config.runId}; preflight)`,
  });
  const { problem, warnings, created } = await preflight(client, config.target.baseUrl, setupProbe(config));
  if (created)
    recordCreated(
      { reportsDir: config.reportsDir, runId: config.runId, clean },
      created,
      'preflight: a valid create under your settings',
    );
  for (const warning of warnings) console.warn(clean.text(`Preflight warning: ${warning}`));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problem) {
    const infrastructure = problem.kind === 'infrastructure';
    console.error(
      clean.text(
        `\nPreflight failed after ${seconds} s: ${problem.message}\n` +
          (infrastructure
            ? 'This is an infrastructure error, not a conformance verdict; the suite did not run.'
            : 'This is a configuration problem; the suite did not run.'),
      ),
    );
    writeNoVerdictReport(
      config.reportsDir,
      {
        verdict: infrastructure ? 'infrastructure-error' : 'configuration-error',
        stage: 'preflight',
        reason: problem.message,
        target: targetOf(config),
        runId: config.runId,
        startedAt,
        suite: suiteIdentity(),
        settings: runSettingsOf(config),
      },
      clean,
    );
    process.exit(infrastructure ? EXIT.infrastructure : EXIT.configuration);
  }
  writePreflightRecord(config.reportsDir, {
    runId: config.runId,
    requests: client.stats.requests,
    created: created ? 1 : 0,
    warnings: warnings.map((warning) => clean.text(warning)),
  });
  console.log(
    `Preflight passed in ${seconds} s (${client.stats.requests} requests, ${created ? '1 conference created' : 'nothing created'}${warnings.length ? '; with the warnings above' : ''}).`,
  );
}

// Started by the preload (src/cli/prestart.mjs) while this process loaded; the same command line as here.
const held = takeHeld(['test', ...args]);
const playwrightExit = held ? ((await release(held)) ?? EXIT.suiteError) : await runPlaywright(args);
const { verdict, status, baselineRefused } = readVerdict(config.reportsDir, config.runId);
if (verdict === undefined) {
  // No report of this run: it did not get as far as its reporter, which is the suite's own failure.
  console.error(
    `No ${path.join(config.reportsDir, 'conformance.json')} of run ${config.runId} was written (Playwright exited ${playwrightExit}).`,
  );
  process.exit(EXIT.suiteError);
}
const withheld = withheldFiles(config.reportsDir);
if (withheld.length > 0) {
  // The output sweep found a credential in a file this run wrote and replaced it: the suite failed its promise.
  console.error(
    `Withheld by the output sweep (a defect of the suite, not the tenant): ${withheld.join(', ')}; verdict ${verdict}.`,
  );
  process.exit(EXIT.suiteError);
}
process.exit(exitCodeFor(verdict, status, baselineRefused));

/**
 * `--merge <dir>`: the shards' blob reports in `dir` into one report, judged like a run (baseline, failure
 * policy, history, budget from this process's settings) and exiting like one. Quiet: the merge replays
 * finished tests, so no progress lines, only the verdict.
 */
async function mergeShards(dir: string): Promise<number> {
  let suite: SuiteConfig;
  try {
    suite = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return EXIT.configuration;
  }
  if (suite.baselineFile && isRunOutput(suite.reportsDir, suite.baselineFile)) {
    console.error(
      `MEETBIT_BASELINE (${suite.baselineFile}) is a report the merge replaces: copy it out of ${suite.reportsDir} first.`,
    );
    return EXIT.configuration;
  }
  // Only the merged report's own files: created.jsonl, gathered from the shards, is an input of the merge.
  for (const name of ['conformance.json', 'conformance.md', 'conformance.html', 'summary.md'])
    rmSync(path.join(suite.reportsDir, name), { force: true });
  const code = await runPlaywright(
    ['merge-reports', '--config', path.resolve(import.meta.dirname, '../../merge.config.ts'), dir],
    {},
    false,
  );
  // The shards' run id is in the blobs, not in this process: any report written now is the merge's.
  const { verdict, status, baselineRefused } = readVerdict(suite.reportsDir);
  if (verdict === undefined) {
    console.error(`The merge of ${dir} wrote no conformance.json (merge-reports exited ${code}).`);
    return EXIT.suiteError;
  }
  const withheld = withheldFiles(suite.reportsDir);
  if (withheld.length > 0) {
    console.error(
      `Withheld by the output sweep (a defect of the suite, not the tenant): ${withheld.join(', ')}; verdict ${verdict}.`,
    );
    return EXIT.suiteError;
  }
  return exitCodeFor(verdict, status, baselineRefused);
}

/**
 * Why the baseline cannot be compared with this run, named before anything is sent; undefined if it can.
 * Its reader (and Ajv with it) is loaded only here: a run without a baseline starts Playwright ~50 ms sooner.
 */
async function baselineProblem(suite: SuiteConfig, file: string): Promise<string | undefined> {
  if (isRunOutput(suite.reportsDir, file))
    return `MEETBIT_BASELINE (${file}) is a report this run replaces before it starts: copy it out of ${suite.reportsDir} first, e.g. cp ${path.join(suite.reportsDir, 'conformance.json')} baseline.json.`;
  const { readBaseline } = await import('../config/baseline');
  const read = readBaseline(file);
  if (!read.ok) return read.problem;
  return baselineRefusal(read.baseline, {
    operation: SUITE_OPERATION.name,
    target: targetOf(suite),
    specSha256: digestOf(readFileSync(DEFAULT_SPEC_PATH)),
  });
}

function isRunOutput(reportsDir: string, file: string): boolean {
  const resolved = path.resolve(file);
  return RUN_OUTPUTS.some((name) => resolved === path.resolve(reportsDir, name));
}

/**
 * One valid create under the user's settings, labelled and private like every create of the suite: the
 * account (and the backer event, when set) it names are what a refusal is about.
 */
function setupProbe(suite: SuiteConfig): SetupProbe {
  const body = new TestData(suite.runId, 'p', suite.accountId, suite.shard?.index).minimalBody('preflight');
  return {
    body: suite.backerEventId === undefined ? body : { ...body, backer_event_id: suite.backerEventId },
    settings: [
      { field: 'online_conference_account_id', setting: 'MEETBIT_ACCOUNT_ID', words: ['account'] },
      ...(suite.backerEventId === undefined
        ? []
        : [
            {
              field: 'backer_event_id',
              setting: 'MEETBIT_BACKER_EVENT_ID',
              words: ['backer event', 'backer'],
            },
          ]),
    ],
  };
}

function header(suite: SuiteConfig): string {
  const shard = suite.shard ? ` · shard ${suite.shard.index} of ${suite.shard.total}` : '';
  return (
    `MeetBit conformance · run ${suite.runId}${shard} · ${suite.target.kind} target: ${targetText(targetOf(suite))}` +
    // The one place the console names the seed: it is there from the start, even if the run is stopped.
    (suite.fuzzRequests > 0 ? ` · fuzz phase replays with MEETBIT_SEED=${suite.seed}` : '')
  );
}

function targetOf(suite: SuiteConfig): NoVerdict['target'] {
  return suite.target.kind === 'reference'
    ? { kind: 'reference' }
    : {
        kind: 'remote',
        baseUrl: suite.target.baseUrl,
        ...(suite.tenantName ? { name: suite.tenantName } : {}),
      };
}

function runPlaywright(extra: string[], env: Record<string, string> = {}, test = true): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, runnerArgv([...(test ? ['test'] : []), ...extra]), {
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.on('close', (code) => resolve(code ?? EXIT.suiteError));
  });
}

function readVerdict(
  reportsDir: string,
  runId?: string,
): { verdict?: Verdict; status?: 'passed' | 'failed'; baselineRefused?: boolean } {
  try {
    const report = JSON.parse(readFileSync(path.join(reportsDir, 'conformance.json'), 'utf8')) as {
      verdict?: Verdict;
      status?: 'passed' | 'failed';
      runId?: string;
      baselineRefused?: string;
    };
    // Cleared before the run, so a report is this run's; the run id proves it.
    if (runId !== undefined && report.runId !== runId) return {};
    return {
      ...(report.verdict ? { verdict: report.verdict } : {}),
      ...(report.status ? { status: report.status } : {}),
      ...(report.baselineRefused ? { baselineRefused: true } : {}),
    };
  } catch {
    return {};
  }
}
