import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { EXIT } from '../../src/report/verdict-words';
import type { Plan } from '../../src/playwright/plan';
import { createReferenceTenant } from '../../src/tenant/tenant';
import { childEnv, ROOT } from '../selftest/harness';
import { endedByItself, runChild } from '../support/child';
import { runConformanceCli, tenantEnv } from '../support/cli';
import { testFolder } from '../support/test-folder';
import { countingTenant } from './counting-tenant';

/**
 * Two shards of one run (the nightly workflow's shape): same run id, same tenant and key, the burst
 * opted in. Neither may step on the other, and the merged report counts each test once.
 */
test('two shards of one run against one tenant: both pass, the burst runs once, no public_id is shared', async () => {
  test.setTimeout(240_000);
  const reference = createReferenceTenant();
  const { tenant, seen } = await countingTenant(reference.handle);
  try {
    const env = tenantEnv(tenant.baseUrl, {
      MEETBIT_RUN_ID: 'gh-42-1',
      MEETBIT_ALLOW_RATE_LIMIT_TEST: '1',
      MEETBIT_BLOB_REPORT: '1',
    });
    const plans = await Promise.all(
      [1, 2].map(async (shard) => {
        const listed = await runConformanceCli(env, ['--list', '--json', `--shard=${shard}/2`]);
        return JSON.parse(listed.stdout) as Plan;
      }),
    );
    expect(plans.map((plan) => plan.tests.filter((t) => t.caseId === 'rate-limit.burst').length)).toEqual([
      1, 0,
    ]);
    expect(seen).toHaveLength(0);

    const runs = await Promise.all(
      [1, 2].map((shard) => runConformanceCli(env, [`--shard=${shard}/2`], 200_000)),
    );
    for (const run of runs) expect(run.code, run.stdout + run.stderr).toBe(EXIT.conforms);

    const burst = seen.filter((r) => r.title?.includes('rate-limit.burst'));
    expect(burst.length).toBeGreaterThan(0);
    expect(new Set(burst.map((r) => r.publicId)).size, 'one burst, from one runner').toBe(1);
    expect(burst[0]!.publicId).toContain('-s1w');
    // Every id carries its shard; each conference was created once, none "already taken".
    const ids = seen.map((r) => r.publicId).filter((id): id is string => id?.startsWith('mbct-') ?? false);
    // Boundary cases append their characters to a fresh id, so the id starts with its shard's part; the
    // preflight's setup create is worker `p` of its shard.
    expect(ids.filter((id) => !/^mbct-gh-42-1-s[12]w(\d+|p)-\d{3}/.test(id))).toEqual([]);
    const shards = new Set(ids.map((id) => /-(s[12])w/.exec(id)![1]));
    expect([...shards].sort()).toEqual(['s1', 's2']);
    const created = [...reference.conferences.values()].map((c) => c.public_id);
    expect(created.length).toBe(plans[0]!.conferencesCreated + plans[1]!.conferencesCreated);
    expect(new Set(created).size).toBe(created.length);

    // The merge: both blob reports into one, each test once.
    const blobs = testFolder('blobs');
    for (const run of runs) {
      const dir = path.join(run.reportsDir, 'blob-report');
      for (const file of readdirSync(dir)) copyFileSync(path.join(dir, file), path.join(blobs, file));
    }
    const merged = testFolder('merged');
    mkdirSync(merged, { recursive: true });
    const mergeRun = endedByItself(
      await runChild(
        process.execPath,
        [
          path.join(ROOT, 'node_modules/@playwright/test/cli.js'),
          'merge-reports',
          '--config',
          'playwright.config.ts',
          blobs,
        ],
        { cwd: ROOT, env: childEnv({ MEETBIT_REPORTS_DIR: merged }), timeoutMs: 120_000 },
      ),
      'merge-reports',
    );
    expect(mergeRun.code, mergeRun.stdout + mergeRun.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(merged, 'conformance.json'), 'utf8')) as {
      verdict: string;
      tests: { id: string }[];
      suite: { version: string | null };
      settings: { pace: { from: string }; rateLimitBurst: boolean; keyWithoutPermission: boolean } | null;
    };
    expect(report.verdict).toBe('conforms');
    // The shards' metadata, carried by their blob reports: not the merging process's own settings.
    expect(report.suite.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.settings).toMatchObject({
      pace: { from: 'MEETBIT_MAX_RPS' },
      rateLimitBurst: true,
      keyWithoutPermission: true,
    });
    const planned = plans.flatMap((plan) => plan.tests.map((t) => t.caseId));
    expect(report.tests.map((c) => c.id).sort()).toEqual(planned.sort());
  } finally {
    await tenant.close();
  }
});
