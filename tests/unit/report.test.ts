import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { shellQuote, toCurl } from '../../src/report/curl';
import { escapeHtml, renderHtml } from '../../src/report/html';
import { renderMarkdown } from '../../src/report/markdown';
import { stripAnsi } from '../../src/report/ansi';
import { buildReport } from '../../src/report/model';
import { signOffFacts } from '../../src/report/sign-off';
import { BASE_URL, exchange, failedRecord, passedRecord, reportInput } from './report-fixtures';

test.describe('the report model', () => {
  test('counts, score, verdict and footprint of a run with one failure', () => {
    const report = buildReport(
      reportInput({
        tests: [
          passedRecord('create.minimal'),
          failedRecord('create.full', ['content_type_conformance']),
          {
            ...passedRecord('auth.restricted'),
            outcome: 'skipped',
            exchanges: [],
            stats: { requests: 0, rateLimited: 0, waitedMs: 0 },
          },
        ],
        created: [{ id: 1, public_id: 'p', title: 't', created_at: null }],
      }),
    );
    expect(report.summary).toEqual({
      total: 3,
      passed: 1,
      failed: 1,
      waived: 0,
      skipped: 1,
      cutShort: 0,
      infrastructureErrors: 0,
      warnings: 0,
    });
    expect(report.verdict).toBe('does-not-conform');
    expect(report.status).toBe('failed');
    expect(report.footprint).toEqual({
      requests: 3,
      preflightRequests: 0,
      rateLimited: 1,
      waitedMs: 1500,
      conferencesCreated: 1,
    });
    expect(report.tests.map((c) => c.status)).toEqual(['failed', 'passed', 'skipped']);
    expect(report.target).toEqual({ kind: 'remote', baseUrl: BASE_URL });
    expect(report.spec?.version).toBe('2.0');
    expect(report.findings).toHaveLength(1);
  });

  test('a failure carries its request, response, curl and message without colour codes', () => {
    const report = buildReport(
      reportInput({
        tests: [
          failedRecord('create.full', ['content_type_conformance'], '\u001b[31mExpected\u001b[39m: 200'),
        ],
      }),
    );
    const [check] = report.tests;
    expect(check).toMatchObject({
      id: 'create.full',
      status: 'failed',
      specPointer: '#/paths/~1online_conferences/post/responses/200',
      failedChecks: ['content_type_conformance'],
      message: 'Expected: 200',
      response: { status: 200, body: '<html>oops</html>' },
    });
    expect(check?.request?.headers['x-access-key-secret']).toBe('$MEETBIT_ACCESS_KEY_SECRET');
    expect(check?.curl).toContain('"x-access-key-secret: $MEETBIT_ACCESS_KEY_SECRET"');
  });

  test('a huge response body is cut in the report, the curl keeps the whole request', () => {
    const huge = { ...exchange(200, 'x'.repeat(200_000)), durationMs: 1 };
    const [check] = buildReport(
      reportInput({ tests: [{ ...failedRecord('create.full', []), exchanges: [huge] }] }),
    ).tests;
    expect(check?.response?.body.length).toBeLessThan(70_000);
    expect(check?.response?.body).toContain('more characters)');
    expect(check?.curl).toBe(toCurl(huge.request));
  });

  test('a passing check carries no curl and no message', () => {
    const [check] = buildReport(reportInput({ tests: [passedRecord('create.minimal')] })).tests;
    expect(check?.curl).toBeUndefined();
    expect(check?.message).toBeUndefined();
  });

  test('a run where nothing got an answer is an infrastructure error, not a pass', () => {
    const unreachable = {
      ...failedRecord('create.full', []),
      infrastructureError: 'connection-refused',
      message: 'No response',
    };
    expect(buildReport(reportInput({ tests: [unreachable] }))).toMatchObject({
      verdict: 'infrastructure-error',
      status: 'failed',
      summary: { infrastructureErrors: 1 },
    });
    const setupFailed = buildReport(
      reportInput({ globalErrors: ['globalSetup: spec invalid'], runStatus: 'failed' }),
    );
    expect(setupFailed.verdict).toBe('infrastructure-error');
    expect(setupFailed.runErrors).toEqual(['Error outside the tests: globalSetup: spec invalid']);
  });

  test('a definite failure outranks an infrastructure error elsewhere in the run', () => {
    const unreachable = { ...failedRecord('create.minimal', []), infrastructureError: 'timeout' };
    const report = buildReport(
      reportInput({ tests: [unreachable, failedRecord('create.full', ['echo_conformance'])] }),
    );
    expect(report.verdict).toBe('does-not-conform');
  });

  test('each requirement of the catalogue gets a status, with a reason when it was not verified', () => {
    const report = buildReport(
      reportInput({
        tests: [
          failedRecord('create.full', ['response_schema_conformance']),
          {
            ...passedRecord('title.maxLength.over'),
            outcome: 'skipped',
            evidence: {
              ...passedRecord('x').evidence,
              verified: [],
              declared: ['request.title.maxLength'],
              skipReason: 'needs a setting',
            },
          },
        ],
      }),
    );
    expect(report.requirements.map((r) => [r.id, r.status, r.reason])).toEqual([
      ['request.title.maxLength', 'passed', undefined],
      ['response.200.body.data.id', 'failed', undefined],
      [
        'convention.error-names-field',
        'not-verified',
        'no test of this run verifies it (filtered out with --grep or a project, or not run)',
      ],
    ]);
  });

  test('stripAnsi removes colours and hyperlinks, nothing else', () => {
    expect(stripAnsi('\u001b[2mexpect(\u001b[22m\u001b[31mreceived\u001b[39m)')).toBe('expect(received)');
    expect(stripAnsi('\u001b]8;;https://x\u0007link\u001b]8;;\u0007 [ok]')).toBe('link [ok]');
  });
});

