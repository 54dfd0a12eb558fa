import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { CHROMIUM, launchChromium } from '../support/chromium';
import type { ConformanceReport } from '../../src/report/model';
import { serve, type RunningTenant } from '../../src/tenant/http';
import { createReferenceTenant, type Handler } from '../../src/tenant/tenant';
import { endedByItself } from '../support/child';
import { reportSchemaErrors } from '../support/report-schema';
import { searchBytes, searchFiles, unpack, type Leak } from './leak-search';
import { ROOT, runConformance, runPlaywright, type SuiteRun } from './run-suite';
import { testFolder } from '../support/test-folder';

/**
 * Runs the real suite (playwright.config.ts, the specs users run) with canary credentials against
 * tenants that pass, fail, echo the credentials back, refuse connections or never answer, and checks
 * the outputs: the five reports, the verdicts, the exit codes, and that no canary is anywhere.
 */
const hex = randomBytes(6).toString('hex');
// Random like real keys (see tests/hostile): no ordinary word of 10 letters that titles also say.
const CANARY = {
  id: `cnry-id-${hex}`,
  secret: `CNRY-SCRT-${hex}-${[...hex].reverse().join('')}`,
  restrictedId: `cnry-rid-${hex}`,
  restrictedSecret: `CNRY-RSCRT-${hex}`,
};
const NEEDLES = Object.values(CANARY);
const OUTPUTS = [
  'conformance.json',
  'conformance.md',
  'conformance.html',
  'junit.xml',
  'playwright-html/index.html',
  'created.json',
];

const canaryTenant = (wrap: (handler: Handler) => Handler = (h) => h) =>
  serve(
    wrap(
      createReferenceTenant({
        keys: [
          { id: CANARY.id, secret: CANARY.secret, permissions: ['online_conferences.create.*'] },
          { id: CANARY.restrictedId, secret: CANARY.restrictedSecret, permissions: ['online_conferences.view.*'] },
        ],
      }).handle,
    ),
  );

/** One defect a waiver can cover: a 200 create answered as text/html. */
const wrongContentType = (handler: Handler): Handler => (request) => {
  const response = handler(request);
  return response.status === 200
    ? { ...response, headers: { ...response.headers, 'content-type': 'text/html; charset=utf-8' } }
    : response;
};

/** The nasty case: a debugging tenant that echoes every request header, credentials included, in body and headers. */
const echoingCredentials = (handler: Handler): Handler => (request) => {
  const response = wrongContentType(handler)(request);
  let body = response.body;
  try {
    body = JSON.stringify({ ...(JSON.parse(body) as object), debug: { received_headers: request.headers } });
  } catch {
    body = `${body}\nreceived: ${JSON.stringify(request.headers)}`;
  }
  return {
    ...response,
    headers: { ...response.headers, 'x-debug-key': `${request.headers['x-access-key-id']}:${request.headers['x-access-key-secret']}` },
    body,
  };
};

interface Scenario {
  readonly dir: string;
  readonly run: SuiteRun;
}

const scenarios = new Map<string, Scenario>();
let merged: Scenario | undefined;
const tenants: RunningTenant[] = [];
let hanging: Server | undefined;
let root = '';
let keep = false;

test.describe.configure({ mode: 'serial', timeout: 360_000 });

