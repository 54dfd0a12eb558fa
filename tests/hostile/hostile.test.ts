import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { PREFLIGHT_REQUESTS } from '../../src/client/preflight';
import { EXIT } from '../../src/report/verdict-words';
import type { ConformanceReport } from '../../src/report/model';
import { API_BASE_PATH } from '../../src/tenant/defaults';
import { serve, type RunningTenant } from '../../src/tenant/http';
import { createReferenceTenant, type Handler } from '../../src/tenant/tenant';
import { filesUnder, formsOf, searchBytes, searchFiles, type Leak } from '../reports/leak-search';
import { endedByItself } from '../support/child';
import { runConformance, type SuiteRun } from '../reports/run-suite';
import { xmlProblems } from '../support/xml';
import {
  deeplyNested,
  echoingEveryForm,
  floodingSchemaErrors,
  fullwidth,
  lookAlikesAndRetryAfter,
  MARKUP_ATTACK,
  paddingBodies,
  TERMINAL_ATTACK,
  throttlingForever,
  twentyThousandErrorKeys,
  zeroWidthInterleaved,
} from './tenants';

/**
 * The suite against hostile and broken tenants on loopback, in as few runs as the attacks allow (all
 * at once, each on a few spec files): every output (stdout, stderr, reports, test-results, Playwright's
 * HTML report, the blob report, inside zips, gzip and base64) is searched for every form of the canary
 * keys; tenant text must reach no terminal or report as control or markup; every run ends, bounded.
 */
