import type { SuiteConfig } from '../config/config';
import { runSettingsOf } from '../config/coverage-settings';
import { suiteIdentity } from '../config/suite-identity';
import type { RunSettings, SuiteIdentity } from '../report/run-settings';

/**
 * What playwright.config.ts records in `metadata.conformance`: blob reports carry it into a merge, where the
 * conformance reporter has no configuration of its own to read.
 */
export interface RunMetadata {
  readonly target?: { readonly kind?: string; readonly baseUrl?: string };
  readonly tenantName?: string;
  readonly runId?: string;
  readonly strict?: boolean;
  readonly seed?: number;
  readonly suite?: SuiteIdentity;
  readonly settings?: RunSettings;
}

export function runMetadata(suite: SuiteConfig): RunMetadata {
  return {
    target: suite.target,
    ...(suite.tenantName ? { tenantName: suite.tenantName } : {}),
    runId: suite.runId,
    strict: suite.strict,
    seed: suite.seed,
    suite: suiteIdentity(),
    settings: runSettingsOf(suite),
  };
}
