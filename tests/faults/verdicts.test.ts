import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { EXIT } from '../../src/report/verdict-words';
import type { ConformanceReport } from '../../src/report/model';
import { API_BASE_PATH } from '../../src/tenant/defaults';
import { serve } from '../../src/tenant/http';
import { createReferenceTenant } from '../../src/tenant/tenant';
import { mapCreated } from '../selftest/variant';
import { runConformanceCli, tenantEnv } from '../support/cli';

/** The verdict over requirements, through the CLI as a user runs it: what it claims, and what it does not. */
test.describe.configure({ mode: 'parallel' });

test('--requirements prints the catalogue with levels, sources and tests, and sends nothing', async () => {
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${API_BASE_PATH}`;
  try {
    const run = await runConformanceCli(tenantEnv(baseUrl), ['--requirements'], 60_000);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^\d+ requirements \(\d+ MUST, \d+ of them checked only when it happens, so a run verifies at most \d+; \d+ SHOULD\)/m,
    );
    expect(run.stdout).toContain(
      [
        'MUST   request.title.maxLength',
        '       `title` of up to 255 characters is accepted; longer is rejected with 400',
        '       source: openapi.yaml#/components/schemas/OnlineConference/properties/title/maxLength',
        '       verified by: title.maxLength.over-ignorable, title.maxLength.over, title.maxLength.exact',
      ].join('\n'),
    );
    expect(run.stdout).toContain('SHOULD convention.error-names-field');
    expect(run.stdout).toContain('needs: MEETBIT_RESTRICTED_ACCESS_KEY_ID');
    expect(connections).toBe(0);
  } finally {
    server.close();
  }
});

test('a filtered run is incomplete, exit 0, and names what it did not verify; --strict fails it', async () => {
  const run = await runConformanceCli({}, ['--grep', 'create\\.minimal'], 90_000);
  expect(run.code, run.stdout + run.stderr).toBe(EXIT.conforms);
  const report = run.report as unknown as ConformanceReport;
  expect(report.verdict).toBe('incomplete');
  expect(report.coverage.notVerified.map((entry) => entry.id)).toContain('request.title.maxLength');
  expect(run.stdout).toContain('incomplete: nothing failed, but not every MUST requirement was verified');
  const strict = await runConformanceCli({}, ['--strict', '--grep', 'create\\.minimal'], 90_000);
  expect(strict.code, strict.stdout + strict.stderr).toBe(EXIT.doesNotConform);
  expect((strict.report as unknown as ConformanceReport).verdict).toBe('incomplete');
});

test('one root cause is one problem: id as a string, whichever tests see it', async () => {
  const reference = createReferenceTenant();
  const tenant = await serve(mapCreated((data) => ({ ...data, id: String(data.id) }))(reference.handle));
  try {
    const run = await runConformanceCli(
      tenantEnv(tenant.baseUrl),
      ['specs/create.spec.ts', 'specs/scenarios.spec.ts'],
      120_000,
    );
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.doesNotConform);
    const report = run.report as unknown as ConformanceReport;
    expect(report.problems.map((problem) => problem.requirement)).toEqual(['response.200.body.data.id']);
    expect(report.problems[0]!.occurrences).toBeGreaterThanOrEqual(4);
    expect(report.problems[0]!.curl).toContain('curl -sS -i -X POST');
    expect(run.stdout).toContain('1. [MUST] response.200.body.data.id');
  } finally {
    await tenant.close();
  }
});

/**
 * A tenant whose slowness keeps the fuzz phase from finishing within its test's time: the phase is cut short,
 * so the run verified less than it planned, and says so; it never reads as conforms. Its own fixed cases
 * are answered at once (their titles carry the suite's label); generated bodies wait 2 s each.
 */
test('a fuzz phase cut short by its timeout makes the verdict incomplete, with the reason in the console', async () => {
  test.setTimeout(180_000);
  const reference = createReferenceTenant();
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = () => {
        const response = reference.handle({
          method: req.method ?? 'POST',
          url: req.url ?? '/',
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
          body,
          bodyTooLarge: false,
          remoteAddress: '127.0.0.1',
        });
        if (!res.writableEnded) res.writeHead(response.status, response.headers).end(response.body);
      };
      const generated = body.includes('"title"') && !body.includes('[conformance test');
      if (generated) setTimeout(answer, 20_000).unref();
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${API_BASE_PATH}`;
  try {
    // 2 generated requests a half at 20 s each: the phase's own timeout (its floor, about 31 s) ends it first.
    // Two workers, so the halves wait side by side.
    const run = await runConformanceCli(
      tenantEnv(baseUrl, {
        MEETBIT_FUZZ_REQUESTS: '4',
        MEETBIT_REQUEST_TIMEOUT_MS: '25000',
        MEETBIT_CONCURRENCY: '2',
      }),
      ['specs/fuzz.spec.ts', 'specs/create.spec.ts'],
      170_000,
    );
    const report = run.report as unknown as ConformanceReport;
    expect(report.verdict, run.stdout).toBe('incomplete');
    expect(run.code).toBe(EXIT.conforms);
    expect(report.problems.filter((problem) => problem.level === 'must')).toEqual([]);
    expect(report.cutShort.map((entry) => entry.reason)).toContainEqual(
      expect.stringMatching(/^it timed out after \d+ s$/),
    );
    expect(run.stdout).toMatch(/Cut short \(\d\): what these tests did not observe is not verified/);
    expect(run.stdout).toContain('fuzz.accepts-generated');
  } finally {
    server.close();
    server.closeAllConnections();
  }
});
