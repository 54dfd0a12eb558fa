import type { PaceSetting, RunSettings } from '../report/run-settings';
import type { SuiteConfig } from './config';

/** Facts about the settings, never their values: see RunSettings. */
export function runSettingsOf(suite: SuiteConfig): RunSettings {
  return {
    keyWithoutPermission: suite.restrictedCredentials !== undefined,
    rateLimitBurst: suite.allowRateLimitTest,
    strict: suite.strict,
    fuzzRequests: suite.fuzzRequests,
    fuzzPublic: suite.fuzzPublic,
    pace: startingPace(suite),
    disposable: suite.disposable,
  };
}

export function startingPace(suite: SuiteConfig): PaceSetting {
  if (suite.requestsPerSecond !== undefined) return { rps: suite.requestsPerSecond, from: 'MEETBIT_RPS' };
  return {
    rps: suite.maxRequestsPerSecond,
    from: suite.maxRequestsPerSecondIsSetting ? 'MEETBIT_MAX_RPS' : 'default',
  };
}