const hex = randomBytes(6).toString('hex');
const more = randomBytes(6).toString('hex');
// Random like real keys: an ordinary word of 10 letters in a key ("restricted") would be a fragment of it
// in every test title that says the word, and the output sweep would rightly withhold those reports.
const CANARY = {
  id: `cnry-id-${hex}`,
  // `/` and `+`: a PHP encoder writes `\/`, base64 and percent-encoding differ from the raw text.
  secret: `CNRY/SCRT+${hex}/${more}`,
  restrictedId: `cnry-rid-${more}`,
  restrictedSecret: `CNRY-RSCRT/${more}-${hex}`,
};
const NEEDLES = Object.values(CANARY).flatMap(formsOf);
// The tenant's control sequences no output may hold raw: OSC (clipboard, title), screen clear, cursor
// home, BEL, CR, C1 CSI, bidi override and isolate. (Playwright's own colour codes are the suite's.)
// eslint-disable-next-line no-control-regex
const CONTROL = /\u001b\]|\u001b\[2J|\u001b\[H|[\u0007\r\u009b\u202e\u2066]/;
const FEW = ['specs/create.spec.ts', 'specs/scenarios.spec.ts'];

interface Scenario {
  readonly dir: string;
  readonly run: SuiteRun;
}

const scenarios = new Map<string, Scenario>();
const closers: (() => Promise<void>)[] = [];
let root = '';
let keep = false;

const canaryKeys = [
  { id: CANARY.id, secret: CANARY.secret, permissions: ['online_conferences.create.*'] },
  { id: CANARY.restrictedId, secret: CANARY.restrictedSecret, permissions: ['online_conferences.view.*'] },
];
const canaryTenant = (wrap: (handler: Handler) => Handler = (h) => h): Promise<RunningTenant> =>
  serve(wrap(createReferenceTenant({ keys: canaryKeys }).handle)).then((tenant) => {
    closers.push(() => tenant.close());
    return tenant;
  });

const env = (baseUrl: string, extra: Record<string, string> = {}): Record<string, string> => ({
  MEETBIT_BASE_URL: baseUrl,
  MEETBIT_ACCESS_KEY_ID: CANARY.id,
  MEETBIT_ACCESS_KEY_SECRET: CANARY.secret,
  MEETBIT_RESTRICTED_ACCESS_KEY_ID: CANARY.restrictedId,
  MEETBIT_RESTRICTED_ACCESS_KEY_SECRET: CANARY.restrictedSecret,
  MEETBIT_ACCOUNT_ID: '1001',
  // A tenant the test started and throws away: the generous treatment, as before the safe defaults.
  MEETBIT_DISPOSABLE_TENANT: '1',
  MEETBIT_MAX_RPS: '1000',
  MEETBIT_CONCURRENCY: '1',
  MEETBIT_REQUEST_TIMEOUT_MS: '5000',
  ...extra,
});

test.describe.configure({ mode: 'serial', timeout: 600_000 });

test.beforeAll(async () => {
  test.setTimeout(600_000);
  root = mkdtempSync(path.join(tmpdir(), 'meetbit-hostile-'));
  const echoing = await canaryTenant(echoingEveryForm);
  const padded = await canaryTenant(paddingBodies);
  const flood = await serve(floodingSchemaErrors());
  const throttle = await serve(throttlingForever());
  closers.push(
    () => flood.close(),
    () => throttle.close(),
  );
  const sameId = await serve(
    createReferenceTenant({
      keys: [{ id: '4242', secret: `same-id-secret-${hex}`, permissions: ['online_conferences.create.*'] }],
      accountIds: [4242],
    }).handle,
  );
  closers.push(() => sameId.close());
  const stall = await stallingAfter(PREFLIGHT_REQUESTS, createReferenceTenant({ keys: canaryKeys }).handle);
  // A short title (the preflight shows at most 120 characters of one): clipboard write, the key, markdown.
  const htmlPage = await rawServer((_req, res) => {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end(
      `<!DOCTYPE html><html><head><title>\u001b]52;c;Y3VybA==\u0007\u202e ${CANARY.secret} # **x**</title></head></html>`,
    );
  });
  // Round 3 (issue 20): one tenant for the key as Retry-After, in look-alikes and beside XML-forbidden text,
  // a separate instance for the blind run (each counts its own requests); a deep and a wide one, and the
  // plain canary tenant over the same files as their baseline.
  const round3 = await canaryTenant(lookAlikesAndRetryAfter);
  const round3Blind = await canaryTenant(lookAlikesAndRetryAfter);
  const deep = await canaryTenant(deeplyNested);
  const wide = await canaryTenant(twentyThousandErrorKeys);
  const plain = await canaryTenant();
  const redirect = await rawServer((_req, res) => {
    res.writeHead(302, {
      location: `https://evil.example/${encodeURIComponent(CANARY.secret)}?<img src=x>[a](b)`,
    });
    res.end();
  });

  const plan: Record<
    string,
    { settings: Record<string, string>; cli: boolean; files: readonly string[]; timeoutMs: number }
  > = {
    // Through the CLI, so its console output is searched too; a blob report, as the sharded CI job writes.
    echoing: {
      settings: env(echoing.baseUrl, { MEETBIT_BLOB_REPORT: '1' }),
      cli: true,
      files: FEW,
      timeoutMs: 200_000,
    },
    blind: {
      settings: env(echoing.baseUrl, { MEETBIT_UNSAFE_NO_REDACTION: '1' }),
      cli: false,
      files: ['specs/create.spec.ts'],
      timeoutMs: 200_000,
    },
    sameId: {
      settings: env(sameId.baseUrl, {
        MEETBIT_ACCESS_KEY_ID: '4242',
        MEETBIT_ACCESS_KEY_SECRET: `same-id-secret-${hex}`,
        MEETBIT_RESTRICTED_ACCESS_KEY_ID: '',
        MEETBIT_RESTRICTED_ACCESS_KEY_SECRET: '',
        MEETBIT_ACCOUNT_ID: '4242',
      }),
      cli: false,
      files: ['specs/create.spec.ts'],
      timeoutMs: 200_000,
    },
    flood: { settings: env(flood.baseUrl), cli: true, files: FEW, timeoutMs: 180_000 },
    padded: {
      settings: env(padded.baseUrl),
      cli: false,
      files: ['specs/create.spec.ts'],
      timeoutMs: 200_000,
    },
    // Retry-After 59 is beyond MEETBIT_MAX_RATE_LIMIT_WAIT here, so each test stops at once (the
    // measured default-bound run is in docs/safety.md); the whole suite, which the breaker must cut short.
    throttle: {
      settings: env(throttle.baseUrl, { MEETBIT_MAX_RATE_LIMIT_WAIT: '30' }),
      cli: true,
      files: [],
      timeoutMs: 180_000,
    },
    stall: {
      settings: env(stall, { MEETBIT_REQUEST_TIMEOUT_MS: '1000' }),
      cli: true,
      files: [],
      timeoutMs: 180_000,
    },
    htmlPage: { settings: env(htmlPage), cli: true, files: [], timeoutMs: 200_000 },
    round3: {
      settings: env(round3.baseUrl, { MEETBIT_BLOB_REPORT: '1' }),
      cli: true,
      files: FEW,
      timeoutMs: 200_000,
    },
    round3Blind: {
      settings: env(round3Blind.baseUrl, { MEETBIT_UNSAFE_NO_REDACTION: '1' }),
      cli: false,
      files: FEW,
      timeoutMs: 200_000,
    },
    deep: { settings: env(deep.baseUrl), cli: true, files: FEW, timeoutMs: 200_000 },
    plain: { settings: env(plain.baseUrl), cli: true, files: FEW, timeoutMs: 200_000 },
    wide: { settings: env(wide.baseUrl), cli: true, files: FEW, timeoutMs: 200_000 },
    redirect: { settings: env(redirect), cli: true, files: [], timeoutMs: 200_000 },
  };
  // Three at a time: each run is a runner and a worker, and the machine has two cores.
  const queue = Object.entries(plan);
  await Promise.all(
    [0, 1, 2].map(async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [name, { settings, cli, files, timeoutMs }] = next;
        const dir = path.join(root, name);
        scenarios.set(name, { dir, run: await runConformance(dir, settings, { timeoutMs, cli, files }) });
      }
    }),
  );
});

