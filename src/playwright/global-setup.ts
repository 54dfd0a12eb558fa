import type { FullConfig } from '@playwright/test';
import { announceReferenceTenant, loadConfig } from '../config/env';
import { DEFAULT_SPEC_PATH, validatedDigest } from '../contract/spec-digest';
import { serve } from '../tenant/http';
import { createReferenceTenant } from '../tenant/tenant';

/**
 * Runs once, in the runner's process, before any worker: validates the spec (workers then only
 * dereference it) and, when no tenant is configured, starts the reference tenant on a free port.
 * Environment variables set here reach the workers.
 */
/**
 * The burst's own instance: the reference tenant with a smaller bucket. Nothing else sends to it, so it need
 * not hold a whole run's requests; the burst meets its 429 after about 40 requests instead of 400 (measured:
 * 0.7 s less per bundled run). What the burst checks (the 429's status, type, body and Retry-After) is the
 * same answer from the same code.
 */
const BURST_INSTANCE_LIMIT = { capacity: 40, refillPerSecond: 20 };

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const config = loadConfig();
  // Validated before, byte for byte: the workers only dereference, and this process never loads the parser.
  const digest = validatedDigest(DEFAULT_SPEC_PATH);
  if (digest) process.env.MEETBIT_SPEC_VALIDATED = digest;
  else await (await import('../contract/spec')).loadSpec();
  if (config.target.kind === 'reference' && !config.target.baseUrl) {
    // Two instances: the burst exhausts its own instance's bucket, so it can run beside the other
    // tests in the same project instead of in a teardown project that starts one more worker.
    const [tenant, burst] = await Promise.all([
      serve(createReferenceTenant().handle),
      serve(createReferenceTenant({ rateLimit: BURST_INSTANCE_LIMIT }).handle),
    ]);
    announceReferenceTenant(tenant.baseUrl, burst.baseUrl);
    return async () => {
      await Promise.all([tenant.close(), burst.close()]);
    };
  }
  return async () => {};
}
