import { expect, test } from '@playwright/test';
import { EXIT } from '../../src/report/verdict-words';
import { serve } from '../../src/tenant/http';
import { createReferenceTenant } from '../../src/tenant/tenant';
import { runConformanceCli, tenantEnv } from '../support/cli';

test.describe.configure({ timeout: 240_000 });

interface ReportedProblem {
  readonly fingerprint: string;
  readonly requirement: string;
  readonly level: string;
}

/**
 * The same defect on the same tenant keeps its fingerprint whatever the seed and the run id: what a nightly
 * baseline compares. A title limit of 300: the 256-character scenario, the fuzz phase and the echoed title
 * are one problem, with one fingerprint, in both runs.
 */
test('a defect keeps its fingerprint across runs with different seeds and run ids', async () => {
  const tenant = await serve(createReferenceTenant({ rules: { titleMaxLength: 300 } }).handle);
  try {
    const runs: ReportedProblem[][] = [];
    for (const [seed, runId] of [
      ['1', 'fingerprint-night-1'],
      ['2', 'fingerprint-night-2'],
    ] as const) {
      const run = await runConformanceCli(
        tenantEnv(tenant.baseUrl, { MEETBIT_SEED: seed, MEETBIT_RUN_ID: runId, MEETBIT_FUZZ_REQUESTS: '40' }),
        ['specs/scenarios.spec.ts', 'specs/fuzz.spec.ts'],
        200_000,
      );
      expect(run.code, run.stdout + run.stderr).toBe(EXIT.doesNotConform);
      runs.push((run.report?.problems ?? []) as ReportedProblem[]);
    }
    const [first, second] = runs.map((problems) =>
      problems.filter((p) => p.level === 'must').map((p) => `${p.requirement} ${p.fingerprint}`),
    );
    expect(first).toHaveLength(1);
    expect(first?.[0]).toMatch(/^request\.title\.maxLength [0-9a-f]{16}$/);
    expect(second).toEqual(first);
  } finally {
    await tenant.close();
  }
});
