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
  dotenv.config({ quiet: true });
  const result = parseConfig(process.env);
  if (!result.ok) throw new ConfigError(result.problems);
  process.env.MEETBIT_RUN_ID = result.config.runId;
  // Like the run id: drawn once, in the runner, and inherited by every worker.
  process.env.MEETBIT_SEED = String(result.config.seed);
  cached = result.config;
  return cached;
}

/** For the start of a run: the reference tenant's address, once it listens. */
export function announceReferenceTenant(baseUrl: string): void {
  process.env.MEETBIT_REFERENCE_TENANT_URL = baseUrl;
  cached = undefined;
}