// eslint-disable-next-line no-empty-pattern
test.afterEach(({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) keep = true;
});

test.afterAll(async () => {
  if (keep) console.log(`Outputs of the hostile runs kept in ${root}`);
  else rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  await Promise.all(closers.map((close) => close()));
});

function scenario(name: string): Scenario & { report: ConformanceReport } {
  const found = scenarios.get(name)!;
  endedByItself(found.run, `the ${name} run`);
  const file = path.join(found.dir, 'reports/conformance.json');
  expect(
    existsSync(file),
    `${name}: no conformance.json; output:\n${found.run.stdout}\n${found.run.stderr}`,
  ).toBe(true);
  return { ...found, report: JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport };
}

function leaksOf({ dir, run }: Scenario): Leak[] {
  return [
    ...searchBytes(Buffer.from(run.stdout), NEEDLES, 'stdout'),
    ...searchBytes(Buffer.from(run.stderr), NEEDLES, 'stderr'),
    ...searchFiles(dir, NEEDLES),
  ];
}

/** Text outputs holding a raw control character (where, and the text around it, escaped). */
function controlsIn({ dir, run }: Scenario): string[] {
  const texts: [string, string][] = [
    ['stdout', run.stdout],
    ['stderr', run.stderr],
    ...filesUnder(dir)
      .filter((file) => /\.(md|json|jsonl|html|xml|txt)$/.test(file))
      .map((file) => [path.relative(dir, file), readFileSync(file, 'utf8')] as [string, string]),
  ];
  return texts.flatMap(([where, text]) => {
    const at = text.search(CONTROL);
    return at < 0 ? [] : [`${where}: ${JSON.stringify(text.slice(Math.max(0, at - 200), at + 40))}`];
  });
}

test('a tenant echoing the key in every form, header names included: no form of any canary in any output', () => {
  const echoing = scenario('echoing');
  expect(echoing.run.exitCode, echoing.run.stdout + echoing.run.stderr).toBe(EXIT.doesNotConform);
  expect(echoing.report.verdict).toBe('does-not-conform');
  expect(existsSync(path.join(echoing.dir, 'reports/blob-report'))).toBe(true);
  expect(existsSync(path.join(echoing.dir, 'reports/playwright-html/index.html'))).toBe(true);
  // No error-context.md is written any more (the browser-artifact recorder is off, see fixtures.ts); were one
  // written, the scan below would read it with every other file.
  // The echoes were seen and judged: the secret-as-title fails the echo check, the keys the schema.
  const failed = echoing.report.tests.flatMap((check) => check.failedChecks);
  expect(failed).toContain('echo_conformance');
  expect(failed).toContain('response_schema_conformance');
  expect(leaksOf(echoing)).toEqual([]);
});

