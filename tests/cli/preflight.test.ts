import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { EXIT } from '../../src/report/verdict-words';
import { serve } from '../../src/tenant/http';
import { createReferenceTenant } from '../../src/tenant/tenant';
import { runConformanceCli, tenantEnv } from '../support/cli';

// Each runs the CLI, some the whole suite: bounded by the CLI's own timeouts, generous on a busy machine.
test.describe.configure({ mode: 'parallel', timeout: 240_000 });

test('a tenant that accepts an empty body without credentials: the preflight warns instead of saying "nothing created"', async () => {
  const reference = createReferenceTenant();
  const tenant = await serve((request) =>
    request.body.trim() === '{}' && !request.headers['x-access-key-id']
      ? { status: 200, headers: { 'content-type': 'application/json' }, body: '{"message":"ok","data":{}}' }
      : reference.handle(request),
  );
  try {
    const run = await runConformanceCli(tenantEnv(tenant.baseUrl), ['specs/create.spec.ts'], 120_000);
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.conforms);
    expect(run.stderr).toContain(
      'Preflight warning: The tenant answered 200 to an empty JSON object sent without credentials',
    );
    expect(run.stdout).toContain('Preflight passed');
    expect(run.stdout).not.toContain('nothing created');
    // The warning is in the reports too, not only on the console: a reviewer reads the reports.
    const warnings = (run.report as { preflightWarnings?: string[] } | undefined)?.preflightWarnings ?? [];
    expect(warnings.join('\n')).toContain(
      'The tenant answered 200 to an empty JSON object sent without credentials',
    );
    const markdown = readFileSync(path.join(run.reportsDir, 'conformance.md'), 'utf8');
    expect(markdown).toContain('**The preflight warned, before any test ran:**');
    expect(readFileSync(path.join(run.reportsDir, 'conformance.html'), 'utf8')).toContain('id="preflight"');
  } finally {
    await tenant.close();
  }
});

test('a conforming tenant: the preflight says what it sent and created, and the reports count it', async () => {
  const tenant = await serve(createReferenceTenant().handle);
  try {
    const run = await runConformanceCli(tenantEnv(tenant.baseUrl), ['specs/create.spec.ts'], 120_000);
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.conforms);
    expect(run.stdout).toMatch(/Preflight passed in \d+\.\d s \(3 requests, 1 conference created\)/);
    expect(run.stderr).not.toContain('Preflight warning');
    expect(run.report).toMatchObject({ preflightWarnings: [] });
    // The setup create is in the list of created conferences, and its requests in the footprint.
    const created = JSON.parse(readFileSync(path.join(run.reportsDir, 'created.json'), 'utf8')) as {
      conferences: { test: string }[];
    };
    expect(created.conferences.filter((c) => c.test.startsWith('preflight'))).toHaveLength(1);
    expect(run.report?.footprint).toMatchObject({ preflightRequests: 3 });
  } finally {
    await tenant.close();
  }
});

test('a tenant that labels its own error bodies text/html is the API, wrongly labelled: exit 1, not a proxy page', async () => {
  const reference = createReferenceTenant();
  const tenant = await serve((request) => {
    const response = reference.handle(request);
    return response.status >= 400
      ? { ...response, headers: { ...response.headers, 'content-type': 'text/html; charset=utf-8' } }
      : response;
  });
  try {
    const run = await runConformanceCli(tenantEnv(tenant.baseUrl), ['specs/bodies.spec.ts'], 120_000);
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.doesNotConform);
    expect(run.stderr).not.toContain('HTML page');
    expect(run.report?.verdict).toBe('does-not-conform');
    expect(run.stdout).toContain('[MUST] response.400.content-type: Undocumented Content-Type for 400');
  } finally {
    await tenant.close();
  }
});
