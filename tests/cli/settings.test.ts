import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { EXIT } from '../../src/report/verdict-words';
import { parseConfig } from '../../src/config/config';
import { SETTINGS } from '../../src/config/settings';
import { serve } from '../../src/tenant/http';
import { createReferenceTenant } from '../../src/tenant/tenant';
import { API_BASE_PATH } from '../../src/tenant/defaults';
import { ROOT } from '../selftest/harness';
import { runConformanceCli, tenantEnv } from '../support/cli';
import { testFolder } from '../support/test-folder';

// Each runs the CLI, some the whole suite: bounded by the CLI's own timeouts, generous on a busy machine.
test.describe.configure({ mode: 'parallel', timeout: 240_000 });

/** A port that counts the connections it gets: proof that nothing was sent. */
async function countingPort(): Promise<{ server: Server; baseUrl: string; connections: () => number }> {
  let count = 0;
  const server = createServer((socket) => {
    count += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${API_BASE_PATH}`;
  return { server, baseUrl, connections: () => count };
}

test.describe('the bundled reference tenant only when nothing names a tenant', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      'an empty MEETBIT_BASE_URL (a missing GitHub secret) with keys',
      {
        MEETBIT_BASE_URL: '',
        MEETBIT_ACCESS_KEY_ID: 'id',
        MEETBIT_ACCESS_KEY_SECRET: 's',
        MEETBIT_ACCOUNT_ID: '4',
      },
      /MEETBIT_BASE_URL is set but empty/,
    ],
    [
      'MEETBIT_TENANT_NAME alone',
      { MEETBIT_TENANT_NAME: 'staging' },
      /MEETBIT_BASE_URL is not set, but MEETBIT_TENANT_NAME names a tenant/,
    ],
    [
      'keys and an account id without a URL',
      { MEETBIT_ACCESS_KEY_ID: 'id', MEETBIT_ACCESS_KEY_SECRET: 's', MEETBIT_ACCOUNT_ID: '4' },
      /MEETBIT_BASE_URL is not set, but MEETBIT_ACCESS_KEY_ID, MEETBIT_ACCESS_KEY_SECRET, MEETBIT_ACCOUNT_ID name a tenant/,
    ],
    [
      'every secret of the workflow empty',
      Object.fromEntries(SETTINGS.filter((s) => s.namesTenant).map((s) => [s.name, ''])),
      /MEETBIT_BASE_URL and MEETBIT_PRIMARY_DOMAIN are set but empty/,
    ],
  ];
  for (const [what, env, message] of cases) {
    test(`${what}: a configuration error naming the missing setting`, () => {
      const result = parseConfig(env);
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : result.problems).toEqual([expect.stringMatching(message)]);
    });
  }

  test('nothing set, or only settings that do not name a tenant: the reference tenant', () => {
    const result = parseConfig({ MEETBIT_MAX_RPS: '5', MEETBIT_REPORTS_DIR: 'out' });
    expect(result.ok && result.config.target.kind).toBe('reference');
  });

  test('the CLI exits 2 for MEETBIT_BASE_URL= with keys, and for MEETBIT_TENANT_NAME=staging alone, sending nothing', async () => {
    const { server, connections } = await countingPort();
    try {
      const keys = tenantEnv('x');
      const runs = await Promise.all([
        runConformanceCli({ ...keys, MEETBIT_BASE_URL: '' }),
        runConformanceCli({ MEETBIT_TENANT_NAME: 'staging' }),
      ]);
      for (const run of runs) {
        expect(run.code, run.stdout + run.stderr).toBe(EXIT.configuration);
        expect(run.stderr).toMatch(/MEETBIT_BASE_URL is (set but empty|not set)/);
        expect(run.stdout).not.toContain('reference');
        expect(run.report?.verdict).toBe('configuration-error');
        expect(run.report?.target).toEqual({ kind: 'remote' });
      }
      expect(connections()).toBe(0);
    } finally {
      server.close();
    }
  });
});

test.describe('--help', () => {
  test('exits 0 without configuration, names every setting of .env.example, the exit codes and pass-through options, sends nothing', async () => {
    const { server, baseUrl, connections } = await countingPort();
    try {
      // A broken configuration too: help needs none.
      const run = await runConformanceCli({ MEETBIT_BASE_URL: baseUrl, MEETBIT_ACCOUNT_ID: 'x' }, ['--help']);
      expect(run.code, run.stderr).toBe(0);
      const example = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
      const documented = [...new Set(example.match(/MEETBIT_[A-Z0-9_]+/g))];
      expect(documented.length).toBeGreaterThan(15);
      for (const name of documented) expect(run.stdout, name).toContain(name);
      for (const setting of SETTINGS)
        expect(example, `${setting.name} in .env.example`).toContain(setting.name);
      const settingsPage = readFileSync(path.join(ROOT, 'docs/settings.md'), 'utf8');
      for (const setting of SETTINGS)
        expect(settingsPage, `${setting.name} in docs/settings.md`).toContain(setting.name);
      expect(run.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 .*\n {2}4 /);
      expect(run.stdout).toContain('--shard');
      expect(run.stdout).not.toContain('--headed   ');
      expect(run.report, 'help writes no report').toBeUndefined();
      expect(connections()).toBe(0);
    } finally {
      server.close();
    }
  });
});

test('--list --json opens no connection to the tenant and touches no report', async () => {
  const { server, baseUrl, connections } = await countingPort();
  const reportsDir = testFolder('reports');
  writeFileSync(path.join(reportsDir, 'conformance.json'), '{"runId":"earlier"}');
  try {
    const run = await runConformanceCli(tenantEnv(baseUrl, { MEETBIT_REPORTS_DIR: reportsDir }), [
      '--list',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as { requests: number; conferencesCreated: number };
    expect(plan.requests).toBeGreaterThan(100);
    expect(plan.conferencesCreated).toBeGreaterThan(0);
    expect(connections()).toBe(0);
    expect(readFileSync(path.join(reportsDir, 'conformance.json'), 'utf8')).toBe('{"runId":"earlier"}');
  } finally {
    server.close();
  }
});

test.describe("each run's reports are its own", () => {
  test('after a passing run, a run whose preflight fails leaves no file of the earlier run', async () => {
    const tenant = await serve(createReferenceTenant().handle);
    const reportsDir = testFolder('reports');
    try {
      const passing = await runConformanceCli(
        tenantEnv(tenant.baseUrl, { MEETBIT_REPORTS_DIR: reportsDir, MEETBIT_BLOB_REPORT: '1' }),
        ['specs/create.spec.ts'],
        120_000,
      );
      expect(passing.code, passing.stdout + passing.stderr).toBe(EXIT.conforms);
      for (const name of ['junit.xml', 'playwright-html', 'created.json', 'created.jsonl', 'blob-report'])
        expect(existsSync(path.join(reportsDir, name)), name).toBe(true);
      writeFileSync(path.join(reportsDir, 'not-ours.txt'), 'a file the suite does not own');
      await tenant.close();

      const failing = await runConformanceCli(
        tenantEnv(tenant.baseUrl, { MEETBIT_REPORTS_DIR: reportsDir, MEETBIT_RUN_ID: 'second-run' }),
      );
      expect(failing.code, failing.stdout + failing.stderr).toBe(EXIT.infrastructure);
      const { readdirSync } = await import('node:fs');
      expect(readdirSync(reportsDir).sort()).toEqual([
        'conformance.html',
        'conformance.json',
        'conformance.md',
        'not-ours.txt',
      ]);
      const report = JSON.parse(readFileSync(path.join(reportsDir, 'conformance.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(report).toMatchObject({
        format: 'meetbit-conformance/3',
        verdict: 'infrastructure-error',
        runId: 'second-run',
        problems: [],
        target: { kind: 'remote', baseUrl: tenant.baseUrl },
      });
      expect(report.reason).toContain('connection-refused');
      expect(readFileSync(path.join(reportsDir, 'conformance.html'), 'utf8')).toContain('no verdict');
      expect(readFileSync(path.join(reportsDir, 'conformance.md'), 'utf8')).toContain('connection-refused');
    } finally {
      await tenant.close();
    }
  });

  test("an exit code never comes from an earlier run's report", async () => {
    // A report of another run, planted where this run's would be, and a run that writes none.
    const reportsDir = testFolder('reports');
    mkdirSync(reportsDir, { recursive: true });
    writeFileSync(
      path.join(reportsDir, 'conformance.json'),
      JSON.stringify({ verdict: 'conforms', status: 'passed', runId: 'old' }),
    );
    const run = await runConformanceCli({ MEETBIT_REPORTS_DIR: reportsDir }, ['--no-such-playwright-option']);
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.suiteError);
    expect(run.stderr).toMatch(/No .*conformance\.json of run \S+ was written/);
    expect(existsSync(path.join(reportsDir, 'conformance.json'))).toBe(false);
  });
});

test.describe('the pace', () => {
  test('MEETBIT_RPS above an explicit MEETBIT_MAX_RPS: exit 2, naming both, nothing sent', async () => {
    const { server, baseUrl, connections } = await countingPort();
    try {
      const run = await runConformanceCli(tenantEnv(baseUrl, { MEETBIT_RPS: '2000' }));
      expect(run.code, run.stdout + run.stderr).toBe(EXIT.configuration);
      expect(run.stderr).toContain('MEETBIT_RPS must not be above MEETBIT_MAX_RPS');
      expect(connections()).toBe(0);
    } finally {
      server.close();
    }
  });

  test('MEETBIT_RPS overrides a misread announcement; a header not understood is named in every report', async () => {
    // Reset as a delta of 27 hours: read as announced, the run would crawl at ~0.0006 requests/s.
    const { handle } = createReferenceTenant();
    const tenant = await serve((request) => {
      const response = handle(request);
      const headers = {
        ...response.headers,
        'x-ratelimit-limit': '120',
        'x-ratelimit-remaining': '119',
        'x-ratelimit-reset': '100000',
        'x-ratelimit-quota': 'generous',
      };
      return { ...response, headers };
    });
    try {
      const run = await runConformanceCli(tenantEnv(tenant.baseUrl, { MEETBIT_RPS: '50' }), [
        'specs/create.spec.ts',
      ]);
      expect(run.code, run.stdout + run.stderr).toBe(EXIT.conforms);
      const pacing = run.report?.pacing as { source: string; why: string; notUnderstood: string[] };
      expect(pacing).toMatchObject({ source: 'setting', notUnderstood: ['x-ratelimit-quota'] });
      expect(pacing.why).toMatch(
        /^MEETBIT_RPS=50, not the announced budget \(X-RateLimit-\*: \d+ of 120 left/,
      );
      expect(run.stdout).toMatch(
        /Paced at 50 requests\/s, setting: MEETBIT_RPS=50, not the announced budget/,
      );
      expect(run.stdout).toContain('x-ratelimit-quota');
      for (const name of ['conformance.md', 'conformance.html'])
        expect(readFileSync(path.join(run.reportsDir, name), 'utf8'), name).toContain(
          'not understood: x-ratelimit-quota',
        );
    } finally {
      await tenant.close();
    }
  });
});

test('an invalid MEETBIT_RUN_ID changes nothing in any report: a fresh id, no markup, no escape, no key', async () => {
  const key = 'pasted-secret-value-0123456789';
  const hostile = `x\` # Forged heading\n[link](http://evil.example/) ![i](http://evil.example/i.png) \u001b]52;c;eA==\u0007 ${key}`;
  const run = await runConformanceCli({ MEETBIT_RUN_ID: hostile, MEETBIT_ACCESS_KEY_SECRET: key });
  expect(run.code, run.stderr).toBe(EXIT.configuration);
  expect(run.stderr).toContain('MEETBIT_RUN_ID may hold only letters, digits and "-"');
  expect(run.report?.verdict).toBe('configuration-error');
  expect(run.report?.runId).toMatch(/^[0-9]{14}-[0-9a-f]{6}$/);
  const files = ['conformance.json', 'conformance.md', 'conformance.html'].map((name) =>
    readFileSync(path.join(run.reportsDir, name), 'utf8'),
  );
  for (const text of [...files, run.stdout, run.stderr]) {
    expect(text).not.toContain('Forged heading');
    expect(text).not.toContain('evil.example');
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain(key);
  }
  // The structure of a valid run's no-verdict report: same keys, one heading, the run id in its place.
  expect(Object.keys(run.report ?? {})).toEqual(
    Object.keys(
      (await runConformanceCli({ MEETBIT_RUN_ID: 'ok-1', MEETBIT_TENANT_NAME: 'bad name' })).report ?? {},
    ),
  );
  expect(files[1]!.match(/^#/gm)).toHaveLength(1);
});
