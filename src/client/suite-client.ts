import type { SuiteConfig } from '../config/config';
import { TenantClient } from './client';
import { Pacer } from './pacer';

/**
 * A client of the run, as the settings shape it: the run's keys, timeout, pace (one worker's share of it) and
 * 429 bounds. The `api` fixture makes one per worker and target; the self-test's further fuzz seeds one per
 * tenant.
 */
export function suiteClient(config: SuiteConfig, baseUrl: string, workers: number): TenantClient {
  return new TenantClient({
    baseUrl,
    keys: { full: config.credentials, restricted: config.restrictedCredentials },
    timeoutMs: config.requestTimeoutMs,
    pacer: Pacer.fromBudget({
      baseRps: config.maxRequestsPerSecond,
      explicit: config.maxRequestsPerSecondIsSetting,
      ...(config.requestsPerSecond ? { pinnedRps: config.requestsPerSecond } : {}),
      workers,
    }),
    maxRetryAfterSeconds: config.maxRetryAfterSeconds,
    max429InARow: config.max429InARow,
    maxRateLimitWaitSeconds: config.maxRateLimitWaitSeconds,
    userAgent: `meetbit-conformance/0.1 (run ${config.runId})`,
  });
}