test.beforeAll(async () => {
  test.setTimeout(330_000);
  root = testFolder('reports');
  const [passing, failing, wrongType] = await Promise.all([
    canaryTenant(),
    canaryTenant(echoingCredentials),
    canaryTenant(wrongContentType),
  ]);
  tenants.push(passing, failing, wrongType);
  hanging = createServer(() => {
    // Accepts the request and never answers: the client's timeout must end it.
  });
  await new Promise<void>((resolve) => hanging!.listen(0, '127.0.0.1', resolve));
  const hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/api/public/v2.0`;
  const closedUrl = await closedPortUrl();

  const waivers = (name: string, expires: string) => {
    const file = path.join(root, `${name}.waivers.yaml`);
    writeFileSync(
      file,
      [
        'waivers:',
        '  - check: content_type_conformance',
        '    reason: Gateway rewrites JSON to text/html, MEET-42',
        '    owner: qa@example.com',
        `    expires: ${expires}`,
        '    target: canary-staging',
        '  - requirement: request.title.minLength',
        '    reason: Matches nothing in this run',
        '    owner: qa@example.com',
        '    expires: 2099-01-01',
      ].join('\n'),
    );
    return file;
  };
  const env = (baseUrl: string, extra: Record<string, string> = {}) => ({
    MEETBIT_BASE_URL: baseUrl,
    MEETBIT_ACCESS_KEY_ID: CANARY.id,
    MEETBIT_ACCESS_KEY_SECRET: CANARY.secret,
    MEETBIT_RESTRICTED_ACCESS_KEY_ID: CANARY.restrictedId,
    MEETBIT_RESTRICTED_ACCESS_KEY_SECRET: CANARY.restrictedSecret,
    MEETBIT_ACCOUNT_ID: '1001',
    // A tenant the test started and throws away: the generous treatment, as before the safe defaults.
    MEETBIT_DISPOSABLE_TENANT: '1',
    MEETBIT_BACKER_EVENT_ID: '501',
    MEETBIT_TENANT_NAME: 'canary-staging',
    MEETBIT_MAX_RPS: '1000',
    MEETBIT_CONCURRENCY: '1',
    MEETBIT_REQUEST_TIMEOUT_MS: '5000',
    // A small fuzz phase: its messages and curls are searched for the canaries too, at a bounded cost.
    MEETBIT_FUZZ_REQUESTS: '16',
    ...extra,
  });
  const plan: Record<string, Record<string, string>> = {
    passing: env(passing.baseUrl),
    // Colours on, so the reports must strip them; a blob report, as the sharded CI job writes.
    failing: env(failing.baseUrl, { FORCE_COLOR: '1', MEETBIT_BLOB_REPORT: '1' }),
    unreachable: env(closedUrl),
    hanging: env(hangingUrl, { MEETBIT_REQUEST_TIMEOUT_MS: '500' }),
    waived: env(wrongType.baseUrl, { MEETBIT_WAIVERS_FILE: waivers('active', '2099-12-31') }),
    expired: env(wrongType.baseUrl, { MEETBIT_WAIVERS_FILE: waivers('expired', '2020-01-01') }),
  };
  await Promise.all(
    Object.entries(plan).map(async ([name, settings]) => {
      const dir = path.join(root, name);
      // The expired waiver goes through `npm run conformance`, whose exit code must honour it too.
      const cli = name === 'expired';
      // Where every request fails (no answer, or none in time), each failure costs Playwright a worker
      // restart: the create and auth specs (the full and restricted keys, wrong secrets) are enough there.
      const files = name === 'unreachable' || name === 'hanging' ? ['specs/create.spec.ts', 'specs/auth.spec.ts'] : [];
      scenarios.set(name, { dir, run: await runConformance(dir, settings, { timeoutMs: 240_000, cli, files }) });
    }),
  );
  // The CI merge job: blob report in, the same reports out, with no tenant settings at all.
  const mergedDir = path.join(root, 'merged');
  merged = {
    dir: mergedDir,
    run: await runPlaywright(
      ['merge-reports', '--config', path.join(ROOT, 'playwright.config.ts'), path.join(scenarios.get('failing')!.dir, 'reports/blob-report')],
      { MEETBIT_REPORTS_DIR: path.join(mergedDir, 'reports') },
      60_000,
    ),
  };
});

// eslint-disable-next-line no-empty-pattern
test.afterEach(({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) keep = true;
});

test.afterAll(async () => {
  // The runs' outputs stay for a look when a test failed; they are a few MB each.
  if (keep) console.log(`Outputs of the failed runs kept in ${root}`);
  else rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  await Promise.all(tenants.map((tenant) => tenant.close()));
  await new Promise<void>((resolve) => (hanging ? hanging.close(() => resolve()) : resolve()));
  hanging?.closeAllConnections();
});

function scenario(name: string): Scenario & { report: ConformanceReport } {
  const found = scenarios.get(name)!;
  endedByItself(found.run, `the ${name} run`);
  const file = path.join(found.dir, 'reports/conformance.json');
  expect(existsSync(file), `${name}: no conformance.json; output:\n${found.run.stdout}\n${found.run.stderr}`).toBe(true);
  const report = JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
  expect(reportSchemaErrors(report), `${name}: conformance.json matches docs/conformance.schema.json`).toEqual([]);
  return { ...found, report };
}

/** Every artifact of a run and its console output, searched for every canary. */
function leaksOf({ dir, run }: Scenario): Leak[] {
  return [
    ...searchBytes(Buffer.from(run.stdout), NEEDLES, 'stdout'),
    ...searchBytes(Buffer.from(run.stderr), NEEDLES, 'stderr'),
    ...searchFiles(dir, NEEDLES),
  ];
}

function expectOutputs({ dir }: Scenario): void {
  const missing = OUTPUTS.filter((name) => !existsSync(path.join(dir, 'reports', name)));
  expect(missing, 'every report is written').toEqual([]);
}

test('a passing tenant, burst not opted in: exit 0, verdict incomplete, every report, no credential anywhere', () => {
  const passing = scenario('passing');
  expect(passing.run.exitCode, passing.run.stdout).toBe(0);
  // Nothing failed, but the 429 requirements were not verified: the verdict says so, not "conforms".
  expect(passing.report.verdict).toBe('incomplete');
  expect(passing.report.coverage.notVerified).toContainEqual(
    expect.objectContaining({ id: 'response.429.content-type', enabledBy: expect.stringContaining('MEETBIT_ALLOW_RATE_LIMIT_TEST=1') }),
  );
  expect(passing.report.target).toEqual({ kind: 'remote', name: 'canary-staging', baseUrl: tenants[0]!.baseUrl });
  expect(passing.report.summary.failed).toBe(0);
  expect(passing.report.summary.passed).toBeGreaterThan(0);
  const created = (
    JSON.parse(readFileSync(path.join(passing.dir, 'reports', 'created.json'), 'utf8')) as { conferences: unknown[] }
  ).conferences;
  expect(passing.report.footprint.conferencesCreated).toBeGreaterThan(0);
  expect(passing.report.footprint.conferencesCreated).toBe(created.length);
  expect(passing.run.stdout).toContain('Waited 0.0 s in total for rate limits');
  expectOutputs(passing);
  expect(leaksOf(passing)).toEqual([]);
});

test('a failing tenant that echoes the credentials back: does-not-conform, every report, no credential anywhere', () => {
  const failing = scenario('failing');
  expect(failing.run.exitCode).toBe(1);
  expect(failing.report.verdict).toBe('does-not-conform');
  const failed = failing.report.tests.filter((check) => check.status === 'failed');
  expect(failed.length).toBeGreaterThan(0);
  for (const check of failed) {
    expect(check.failedChecks).toContain('content_type_conformance');
    // A test's last exchange may be an auth case's (no key, or a deliberately wrong one): never the real key.
    expect(check.curl).not.toContain(CANARY.secret);
    if (check.request?.headers['x-access-key-secret'] === '$MEETBIT_ACCESS_KEY_SECRET')
      expect(check.curl).toContain('"x-access-key-secret: $MEETBIT_ACCESS_KEY_SECRET"');
    // What the tenant echoed is kept, with the real keys removed (a deliberately wrong one may stay).
    const echoed = check.response?.headers['x-debug-key'] ?? '';
    expect.soft(echoed).not.toContain(CANARY.secret);
    expect.soft(echoed).not.toContain(CANARY.id);
    if (check.request?.headers['x-access-key-secret'] === '$MEETBIT_ACCESS_KEY_SECRET')
      expect.soft(echoed).toMatch(/:\[REDACTED\]$/);
  }
  expectOutputs(failing);
  expect(existsSync(path.join(failing.dir, 'reports/blob-report'))).toBe(true);
  for (const name of ['conformance.json', 'conformance.md', 'conformance.html']) {
    expect(readFileSync(path.join(failing.dir, 'reports', name), 'utf8'), `${name} has no colour codes`).not.toContain('\u001b');
  }
  expect(leaksOf(failing)).toEqual([]);
});

test("Playwright's own reports count each failed test as a failure, though its worker was kept", () => {
  const failing = scenario('failing');
  const failed = failing.report.summary.failed;
  expect(failed).toBeGreaterThan(3);
  // JUnit counts a failed assertion as a failure and a thrown error (the fuzz phase's report) as an error.
  const failuresIn = (dir: string) => {
    const xml = readFileSync(path.join(dir, 'reports/junit.xml'), 'utf8');
    const count = (name: string) => Number(new RegExp(`<testsuites [^>]*${name}="(\\d+)"`).exec(xml)?.[1] ?? 0);
    return count('failures') + count('errors');
  };
  expect(failuresIn(failing.dir)).toBe(failed);
  expect(failuresIn(merged!.dir)).toBe(failed);
  const html = htmlReportEntries(failing.dir);
  const stats = (JSON.parse(html.get('report.json')!) as { stats: { unexpected: number; ok: boolean } }).stats;
  expect(stats).toMatchObject({ unexpected: failed, ok: false });
  const workers = new Set<number>();
  for (const [name, text] of html) {
    if (name === 'report.json') continue;
    const file = JSON.parse(text) as { tests?: { results: { workerIndex: number }[] }[] };
    for (const test of file.tests ?? []) for (const result of test.results) workers.add(result.workerIndex);
  }
  // One worker (MEETBIT_CONCURRENCY=1) and the rate-limit project's: no new worker per failure.
  expect(workers.size).toBeLessThanOrEqual(2);
  expect(JSON.stringify([...html.values()])).not.toContain('kept-worker');
});

/** The HTML report's data: a base64 zip inside index.html, one JSON entry per test file and report.json. */
function htmlReportEntries(dir: string): Map<string, string> {
  const page = readFileSync(path.join(dir, 'reports/playwright-html/index.html'), 'utf8');
  const zip = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(page)?.[1] ?? '';
  return new Map(unpack(Buffer.from(zip, 'base64')).map(([name, bytes]) => [name, bytes.toString('utf8')]));
}

test('merge-reports over the blob report gives the same verdict and leaks nothing', () => {
  const failing = scenario('failing');
  endedByItself(merged!.run, 'merge-reports');
  expect(merged!.run.exitCode, merged!.run.stdout + merged!.run.stderr).toBe(0);
  const report = JSON.parse(readFileSync(path.join(merged!.dir, 'reports/conformance.json'), 'utf8')) as ConformanceReport;
  expect(report.verdict).toBe('does-not-conform');
  expect(report.summary).toEqual(failing.report.summary);
  // The tenant comes from the blob's metadata, not from the merge job's (empty) settings.
  expect(report.target).toEqual(failing.report.target);
  expect(existsSync(path.join(merged!.dir, 'reports/conformance.html'))).toBe(true);
  expect(leaksOf(merged!)).toEqual([]);
});

test('an unreachable address: infrastructure-error, no verdict on the tenant, no credential anywhere', () => {
  const unreachable = scenario('unreachable');
  expect(unreachable.run.exitCode).toBe(1);
  expect(unreachable.report.verdict).toBe('infrastructure-error');
  expect(unreachable.report.summary.passed + unreachable.report.summary.failed).toBe(0);
  expect(unreachable.report.tests.map((check) => check.infrastructureError)).toContain('connection-refused');
  expectOutputs(unreachable);
  expect(leaksOf(unreachable)).toEqual([]);
});

test('a tenant that never answers: timeouts are infrastructure errors, no credential anywhere', () => {
  const hangingRun = scenario('hanging');
  expect(hangingRun.run.exitCode).toBe(1);
  expect(hangingRun.report.verdict).toBe('infrastructure-error');
  expect(hangingRun.report.tests.map((check) => check.infrastructureError)).toContain('timeout');
  expect(leaksOf(hangingRun)).toEqual([]);
});

test('waived failures do not fail the run; a waiver that matches nothing is reported', () => {
  const waived = scenario('waived');
  expect(waived.run.exitCode, waived.run.stdout).toBe(0);
  expect(waived.report.verdict).toBe('incomplete');
  expect(waived.report.summary.failed).toBe(0);
  expect(waived.report.summary.waived).toBeGreaterThan(0);
  expect(waived.report.waivers.unmatched.map((w) => w.requirement)).toEqual(['request.title.minLength']);
  expect(readFileSync(path.join(waived.dir, 'reports/conformance.md'), 'utf8')).toContain('**WAIVED `');
  expect(leaksOf(waived)).toEqual([]);
});