test('switched off (MEETBIT_UNSAFE_NO_REDACTION=1), the same search finds the canary: it is not blind', () => {
  const blind = scenario('blind');
  const found = leaksOf(blind);
  expect(found.length).toBeGreaterThan(0);
  expect(found.some((leak) => leak.where.startsWith('reports/conformance.json'))).toBe(true);
});

test('tenant text reaches no terminal or report as control characters or markup', () => {
  for (const name of ['echoing', 'htmlPage', 'redirect']) {
    const run = scenario(name);
    expect(controlsIn(run), name).toEqual([]);
    expect(run.run.stdout + run.run.stderr, name).not.toMatch(/^\s*93 passed/m);
  }
  const markdown = readFileSync(path.join(scenario('echoing').dir, 'reports/conformance.md'), 'utf8');
  // Tenant text sits in fenced blocks or escaped: no tag, heading or link of the tenant's takes effect.
  const outsideFences = markdown.replace(/^ *(`{3,})text\n[\s\S]*?\n *\1$/gm, '');
  expect(outsideFences).not.toContain('<img');
  expect(outsideFences).not.toMatch(/^#+ Forged heading/m);
  expect(outsideFences).not.toContain('](http://evil.example/)');
  const html = readFileSync(path.join(scenario('echoing').dir, 'reports/conformance.html'), 'utf8');
  expect(html).not.toContain('<img src=x');
  // Not vacuous: the attacks did reach the reports, as escaped text.
  expect(MARKUP_ATTACK).toContain('<img src=x');
  expect(markdown).toContain('&lt;img src=x');
  // As a visible escape: the ESC is the six characters \u001b, the markup after it backslash-escaped.
  expect(markdown).toContain('\\u001b');
  const clipboard = TERMINAL_ATTACK.indexOf('52;c;');
  expect(markdown).toContain(TERMINAL_ATTACK.slice(clipboard, clipboard + 10));
});

test("the preflight's page title and redirect target are data: escaped, cleaned, the right exit codes", () => {
  const htmlPage = scenario('htmlPage');
  expect(htmlPage.run.exitCode).toBe(EXIT.infrastructure);
  expect(htmlPage.run.stderr).toContain('with an HTML page (');
  const htmlPageMarkdown = readFileSync(path.join(htmlPage.dir, 'reports/conformance.md'), 'utf8');
  expect(htmlPageMarkdown).not.toContain('**x**');
  expect(htmlPageMarkdown).toContain('u001b\\]52;c;');
  expect(leaksOf(htmlPage)).toEqual([]);
  const redirect = scenario('redirect');
  expect(redirect.run.exitCode).toBe(EXIT.configuration);
  expect(redirect.run.stderr).toContain('The tenant redirects (302 to "https://evil.example/');
  expect(readFileSync(path.join(redirect.dir, 'reports/conformance.md'), 'utf8')).not.toMatch(/(?<!\\)<img/);
  expect(leaksOf(redirect)).toEqual([]);
});

test('a key id equal to the account id: no false failure (checks see the raw body), redacted where written', () => {
  const sameId = scenario('sameId');
  expect(sameId.run.exitCode, sameId.run.stdout).toBe(0);
  // Nothing failed (the run covers a few specs, so it may also be incomplete): no false failure.
  expect(['conforms', 'incomplete']).toContain(sameId.report.verdict);
  expect(sameId.report.problems).toEqual([]);
  expect(sameId.report.summary.failed).toBe(0);
  expect(JSON.stringify(sameId.report)).not.toMatch(/online_conference_account_id\\":4242/);
});

test('a flood of a million schema errors in a 2 MB body: bounded reports, a verdict, no crash', () => {
  const flood = scenario('flood');
  expect(flood.run.exitCode, flood.run.stdout.slice(-2000) + flood.run.stderr.slice(-2000)).toBe(
    EXIT.doesNotConform,
  );
  expect(flood.run.stdout + flood.run.stderr).not.toContain('RangeError');
  expect(statSync(path.join(flood.dir, 'reports/junit.xml')).size).toBeLessThan(2 * 1024 * 1024);
  expect(totalBytes(flood.dir)).toBeLessThan(40 * 1024 * 1024);
  expect(flood.run.wallMs).toBeLessThan(180_000);
});

test('a conforming tenant padding every answer to 4.9 MB: conforms, and what is kept stays small', () => {
  const padded = scenario('padded');
  expect(padded.run.exitCode, padded.run.stdout).toBe(0);
  // Nothing failed; without the opt-in burst the 429 requirements stay unverified, so it may say incomplete.
  expect(['conforms', 'incomplete']).toContain(padded.report.verdict);
  expect(padded.report.problems).toEqual([]);
  expect(totalBytes(padded.dir)).toBeLessThan(20 * 1024 * 1024);
});

test('a tenant answering 429 with Retry-After: 59 forever: exit 3, stopped early, saying why', () => {
  const throttle = scenario('throttle');
  expect(throttle.run.exitCode, throttle.run.stdout.slice(-3000)).toBe(EXIT.infrastructure);
  expect(throttle.report.verdict).toBe('infrastructure-error');
  expect(throttle.run.stdout).toContain('Stopped early: the run was stopped after 3 tests in a row');
  expect(throttle.report.tests.map((check) => check.infrastructureError)).toContain('rate-limit-exhausted');
  expect(throttle.report.summary.skipped).toBeGreaterThan(50);
  expect(leaksOf(throttle)).toEqual([]);
});

test('a tenant that stalls after the preflight: exit 3, bounded; lost creates recorded as possibly created', () => {
  const stall = scenario('stall');
  expect(stall.run.exitCode, stall.run.stdout.slice(-3000)).toBe(EXIT.infrastructure);
  expect(stall.report.verdict).toBe('infrastructure-error');
  expect(stall.run.stdout).toContain('Stopped early');
  expect(stall.run.wallMs).toBeLessThan(180_000);
  const created = JSON.parse(readFileSync(path.join(stall.dir, 'reports/created.json'), 'utf8')) as {
    conferences: { public_id: string; possibly_created?: boolean }[];
  };
  const possibly = created.conferences.filter((c) => c.possibly_created);
  expect(possibly.length).toBeGreaterThan(0);
  expect(possibly[0]!.public_id).toMatch(/^mbct-/);
});

function totalBytes(dir: string): number {
  return filesUnder(dir).reduce((sum, file) => sum + statSync(file).size, 0);
}

async function rawServer(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handle);
  return listen(server);
}

/** Answers the first `count` requests (the preflight's), then accepts requests and never answers. */
async function stallingAfter(count: number, handler: Handler): Promise<string> {
  let seen = 0;
  const server = createServer((req, res) => {
    seen += 1;
    if (seen > count) return;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) headers[name] = String(value);
      const response = handler({
        method: req.method ?? 'POST',
        url: req.url ?? '/',
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
        bodyTooLarge: false,
        remoteAddress: '127.0.0.1',
      });
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    });
  });
  return listen(server);
}

async function listen(server: Server): Promise<string> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${API_BASE_PATH}`;
}

test('round 3: the key as Retry-After, fullwidth and zero-width-interleaved: in no output, raw, decoded or folded', () => {
  const round3 = scenario('round3');
  expect(round3.run.exitCode, round3.run.stdout.slice(-3000) + round3.run.stderr).toBe(EXIT.doesNotConform);
  // The attacks happened: 429s were met and checked, the look-alike titles failed the echo check.
  expect(round3.report.footprint.rateLimited).toBeGreaterThan(0);
  expect(round3.report.problems.map((problem) => problem.requirement)).toContain(
    'response.429.header.Retry-After',
  );
  expect(round3.report.tests.flatMap((check) => check.failedChecks)).toContain('echo_conformance');
  expect(existsSync(path.join(round3.dir, 'reports/blob-report'))).toBe(true);
  expect(existsSync(path.join(round3.dir, 'reports/withheld.txt')), 'nothing needed the sweep').toBe(false);
  expect(leaksOf(round3)).toEqual([]);
});

test('round 3 switched off: the scan finds the key from Retry-After raw, and its look-alikes folded', () => {
  const blind = scenario('round3Blind');
  const found = leaksOf(blind);
  // Raw: only the 429s carry the plain secret (as Retry-After); the look-alikes are found only folded.
  expect(found.some((leak) => leak.needle === CANARY.secret && !leak.where.includes('(folded)'))).toBe(true);
  expect(found.some((leak) => leak.needle === CANARY.secret && leak.where.includes('(folded)'))).toBe(true);
  const json = readFileSync(path.join(blind.dir, 'reports/conformance.json'), 'utf8');
  expect(json).toContain(fullwidth(CANARY.secret));
  expect(json).toContain(JSON.stringify(zeroWidthInterleaved(CANARY.secret)).slice(1, -1));
  // Nothing is withheld with redaction off: the sweep is not what hid anything above.
  expect(existsSync(path.join(blind.dir, 'reports/withheld.txt'))).toBe(false);
});

test('junit.xml is well-formed XML 1.0 with every hostile tenant; bidi and XML-forbidden text written as escapes', () => {
  for (const [name] of scenarios) {
    const file = path.join(scenarios.get(name)!.dir, 'reports/junit.xml');
    if (!existsSync(file)) continue;
    expect(xmlProblems(readFileSync(file, 'utf8')), name).toEqual([]);
  }
  const round3 = scenario('round3');
  for (const name of ['conformance.json', 'conformance.md', 'conformance.html', 'junit.xml']) {
    const text = readFileSync(path.join(round3.dir, 'reports', name), 'utf8');
    expect(text, name).not.toMatch(/[\ufffe\uffff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  }
  // Not vacuous: the characters reached the reports, as escapes (JSON doubles the backslash).
  for (const escape of ['\\\\ufffe', '\\\\ud800', '\\\\u061c', '\\\\u202e'])
    expect(readFileSync(path.join(round3.dir, 'reports/conformance.json'), 'utf8')).toContain(escape);
  expect(readFileSync(path.join(round3.dir, 'reports/junit.xml'), 'utf8')).toContain('\\u061c');
});

test('a body nested a million arrays deep: a MUST failure of its shape, no RangeError, no security problem, bounded', () => {
  const deep = scenario('deep');
  const plain = scenario('plain');
  const output = deep.run.stdout + deep.run.stderr;
  expect(deep.run.exitCode, output.slice(-3000)).toBe(EXIT.doesNotConform);
  expect(output).not.toMatch(/RangeError|Maximum call stack/);
  const problems = deep.report.problems.map((problem) => problem.requirement);
  expect(problems).toContain('response.400.body');
  expect(problems.filter((id) => id.startsWith('security.'))).toEqual([]);
  expect(JSON.stringify(deep.report)).not.toMatch(/RangeError|Maximum call stack/);
  // Measured against the same files on the plain tenant (printed for the record); the bound is loose
  // because the runs share a busy machine, far below the 278 s the crash took.
  console.log(`deep ${deep.run.wallMs} ms, plain ${plain.run.wallMs} ms`);
  expect(deep.run.wallMs).toBeLessThan(plain.run.wallMs + 60_000);
});

test('20,000 error keys: conformance.md under 1 MiB, conformance.json under 10 MB, the keys named by count', () => {
  const wide = scenario('wide');
  expect(wide.run.exitCode, wide.run.stdout.slice(-3000)).not.toBe(EXIT.suiteError);
  const md = statSync(path.join(wide.dir, 'reports/conformance.md')).size;
  const json = statSync(path.join(wide.dir, 'reports/conformance.json')).size;
  console.log(`20,000 error keys: conformance.md ${md} bytes, conformance.json ${json} bytes`);
  expect(md).toBeLessThan(1024 * 1024);
  expect(json).toBeLessThan(10 * 1024 * 1024);
  const warning = wide.report.problems.find(
    (problem) => problem.requirement === 'convention.error-names-field',
  );
  expect(warning?.received).toMatch(/and 19980 more$/);
  expect(leaksOf(wide)).toEqual([]);
});
