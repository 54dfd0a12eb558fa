import dotenv from 'dotenv';
import { formatProblems, parseConfig, type SuiteConfig } from './config';

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
  }
}

let cached: SuiteConfig | undefined;

/**
 * The only place that reads the process environment. `.env` fills in what the real environment
 * leaves unset; the run id is fixed here so every worker of a run shares it.
 */
export function loadConfig(): SuiteConfig {
  if (cached) return cached;
  const before = new Set(Object.keys(process.env));
  dotenv.config({ quiet: true });
  // What .env added: a problem with one of them says "in .env", where the user will look.
  const fromDotenv = new Set(Object.keys(process.env).filter((name) => !before.has(name)));
  // Playwright's own --shard, seen in the runner's argv; workers inherit it through the environment.
  const shard = shardArgument(process.argv);
  if (shard !== undefined) process.env.MEETBIT_SHARD = shard;
  const result = parseConfig(process.env, fromDotenv);
  if (!result.ok) throw new ConfigError(result.problems);
  process.env.MEETBIT_RUN_ID = result.config.runId;
  // Like the run id: drawn once, in the runner, and inherited by every worker.
  process.env.MEETBIT_SEED = String(result.config.seed);
  cached = result.config;
  return cached;
}

/** For the start of a run: the reference tenant's address, once it listens, and the burst's own one. */
export function announceReferenceTenant(baseUrl: string, burstBaseUrl?: string): void {
  process.env.MEETBIT_REFERENCE_TENANT_URL = baseUrl;
  if (burstBaseUrl) process.env.MEETBIT_REFERENCE_BURST_URL = burstBaseUrl;
  cached = undefined;
}

/** The value of `--shard=1/2` or `--shard 1/2` in a command line. */
export function shardArgument(argv: readonly string[]): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg.startsWith('--shard=')) return arg.slice('--shard='.length);
    if (arg === '--shard') return argv[i + 1];
  }
  return undefined;
}
