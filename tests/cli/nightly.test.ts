import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { ConformanceReport } from '../../src/report/model';
import { EXIT } from '../../src/report/verdict-words';
import { REFERENCE_ACCOUNT_IDS, REFERENCE_KEYS } from '../../src/tenant/defaults';
import { createReferenceTenant } from '../../src/tenant/tenant';
import { loadWorkflow, newStore, runJob, type Contexts, type JobRun } from '../support/actions-runner';
import { runConformanceCli, tenantEnv } from '../support/cli';
import { serveNights, type Night } from '../support/night-tenant';
import { reportSchemaErrors } from '../support/report-schema';
import { fixedTestFolder, testFolder } from '../support/test-folder';

const TENANT = 'nightly-sim';
const HOURS = 3600 * 1000;

/**
 * The nightly workflow's own steps (.github/workflows/conformance.yml), run on three simulated nights of one
 * tenant: the tenants job, both shards, the report job with its cache of last night, its job summary and
 * its alert (a fake `gh`). Only checkout, install, artifacts and cache are simulated (tests/support/
 * actions-runner.ts), and the pace: 0.4 requests/s would make a night of a loopback tenant ten minutes.
 *
 * Night 1: a title limit of 300. Night 2: the title fixed, 6 attendees accepted, created_at two hours old,
 * one answer in four 200 ms slower (the p95 of every kind of answer grows by 200 ms; every answer slower
 * made the night half a minute longer and showed nothing more). Night 3: the same defects, at night 1's speed.
 */
