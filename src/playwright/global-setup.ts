import type { FullConfig } from '@playwright/test';
import { announceReferenceTenant, loadConfig } from '../config/env';
import { loadSpec } from '../contract';
import { serve } from '../tenant/http';
import { createReferenceTenant } from '../tenant/tenant';

/**
 * Runs once, in the runner's process, before any worker: validates the spec (workers then only
 * dereference it) and, when no tenant is configured, starts the reference tenant on a free port.
 * Environment variables set here reach the workers.
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const config = loadConfig();
  await loadSpec();
  if (config.target.kind === 'reference' && !config.target.baseUrl && !config.selftestTargets) {
    const tenant = await serve(createReferenceTenant().handle);
    announceReferenceTenant(tenant.baseUrl);
    return () => tenant.close();
  }
  return async () => {};
}