test.describe('curl', () => {
  test('credentials stay placeholders for the shell; everything else is quoted literally', () => {
    const curl = toCurl(exchange(200, '').request);
    expect(curl).toBe(
      [
        `curl -sS -i -X POST '${BASE_URL}/online_conferences'`,
        `-H 'content-type: application/json'`,
        `-H "x-access-key-id: $MEETBIT_ACCESS_KEY_ID"`,
        `-H "x-access-key-secret: $MEETBIT_ACCESS_KEY_SECRET"`,
        `--data-binary '{"title":"It'\\''s <b>bold</b>"}'`,
      ].join(' \\\n  '),
    );
  });

  test('a body sent without Content-Type is replayed without one', () => {
    const curl = toCurl({ method: 'POST', url: 'http://127.0.0.1/x', headers: {}, body: 'a=1' });
    expect(curl).toContain(`-H 'Content-Type:'`);
  });

  test('the shell reads back exactly what was recorded, however nasty', () => {
    for (const value of [`it's`, `$(touch /tmp/pwned) \`id\` "q" \\ \n new line`, `'`, ``, `!$HOME*`]) {
      const echoed = execFileSync('sh', ['-c', `printf %s ${shellQuote(value)}`], { encoding: 'utf8' });
      expect(echoed).toBe(value);
    }
  });

  test('placeholders expand from the environment when the command runs', () => {
    const curl = toCurl(exchange(200, '').request).replace(/^curl /, 'printf "%s\\n" ');
    const out = execFileSync('sh', ['-c', curl], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, MEETBIT_ACCESS_KEY_ID: 'id-from-env', MEETBIT_ACCESS_KEY_SECRET: 's' },
    });
    expect(out).toContain('x-access-key-id: id-from-env\n');
  });
});