test('an expired waiver fails the run, through npm run conformance too', () => {
  const expired = scenario('expired');
  expect(expired.run.exitCode, expired.run.stdout + expired.run.stderr).toBe(1);
  expect(expired.report.verdict).toBe('does-not-conform');
  expect(expired.report.summary.waived).toBe(0);
  expect(expired.report.waivers.expired.map((w) => w.check)).toEqual(['content_type_conformance']);
  expect(expired.run.stdout).toContain('expired on 2020-01-01');
  expect(leaksOf(expired)).toEqual([]);
});

test('the leak search is not blind: it finds what is only inside the HTML report\'s base64 zip', () => {
  const passing = scenario('passing');
  const html = readFileSync(path.join(passing.dir, 'reports/playwright-html/index.html'));
  const title = passing.report.tests[0]!.title;
  expect(html.toString('utf8')).not.toContain(title);
  const found = searchBytes(html, [title], 'index.html');
  expect(found.length).toBeGreaterThan(0);
  expect(found[0]!.where).toMatch(/base64.* > .*\.json/);
});

// eslint-disable-next-line no-empty-pattern
test('conformance.html, opened in headless Chromium, shows the summary, a failure with its curl, and the spec findings', async ({}, testInfo) => {
  test.skip(!existsSync(CHROMIUM) && !process.env.CI, `${CHROMIUM} is not installed (apt-get install -y chromium); .ci/run installs it in CI`);
  const failing = scenario('failing');
  const profile = mkdtempSync(path.join(root, 'chromium-profile-'));
  const context = await launchChromium(profile);
  try {
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${path.join(failing.dir, 'reports/conformance.html')}`);
    // The verdict is text and colour, never an emoji a machine without an emoji font shows as a box.
    await expect(page.locator('.verdict')).toHaveText('DOES NOT CONFORM');
    const { must } = failing.report.coverage;
    const signOff = page.locator('#sign-off');
    await expect(signOff).toContainText(`${must.verified} of ${must.total} MUST requirements tested: ${must.held} held`);
    await expect(signOff.locator('tr', { hasText: 'Suite' })).toContainText(`meetbit-conformance ${failing.report.suite.version}`);
    await expect(signOff.locator('tr', { hasText: 'Spec' })).toContainText(failing.report.spec!.sha256);
    await expect(signOff.locator('tr', { hasText: 'Run' })).toContainText(failing.report.runId!);
    await expect(signOff.locator('tr', { hasText: 'Coverage settings' })).toContainText('rate-limit burst:');
    await expect(signOff.locator('tr', { hasText: 'Waivers' }).locator('td')).toHaveText(
      failing.report.waivers.applied.length ? /applied/ : 'none',
    );
    // Problems and warnings under their own headings; passed requirements collapsed on screen.
    await expect(page.locator('#problems')).toHaveText(/^Problems \(\d+ MUST\)/);
    await expect(page.locator('#warnings')).toHaveText(/^Warnings \(\d+ SHOULD\)/);
    await expect(page.locator('#matrix-passed')).toBeHidden();
    const failure = page.locator('.failure').first();
    await expect(failure).toContainText(failing.report.problems[0]!.requirement);
    await expect(failure).toContainText('content_type_conformance');
    await expect(failure.locator('pre.curl')).toContainText('curl -sS -i -X POST');
    await expect(failure.locator('pre.curl')).toContainText('"x-access-key-id: $MEETBIT_ACCESS_KEY_ID"');
    // The requirement table names statements, with code rendered as code (no raw backticks).
    await expect(page.locator('#matrix')).toContainText('response.200.content-type');
    // The passed rows open on a click (collapsed until then: the page starts with what needs attention).
    await page.locator('details.passed > summary').click();
    await expect(page.locator('#matrix-passed')).toBeVisible();
    await expect(
      page.locator('#matrix-passed td').filter({ hasText: 'of up to 255 characters is accepted' }).first().locator('code'),
    ).toHaveText('title');
    await page.locator('details.passed > summary').click();
    await expect(page.locator('#findings')).toContainText(`Spec findings (${failing.report.findings.length})`);
    await expect(page.getByText('Pattern written with regex delimiters')).toBeVisible();
    expect(requests.filter((url) => !url.startsWith('file://')), 'the page loads nothing from the network').toEqual([]);
    const screenshot = testInfo.outputPath('conformance-html.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach('conformance.html', { path: screenshot, contentType: 'image/png' });
    expect((await page.content()).includes(CANARY.secret)).toBe(false);
    // Printed (Save as PDF): the passed rows are expanded, and page.pdf() makes a document of several pages.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('#matrix-passed')).toBeVisible();
    await page.emulateMedia({ media: 'screen' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0).toBeGreaterThan(1);
    await testInfo.attach('conformance.pdf', { body: pdf, contentType: 'application/pdf' });
  } finally {
    await context.close();
  }
  // Again with fonts limited to one plain family (no emoji font at all): the badge is still its words, drawn.
  const fontsDir = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/truetype/liberation'].find(existsSync);
  test.skip(!fontsDir, 'no plain font family found to limit Chromium to');
  const fontsConf = path.join(root, 'fonts-no-emoji.conf');
  writeFileSync(
    fontsConf,
    `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>${fontsDir}</dir><cachedir>${path.join(root, 'fc-cache')}</cachedir></fontconfig>`,
  );
  const plain = await launchChromium(mkdtempSync(path.join(root, 'chromium-plain-')), {
    ...process.env,
    FONTCONFIG_FILE: fontsConf,
  });
  try {
    const page = await plain.newPage();
    await page.goto(`file://${path.join(failing.dir, 'reports/conformance.html')}`);
    const badge = page.locator('.verdict');
    await expect(badge).toHaveText('DOES NOT CONFORM');
    const text = (await badge.textContent()) ?? '';
    expect([...text].filter((c) => c.codePointAt(0)! > 0x24f), 'no symbol outside Latin in the badge').toEqual([]);
    const box = await badge.boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    const colour = await badge.evaluate((el) => (globalThis as unknown as { getComputedStyle: (e: unknown) => { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
    expect(colour).toBe('rgb(207, 34, 46)');
    await testInfo.attach('verdict-without-emoji-font', { body: await badge.screenshot(), contentType: 'image/png' });
  } finally {
    await plain.close();
  }
});

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/api/public/v2.0`;
}
