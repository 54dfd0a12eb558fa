import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { TenantClient } from '../client/client';
import { Pacer } from '../client/pacer';
import { preflight } from '../client/preflight';
import type { SuiteConfig } from '../config/config';
import { ConfigError, loadConfig } from '../config/env';
import { EXIT, exitCodeFor, type Verdict } from './exit-codes';

/**
 * `npm run conformance [-- playwright args]`: checks the settings, preflights a configured tenant,
 * runs the suite, and exits with a code that tells a verdict from an infrastructure fault.
 */
const args = process.argv.slice(2);
const playwrightCli = createRequire(import.meta.url).resolve('@playwright/test/cli');

let config: SuiteConfig;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(EXIT.configuration);
}

const target = config.target.kind === 'reference' ? 'the bundled reference tenant' : config.target.baseUrl;
console.log(
  `MeetBit conformance · run ${config.runId} · target ${target} · seed ${config.seed} ` +
    `(MEETBIT_SEED=${config.seed} replays the fuzz phase)`,
);

if (args.includes('--list')) {
  process.exit(
    await runPlaywright([
      '--list',
      '--reporter',
      path.resolve(import.meta.dirname, '../playwright/plan-reporter.ts'),
    ]),
  );
}

if (config.target.kind === 'remote') {
  const started = Date.now();
  const client = new TenantClient({
    baseUrl: config.target.baseUrl,
    keys: { full: config.credentials, restricted: config.restrictedCredentials },
    timeoutMs: Math.min(config.requestTimeoutMs, 10_000),
    pacer: new Pacer(0),
    maxRetryAfterSeconds: 0,
    max429InARow: 1,
    userAgent: `meetbit-conformance/0.1 (run ${config.runId}; preflight)`,
  });
  const problem = await preflight(client, config.target.baseUrl);
  if (problem) {
    const infrastructure = problem.kind === 'infrastructure';
    console.error(
      `\nPreflight failed after ${((Date.now() - started) / 1000).toFixed(1)} s: ${problem.message}\n` +
        (infrastructure
          ? 'This is an infrastructure error, not a conformance verdict; the suite did not run.'
          : 'This is a configuration problem; the suite did not run.'),
    );
    writePreflightReport(config, problem.kind, problem.message);
    process.exit(infrastructure ? EXIT.infrastructure : EXIT.configuration);
  }
  console.log(
    `Preflight passed in ${((Date.now() - started) / 1000).toFixed(1)} s (${client.stats.requests} requests, nothing created).`,
  );
}

const playwrightExit = await runPlaywright(args);
const verdict = readVerdict(config);
if (verdict === undefined) {
  // No report: the run did not get as far as its reporter, which is the suite's own failure.
  console.error(
    `No ${path.join(config.reportsDir, 'conformance.json')} was written (Playwright exited ${playwrightExit}).`,
  );
  process.exit(EXIT.suiteError);
}
process.exit(exitCodeFor(verdict));

function runPlaywright(extra: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [playwrightCli, 'test', ...extra], {
      stdio: 'inherit',
      env: process.env,
    });
    child.on('close', (code) => resolve(code ?? EXIT.suiteError));
  });
}

function readVerdict(suite: SuiteConfig): Verdict | undefined {
  try {
    const report = JSON.parse(readFileSync(path.join(suite.reportsDir, 'conformance.json'), 'utf8')) as {
      verdict?: Verdict;
      status?: 'passed' | 'failed';
    };
    // An expired or malformed waiver fails the run even when every check passed.
    if (report.verdict === 'conforms' && report.status === 'failed') {
      console.error('The checks passed, but the run failed: see the waiver problems in conformance.md.');
      return 'does-not-conform';
    }
    return report.verdict;
  } catch {
    return undefined;
  }
}

function writePreflightReport(
  suite: SuiteConfig,
  kind: 'infrastructure' | 'configuration',
  message: string,
): void {
  mkdirSync(suite.reportsDir, { recursive: true });
  const baseUrl = suite.target.baseUrl ?? null;
  const report = {
    verdict: kind === 'infrastructure' ? 'infrastructure-error' : 'configuration-error',
    target: { baseUrl },
    runId: suite.runId,
    time: new Date().toISOString(),
    preflight: { ok: false, kind, message },
    checks: [],
  };
  writeFileSync(path.join(suite.reportsDir, 'conformance.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(
    path.join(suite.reportsDir, 'conformance.md'),
    `# MeetBit conformance: no verdict\n\nTarget: ${baseUrl}\n\n**Preflight failed (${kind}):** ${message}\n`,
  );
}