test.describe('markdown', () => {
  const report = buildReport(
    reportInput({
      tests: [
        passedRecord('create.minimal'),
        failedRecord('create.full', ['content_type_conformance'], 'has ```fences``` and <script>'),
      ],
    }),
  );
  const markdown = renderMarkdown(report);

  test('the verdict and the requirements verified come first, then the problems, then the catalogue', () => {
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('## MeetBit conformance: ❌ does not conform');
    expect(lines[4]).toBe(
      '**2 of 2 MUST requirements verified, 1 held (0 of 1 SHOULD); 1 problem, 0 warnings.**',
    );
    const problems = markdown.indexOf('### Problems (1 MUST), most severe first');
    expect(markdown).not.toContain('### Warnings');
    expect(problems).toBeGreaterThan(0);
    expect(markdown.indexOf('<details><summary>Requirements and their status')).toBeGreaterThan(problems);
    expect(markdown).toContain(
      '1. **MUST `response.200.body.data.id`**: In a 200 JSON body, `data.id` is present',
    );
  });

  test('a curl cannot close its code fence; tenant text is escaped', () => {
    const nasty = buildReport(
      reportInput({
        tests: [
          {
            ...failedRecord('create.full', ['content_type_conformance']),
            evidence: {
              ...failedRecord('create.full', ['content_type_conformance']).evidence,
              failureExchanges: [
                {
                  ...exchange(200, ''),
                  request: { ...exchange(200, '').request, body: 'has ```fences``` and <script>' },
                },
              ],
            },
          },
        ],
      }),
    );
    const text = renderMarkdown(nasty);
    expect(text).toContain('   ````sh\n   curl');
    expect(text).toContain("'has ```fences``` and <script>'\n   ````");
  });

  test('it stays short: a huge run is cut, pointing at the HTML page', () => {
    const many = Array.from({ length: 80 }, (_, i) => ({
      ...failedRecord(`case.${i}`, ['content_type_conformance']),
      evidence: {
        ...failedRecord(`case.${i}`, ['content_type_conformance']).evidence,
        failures: failedRecord(`case.${i}`, ['content_type_conformance']).evidence.failures.map((f) => ({
          ...f,
          location: `body/field${i}`,
          expected: `line\n`.repeat(60),
        })),
      },
    }));
    const long = renderMarkdown(buildReport(reportInput({ tests: many })));
    expect(long).toContain('…and 50 more: see conformance.html.');
    expect(long.length).toBeLessThan(80_000);
  });
});

test.describe('html', () => {
  test('escapeHtml escapes the five characters that matter', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });

  test('everything from the tenant, the spec and the tests is escaped', () => {
    const html = renderHtml(
      buildReport(
        reportInput({
          tests: [
            failedRecord('create.<img src=x onerror=alert(1)>', ['content_type_conformance']),
            // Stopped on an error no check recorded: cut short, its message shown.
            failedRecord('create.<b>', [], 'Received: "<script>alert(1)</script>"'),
          ],
        }),
      ),
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('&#60;html&#62;oops&#60;/html&#62;');
    expect(html).toContain('&#60;with slashes&#62;');
  });

  test('the page is self-contained: no script, no external resource', () => {
    const html = renderHtml(
      buildReport(reportInput({ tests: [failedRecord('create.full', ['content_type_conformance'])] })),
    );
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('<pre class="curl">curl -sS -i -X POST');
  });

  test('the sign-off sheet: verdict in words, what was tested and held, suite, spec digest, settings, "waivers: none"', () => {
    const report = buildReport(
      reportInput({
        tests: [failedRecord('create.full', ['content_type_conformance'])],
        suite: { version: '9.9.9', commit: '0123456789abcdef0123' },
        settings: {
          keyWithoutPermission: false,
          rateLimitBurst: true,
          strict: false,
          fuzzRequests: 20,
          fuzzPublic: false,
          pace: { rps: 0.8, from: 'default' },
          disposable: false,
        },
      }),
    );
    const facts = Object.fromEntries(signOffFacts(report).map((fact) => [fact.label, fact.value]));
    expect(facts.Tested).toMatch(/^\d+ of \d+ MUST requirements tested: \d+ held, 1 failed/);
    expect(facts.Suite).toBe('meetbit-conformance 9.9.9, commit 0123456789ab');
    expect(facts.Waivers).toBe('none');
    expect(facts['Coverage settings']).toContain('the permission test did not run');
    expect(facts['Coverage settings']).toContain('fuzz budget: 20 requests, private creates only');
    const html = renderHtml(report);
    expect(html).toContain('<span class="verdict v-does-not-conform">DOES NOT CONFORM</span>');
    expect(html).not.toMatch(/[\u2600-\u27bf\u{1f300}-\u{1faff}]/u);
    expect(html).toContain('<th>Waivers</th><td>none</td>');
    expect(html).toContain('@media print');
  });

  test('warnings have their own heading, never counted as problems', () => {
    const base = buildReport(
      reportInput({ tests: [failedRecord('create.full', ['content_type_conformance'])] }),
    );
    const report = { ...base, problems: base.problems.map((p) => ({ ...p, level: 'should' as const })) };
    const markdown = renderMarkdown(report);
    expect(markdown).not.toContain('### Problems');
    expect(markdown).toContain('### Warnings (1 SHOULD)');
    const html = renderHtml(report);
    expect(html).toContain('<h2 id="problems">Problems (0 MUST)</h2>');
    expect(html).toContain('<h2 id="warnings">Warnings (1 SHOULD)</h2>');
  });
});