test('three nights of the workflow: what changed, the failure policy, the cache, the history, the summary and the alert', async () => {
  test.setTimeout(900_000);
  const workflow = loadWorkflow();
  // One path per worker slot, run after run: two copies of this test at once (`--repeat-each`) must not share it.
  const store = newStore(fixedTestFolder(`actions-nightly-${test.info().parallelIndex}`));
  const bin = mkdtempSync(path.join(tmpdir(), 'meetbit-gh-'));
  const ghLog = path.join(bin, 'calls.log');
  // The alert's `gh`: records what it is asked, finds no open issue.
  writeFileSync(path.join(bin, 'gh'), `#!/bin/sh\necho "$@" >> '${ghLog}'\n`);
  chmodSync(path.join(bin, 'gh'), 0o755);
  const tenants = JSON.stringify({
    tenants: [
      {
        name: TENANT,
        environment: 'conformance-sim',
        burst: 'always',
        failOn: 'new',
        maxResponseMs: 5000,
        openIssue: true,
      },
    ],
  });
  const night1: Night = { handler: createReferenceTenant({ rules: { titleMaxLength: 300 } }).handle };
  const tenant = await serveNights(night1);
  const secrets = {
    MEETBIT_BASE_URL: tenant.baseUrl,
    MEETBIT_ACCESS_KEY_ID: REFERENCE_KEYS.full.id,
    MEETBIT_ACCESS_KEY_SECRET: REFERENCE_KEYS.full.secret,
    MEETBIT_RESTRICTED_ACCESS_KEY_ID: REFERENCE_KEYS.restricted.id,
    MEETBIT_RESTRICTED_ACCESS_KEY_SECRET: REFERENCE_KEYS.restricted.secret,
    MEETBIT_ACCOUNT_ID: String(REFERENCE_ACCOUNT_IDS[0]),
  };
  const overlay = {
    MEETBIT_MAX_RPS: '1000',
    // A throwaway tenant of this test: the full burst (its limit lies above the 300 a real tenant gets).
    MEETBIT_DISPOSABLE_TENANT: '1',
    // One worker a shard: the two shards of a night already run side by side.
    MEETBIT_CONCURRENCY: '1',
    MEETBIT_REQUEST_TIMEOUT_MS: '5000',
    // The same generated inputs every night: what changes is the tenant.
    MEETBIT_FUZZ_REQUESTS: '10',
    MEETBIT_SEED: '7',
    PATH: `${bin}:${process.env.PATH ?? ''}`,
  };

  const night = async (runId: number, behaviour: Night) => {
    tenant.tonight(behaviour);
    const contexts: Contexts = {
      github: { run_id: String(runId), run_attempt: '1', event_name: 'schedule', token: 'not-a-token' },
      secrets,
      inputs: { tenants: '' },
      matrix: {},
      needs: {},
    };
    const read = await runJob(workflow.jobs.tenants!, contexts, {
      store,
      files: { '.github/conformance-tenants.json': tenants },
    });
    expect(read.failed, read.log).toBe(false);
    const list = JSON.parse(read.steps.read!.outputs.tenants!) as Record<string, unknown>[];
    expect(list).toEqual([
      {
        name: TENANT,
        environment: 'conformance-sim',
        allowBurst: '1',
        failOn: 'new',
        maxResponseMs: '5000',
        openIssue: true,
      },
    ]);
    const needs = { tenants: { result: 'success', outputs: { tenants: JSON.stringify(list) } } };
    const shards = await Promise.all(
      [1, 2].map((shard) =>
        runJob(
          workflow.jobs.run!,
          { ...contexts, needs, matrix: { tenant: list[0], shard } },
          { store, overlay },
        ),
      ),
    );
    for (const shard of shards) expect(shard.failed, shard.log).toBe(false);
    const job = await runJob(
      workflow.jobs.report!,
      {
        ...contexts,
        needs: { ...needs, run: { result: 'success', outputs: {} } },
        matrix: { tenant: list[0] },
      },
      { store, overlay },
    );
    const report = JSON.parse(
      readFileSync(path.join(job.workspace, 'reports/conformance.json'), 'utf8'),
    ) as ConformanceReport;
    expect(reportSchemaErrors(report)).toEqual([]);
    return { job, report };
  };
  const merged = (job: JobRun) => job.exits['Merge the shards and compare with last night'];
  const history = (job: JobRun) =>
    readFileSync(path.join(job.workspace, 'nightly/history.jsonl'), 'utf8').trim().split('\n');
  const ghCalls = () => (existsSync(ghLog) ? readFileSync(ghLog, 'utf8').trim().split('\n') : []);
  const musts = (changes: readonly { requirement: string; level: string }[]) =>
    changes.filter((c) => c.level === 'must').map((c) => c.requirement);

  try {
    // Night 1: nothing to compare with; every MUST problem fails the night, as without a baseline.
    const first = await night(1001, night1);
    expect(first.report.verdict).toBe('does-not-conform');
    expect(first.report.changes).toBeUndefined();
    expect(first.report.problems.map((p) => p.requirement)).toContain('request.title.maxLength');
    expect(merged(first.job), first.job.log).toBe(EXIT.doesNotConform);
    expect(first.job.failed).toBe(true);
    expect(first.job.summary).toContain('## MeetBit conformance: ❌ does not conform');
    expect(history(first.job)).toHaveLength(1);
    expect(ghCalls()).toEqual([]);

    // Night 2: another defect, a warning, and slower: the change leads, the new MUST fails the night.
    // A bucket of 100, not 400: with slow answers, the burst would take four times as long to empty 400.
    const second = await night(1002, {
      handler: createReferenceTenant({
        rules: { attendeesMax: 6 },
        now: () => new Date(Date.now() - 2 * HOURS),
        rateLimit: { capacity: 100, refillPerSecond: 20 },
      }).handle,
      slow: { delayMs: 200, every: 4 },
    });
    const changes = second.report.changes!;
    expect(second.report.baseline).toMatchObject({ runId: 'gh-1001-1', verdict: 'does-not-conform' });
    expect(musts(changes.new)).toEqual(['request.online_conference_attendees.maxItems']);
    expect(musts(changes.resolved)).toEqual(['request.title.maxLength']);
    expect(changes.new.map((c) => c.requirement)).toContain('convention.server-fields-plausible');
    expect(changes.latency.map((r) => r.kind)).toContain('overall');
    expect(second.report.verdict).toBe('does-not-conform');
    expect(merged(second.job), second.job.log).toBe(EXIT.doesNotConform);
    expect(second.job.summary.split('\n')[0]).toMatch(
      /^\*\*What changed:\*\* 1 new problem, \d+ new warnings?, 1 resolved, \d+ latency regressions?.* since run gh-1001-1 of /,
    );
    expect(second.job.summary).toContain('MEETBIT\\_FAIL\\_ON=new: the run fails on new MUST problem');
    expect(ghCalls()).toEqual([
      expect.stringMatching(
        /^issue list --state open --search "Conformance: new problems on nightly-sim" in:title/,
      ),
      'issue create --title Conformance: new problems on nightly-sim --body-file reports/summary.md',
    ]);

    // Night 3: the same defects (answering faster again is no news): one line, exit 0, the verdict unchanged.
    const third = await night(1003, {
      handler: createReferenceTenant({
        rules: { attendeesMax: 6 },
        now: () => new Date(Date.now() - 2 * HOURS),
      }).handle,
    });
    expect(third.report.verdict).toBe('does-not-conform');
    expect(third.report.changes).toMatchObject({ new: [], resolved: [], latency: [] });
    expect(merged(third.job), third.job.log).toBe(EXIT.conforms);
    expect(third.job.failed, third.job.log).toBe(false);
    expect(third.job.summary.trim().split('\n')).toHaveLength(1);
    // With the restricted key and the burst, every MUST was verified: only the defects keep it from conforming.
    expect(third.report.coverage.notVerified.filter((entry) => entry.level === 'must')).toEqual([]);
    expect(third.job.summary).toMatch(
      /^\*\*nightly-sim\*\*: Nothing changed since run gh-1002-1 of .* · does not conform · run gh-1003-1\.\n$/,
    );
    expect(history(third.job)).toHaveLength(3);
    expect(third.report.history?.runs.map((run) => run.runId)).toEqual([
      'gh-1001-1',
      'gh-1002-1',
      'gh-1003-1',
    ]);
    expect(ghCalls()).toHaveLength(2);
    rmSync(store.root, { recursive: true, force: true, maxRetries: 3 });
    rmSync(bin, { recursive: true, force: true });
  } finally {
    // A failed night's workspaces stay for a look (the assertion says which); a passed test leaves nothing.
    await tenant.close();
  }
});

test('a baseline of another tenant is refused before any request: exit 2, and the reason in the report', async () => {
  const connections: number[] = [];
  const port = createServer((socket) => {
    connections.push(1);
    socket.destroy();
  });
  await new Promise<void>((resolve) => port.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(port.address() as AddressInfo).port}/api/public/v2.0`;
  try {
    const baseline = path.join(testFolder('baseline'), 'staging.json');
    writeFileSync(
      baseline,
      JSON.stringify({
        format: 'meetbit-conformance/3',
        operation: 'POST /online_conferences',
        target: { kind: 'remote', name: 'staging', baseUrl },
        runId: 'gh-1-1',
        verdict: 'conforms',
        suite: { version: '0.1.0', commit: null },
        problems: [],
        requirements: [],
      }),
    );
    const run = await runConformanceCli(tenantEnv(baseUrl, { MEETBIT_TENANT_NAME: 'production' }), [
      '--baseline',
      baseline,
    ]);
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.configuration);
    expect(run.stderr).toContain('is of another tenant: "staging", this run "production"');
    expect(run.report).toMatchObject({ verdict: 'configuration-error' });
    expect(connections).toEqual([]);
  } finally {
    port.close();
  }
});
