import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REFERENCE_ACCOUNT_IDS, REFERENCE_KEYS } from '../../src/tenant/defaults';
import { childEnv, ROOT } from '../selftest/harness';
import { endedByItself, runChild } from './child';
import { reportSchemaErrors } from './report-schema';
import { testFolder } from './test-folder';

/**
 * `npm run conformance` as package.json defines it, without npm's own start-up: node's arguments, relative to
 * ROOT. The preload that starts Playwright early (src/cli/prestart.mjs) is part of what every CLI test runs.
 */
export const CONFORMANCE_NODE_ARGS: readonly string[] = conformanceScript();

function conformanceScript(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [command, ...args] = (scripts.conformance ?? '').split(' ');
  if (command !== 'node')
    throw new Error(`npm run conformance is not a node command: ${scripts.conformance}`);
  return args;
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
  readonly reportsDir: string;
  /** reports/conformance.json, when the run wrote one. */
  readonly report: Record<string, unknown> | undefined;
}

/**
 * Runs `npm run conformance` as a user would (the CLI, as a child process). The bound is against a hang:
 * a run that outlives it fails the test as a timeout, said so, never as a wrong exit code.
 */
export async function runConformanceCli(
  env: Record<string, string>,
  args: readonly string[] = [],
  timeoutMs = 120_000,
): Promise<CliRun> {
  const reportsDir = testFolder('cli');
  const run = await runChild(process.execPath, [...CONFORMANCE_NODE_ARGS, ...args], {
    cwd: ROOT,
    env: childEnv({ MEETBIT_REPORTS_DIR: reportsDir, ...env }),
    timeoutMs,
  });
  const { code, stdout, stderr, wallMs } = endedByItself(run, `npm run conformance ${args.join(' ')}`.trim());
  let report: Record<string, unknown> | undefined;
  try {
    report = JSON.parse(readFileSync(path.join(reportsDir, 'conformance.json'), 'utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    report = undefined;
  }
  // Every report a CLI run writes must match the documented schema, whatever the test is about.
  const schemaErrors = report ? reportSchemaErrors(report) : [];
  if (schemaErrors.length > 0)
    throw new Error(
      `conformance.json does not match docs/conformance.schema.json: ${schemaErrors.join('; ')}`,
    );
  return { code, stdout, stderr, wallMs, reportsDir, report };
}

/** Settings for a tenant at `baseUrl` that accepts the reference tenant's keys. */
export function tenantEnv(baseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    MEETBIT_BASE_URL: baseUrl,
    MEETBIT_ACCESS_KEY_ID: REFERENCE_KEYS.full.id,
    MEETBIT_ACCESS_KEY_SECRET: REFERENCE_KEYS.full.secret,
    MEETBIT_RESTRICTED_ACCESS_KEY_ID: REFERENCE_KEYS.restricted.id,
    MEETBIT_RESTRICTED_ACCESS_KEY_SECRET: REFERENCE_KEYS.restricted.secret,
    MEETBIT_ACCOUNT_ID: String(REFERENCE_ACCOUNT_IDS[0]),
    // A tenant the test started and throws away: the generous treatment, as before the safe defaults.
    MEETBIT_DISPOSABLE_TENANT: '1',
    MEETBIT_MAX_RPS: '1000',
    // One worker, a user's default: a second costs each run a worker's start (about a second of CPU, ~40 runs).
    // The tests that need two at once (the ledger of two workers, the cut-short fuzz phase's halves) set 2.
    MEETBIT_CONCURRENCY: '1',
    MEETBIT_REQUEST_TIMEOUT_MS: '1500',
    // These tests are about the CLI and its exit codes: a small fuzz phase keeps them within their time bounds.
    MEETBIT_FUZZ_REQUESTS: '10',
    ...extra,
  };
}
