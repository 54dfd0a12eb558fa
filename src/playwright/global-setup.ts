import type { FullConfig } from '@playwright/test';
import { announceReferenceTenant, loadConfig } from '../config/env';
import { DEFAULT_SPEC_PATH, validatedDigest } from '../contract/spec-digest';
import { serve } from '../tenant/http';
import { BURST_INSTANCE_LIMIT, createReferenceTenant } from '../tenant/tenant';

/**
 * Runs once, in the runner's process, before any worker: validates the spec (workers then only
 * dereference it) and, when no tenant is configured, starts the reference tenant on a free port.
 * Environment variables set here reach the workers.
 */
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
      // Measured: 0.7 s less per bundled run than a burst that empties the bucket of 400.
      serve(createReferenceTenant({ rateLimit: BURST_INSTANCE_LIMIT }).handle),
    ]);
    announceReferenceTenant(tenant.baseUrl, burst.baseUrl);
    return async () => {
      await Promise.all([tenant.close(), burst.close()]);
    };
  }
  return async () => {};
}
