import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
import { clearPreviousReports, withheldFiles } from './reports-folder';

/**
 * `npm run conformance [-- playwright args]`: checks the settings, preflights a configured tenant,
 * runs the suite, and exits with a code that tells a verdict from an infrastructure fault. Every exit
 * code comes from this run: the previous run's reports are removed before anything else.
 */
// Suite options are ours; everything else passes through to Playwright.
const argv = process.argv.slice(2);
if (argv.includes('--strict')) process.env.MEETBIT_STRICT = '1';
const args = argv.filter((arg) => arg !== '--strict' && arg !== '--requirements');
const playwrightCli = createRequire(import.meta.url).resolve('@playwright/test/cli');
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

let config: SuiteConfig;
try {
  config = loadConfig();
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
  });
  console.log(
    `Preflight passed in ${seconds} s (${client.stats.requests} requests, ${created ? '1 conference created' : 'nothing created'}${warnings.length ? '; with the warnings above' : ''}).`,
  );
}

const playwrightExit = await runPlaywright(args);
const { verdict, status } = readVerdict(config);
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
process.exit(exitCodeFor(verdict, status));

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

function runPlaywright(extra: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [playwrightCli, 'test', ...extra], {
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.on('close', (code) => resolve(code ?? EXIT.suiteError));
  });
}

function readVerdict(suite: SuiteConfig): { verdict?: Verdict; status?: 'passed' | 'failed' } {
  try {
    const report = JSON.parse(readFileSync(path.join(suite.reportsDir, 'conformance.json'), 'utf8')) as {
      verdict?: Verdict;
      status?: 'passed' | 'failed';
      runId?: string;
    };
    // Cleared before the run, so a report is this run's; the run id proves it.
    if (report.runId !== suite.runId) return {};
    return {
      ...(report.verdict ? { verdict: report.verdict } : {}),
      ...(report.status ? { status: report.status } : {}),
    };
  } catch {
    return {};
  }
}
