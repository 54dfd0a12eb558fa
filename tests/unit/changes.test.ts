import { expect, test } from '@playwright/test';
import type { Requirement } from '../../src/contract';
import { baselineRefusal, type BaselineReport, type Changes } from '../../src/report/changes';
import { renderConsole } from '../../src/report/console';
import { renderHtml } from '../../src/report/html';
import { LatencyRecorder } from '../../src/report/latency';
import { renderMarkdown } from '../../src/report/markdown';
import { renderJobSummary } from '../../src/report/summary';
import { buildReport, type ConformanceReport, type TestRecord } from '../../src/report/model';
import { decideStatus } from '../../src/report/policy';
import { exitCodeFor, EXIT } from '../../src/report/verdict-words';
import { reportSchemaErrors } from '../support/report-schema';
import { BASE_URL, CATALOGUE, failedRecord, passedRecord, reportInput } from './report-fixtures';

/** Two more MUSTs, so two runs can differ in which of three requirements fails. */
const MORE: Requirement[] = [
  {
    id: 'request.online_conference_attendees.maxItems',
    level: 'must',
    statement: 'At most 5 attendees',
    source: { kind: 'spec', pointer: '#/x/maxItems' },
  },
  {
    id: 'permissions.create',
    level: 'must',
    statement: 'A key without the permission is refused',
    source: { kind: 'spec', pointer: '#/x/security' },
    enabledBy: 'MEETBIT_RESTRICTED_ACCESS_KEY_ID and MEETBIT_RESTRICTED_ACCESS_KEY_SECRET',
  },
];
const catalogue = [...CATALOGUE, ...MORE];

/** A test that fails `requirement` (MUST) at `location`. */
function failing(requirement: string, location = 'status'): TestRecord {
  const record = failedRecord(`case.${requirement}`, ['expected_outcome']);
  return {
    ...record,
    evidence: {
      ...record.evidence,
      declared: [requirement],
      verified: [requirement],
      failures: record.evidence.failures.map((failure) => ({
        ...failure,
        requirement,
        level: 'must' as const,
        location,
        defect: 'accepted',
        title: `accepted what ${requirement} refuses`,
      })),
    },
  };
}

function passing(requirement: string): TestRecord {
  const record = passedRecord(`case.${requirement}`);
  return { ...record, evidence: { ...record.evidence, declared: [requirement], verified: [requirement] } };
}

function skipped(requirement: string): TestRecord {
  const record = passedRecord(`case.${requirement}`);
  return {
    ...record,
    outcome: 'skipped',
    evidence: { ...record.evidence, declared: [requirement], verified: [], skipReason: 'no restricted key' },
  };
}

function run(
  tests: TestRecord[],
  more: Partial<Parameters<typeof reportInput>[0]> = {},
  name = 'staging',
): ConformanceReport {
  return buildReport(
    reportInput({ catalogue, tests, target: { kind: 'remote', name, baseUrl: BASE_URL }, ...more }),
  );
}

// Night 1: a title limit of 300 (title.maxLength fails). Night 2: the title fixed, 6 attendees accepted.
const night1 = run(
  [
    failing('request.title.maxLength'),
    passing('request.online_conference_attendees.maxItems'),
    passing('permissions.create'),
  ],
  { runId: 'night-1' },
);
const night2Tests = [
  passing('request.title.maxLength'),
  failing('request.online_conference_attendees.maxItems'),
  passing('permissions.create'),
];

test.describe('what changed since the baseline', () => {
  test('two differently defective nights: new and resolved name exactly what appeared and went away', () => {
    const night2 = run(night2Tests, { baseline: night1, runId: 'night-2' });
    const changes = night2.changes!;
    expect(changes.new.map((c) => c.requirement)).toEqual(['request.online_conference_attendees.maxItems']);
    expect(changes.resolved.map((c) => c.requirement)).toEqual(['request.title.maxLength']);
    expect(changes.unchanged).toEqual([]);
    expect(changes.new[0]).toEqual({
      fingerprint: night2.problems[0]!.fingerprint,
      requirement: 'request.online_conference_attendees.maxItems',
      level: 'must',
      title: 'accepted what request.online_conference_attendees.maxItems refuses',
    });
    expect(changes.requirements).toEqual([
      { id: 'request.title.maxLength', level: 'must', from: 'failed', to: 'passed' },
      { id: 'request.online_conference_attendees.maxItems', level: 'must', from: 'passed', to: 'failed' },
    ]);
    expect(night2.baseline).toEqual({
      runId: 'night-1',
      startedAt: '2026-11-24T07:00:00.000Z',
      finishedAt: '2026-11-24T07:00:02.500Z',
      verdict: 'does-not-conform',
    });
    expect(reportSchemaErrors(night2)).toEqual([]);
  });

  test('the same defect another night: unchanged, whatever the run id and seed', () => {
    const night3 = run(night2Tests, {
      baseline: run(night2Tests, { runId: 'a', seed: 1 }),
      runId: 'b',
      seed: 2,
    });
    expect(night3.changes).toMatchObject({ new: [], resolved: [], requirements: [], latency: [] });
    expect(night3.changes!.unchanged.map((c) => c.requirement)).toEqual([
      'request.online_conference_attendees.maxItems',
    ]);
  });

  test('a requirement verified then, not tried now, is told apart from one whose tests ran and could not', () => {
    const notRun = run([passing('request.title.maxLength'), skipped('permissions.create')], {
      baseline: night1,
    });
    expect(notRun.changes!.requirements).toContainEqual({
      id: 'permissions.create',
      level: 'must',
      from: 'passed',
      to: 'not-verified',
      notRun: true,
    });
    const inconclusive: TestRecord = {
      ...passing('permissions.create'),
      evidence: {
        ...passing('permissions.create').evidence,
        verified: [],
        notVerified: [
          { id: 'permissions.create', why: 'inconclusive: 429 past MEETBIT_MAX_RATE_LIMIT_WAIT' },
        ],
      },
    };
    const tried = run([passing('request.title.maxLength'), inconclusive], { baseline: night1 });
    expect(tried.changes!.requirements).toContainEqual({
      id: 'permissions.create',
      level: 'must',
      from: 'passed',
      to: 'not-verified',
    });
  });
});

test.describe('the reports lead with the change', () => {
  const night2 = run(night2Tests, { baseline: night1, runId: 'night-2' });

  test('markdown, console and html say it first, then the verdict', () => {
    const markdown = renderMarkdown(night2);
    expect(markdown.split('\n')[0]).toBe(
      '**What changed:** 1 new problem, 1 resolved since run night-1 of 2026-11-24 07:00 UTC.',
    );
    expect(markdown).toContain(
      '- New: \\[MUST\\] request.online\\_conference\\_attendees.maxItems: accepted what request.online\\_conference\\_attendees.maxItems refuses',
    );
    expect(markdown.indexOf('What changed')).toBeLessThan(markdown.indexOf('## MeetBit conformance'));
    const console = renderConsole(night2, 'reports');
    expect(console).toContain(
      'What changed: 1 new problem, 1 resolved since run night-1 of 2026-11-24 07:00 UTC.',
    );
    expect(console.indexOf('What changed')).toBeLessThan(console.indexOf('MeetBit conformance:'));
    const html = renderHtml(night2);
    expect(html.indexOf('id="changes"')).toBeLessThan(html.indexOf('id="summary"'));
    expect(html).toContain('Resolved: [MUST] request.title.maxLength');
  });

  test('a night with nothing new is one line', () => {
    const same = run(night2Tests, { baseline: night2 });
    expect(renderMarkdown(same).split('\n')[0]).toBe(
      '**What changed:** Nothing changed since run night-2 of 2026-11-24 07:00 UTC (1 known problem still there).',
    );
  });

  test('the job summary: a night with nothing new is one line naming the tenant, the verdict and what would verify the rest', () => {
    const notRunTonight = [...night2Tests.slice(0, 2), skipped('permissions.create')];
    const quiet = run(notRunTonight, {
      baseline: run(notRunTonight, { runId: 'night-2' }),
      runId: 'night-3',
    });
    expect(renderJobSummary(quiet)).toBe(
      '**staging**: Nothing changed since run night-2 of 2026-11-24 07:00 UTC (1 known problem still there) · ' +
        'does not conform · 2 MUST not verified (1 of them: enable with ' +
        'MEETBIT\\_RESTRICTED\\_ACCESS\\_KEY\\_ID and MEETBIT\\_RESTRICTED\\_ACCESS\\_KEY\\_SECRET) · run night-3.\n',
    );
    // A night with news is the whole conformance.md, the change first.
    expect(renderJobSummary(night2)).toBe(renderMarkdown(night2));
  });

  test('a run with no verdict on the tenant is not compared: what it did not reach is not "resolved"', () => {
    const down = run([passing('request.title.maxLength')], {
      baseline: night1,
      globalErrors: ['worker crashed'],
    });
    expect(down.verdict).toBe('infrastructure-error');
    expect(down.changes).toBeUndefined();
    expect(down.baseline?.runId).toBe('night-1');
    expect(renderMarkdown(down).split('\n')[0]).toBe(
      '**What changed:** Not compared since run night-1 of 2026-11-24 07:00 UTC: this run has no verdict on the tenant (infrastructure error).',
    );
  });

  test('no baseline, no change section: a first night reads as before', () => {
    expect(renderMarkdown(night1).startsWith('## MeetBit conformance')).toBe(true);
    expect(night1.changes).toBeUndefined();
  });
});

test.describe('a baseline of another run is refused, never silently compared', () => {
  const identity = {
    operation: 'POST /online_conferences',
    target: { kind: 'remote', name: 'staging', baseUrl: BASE_URL },
  };
  const baseline = night1 as unknown as BaselineReport;

  test('its own earlier report: compared', () => {
    expect(baselineRefusal(baseline, { ...identity, specSha256: 'ab'.repeat(32) })).toBeUndefined();
  });

  const refusals: [string, BaselineReport, RegExp][] = [
    [
      'another MEETBIT_TENANT_NAME',
      { ...baseline, target: { ...baseline.target, name: 'production' } },
      /another tenant: "production", this run "staging"/,
    ],
    [
      'a name on one side only',
      { ...baseline, target: { kind: 'remote', baseUrl: BASE_URL } },
      /another tenant: no MEETBIT_TENANT_NAME, this run "staging"/,
    ],
    [
      'another operation',
      { ...baseline, operation: 'GET /online_conferences' },
      /is of GET \/online_conferences/,
    ],
    [
      'another spec',
      { ...baseline, spec: { sha256: 'cd'.repeat(32) } },
      /another openapi\.yaml \(sha256 cdcdcdcdcdcd/,
    ],
    ['another format', { ...baseline, format: 'meetbit-conformance/2' }, /format "meetbit-conformance\/2"/],
    [
      'a report without a verdict',
      { ...baseline, verdict: 'configuration-error', requirements: undefined },
      /has no verdict to compare with/,
    ],
    [
      'the bundled tenant',
      { ...baseline, target: { kind: 'reference' } },
      /a reference tenant, this run a remote one/,
    ],
  ];
  for (const [what, other, message] of refusals) {
    test(`${what}`, () => {
      expect(baselineRefusal(other, { ...identity, specSha256: 'ab'.repeat(32) })).toMatch(message);
    });
  }

  test('without tenant names, the base URL is the tenant; the bundled tenant is one whatever its port', () => {
    const unnamed = { ...baseline, target: { kind: 'remote', baseUrl: 'https://a.example/api' } };
    expect(
      baselineRefusal(unnamed, { ...identity, target: { kind: 'remote', baseUrl: 'https://b.example/api' } }),
    ).toMatch(/https:\/\/a\.example\/api, this run https:\/\/b\.example\/api \(set MEETBIT_TENANT_NAME/);
    expect(
      baselineRefusal(unnamed, { ...identity, target: { kind: 'remote', baseUrl: 'https://a.example/api' } }),
    ).toBeUndefined();
    const bundled = { ...baseline, target: { kind: 'reference', baseUrl: 'http://127.0.0.1:4010' } };
    expect(
      baselineRefusal(bundled, {
        ...identity,
        target: { kind: 'reference', baseUrl: 'http://127.0.0.1:5123' },
      }),
    ).toBeUndefined();
  });

  test('in the report: no changes, the reason, and exit 2 whatever the verdict', () => {
    const report = run(night2Tests, { baseline: night1 }, 'production');
    expect(report.changes).toBeUndefined();
    expect(report.baselineRefused).toMatch(/another tenant: "staging", this run "production"/);
    expect(report.verdict).toBe('does-not-conform');
    expect(exitCodeFor(report.verdict, report.status, true)).toBe(EXIT.configuration);
    expect(renderMarkdown(report).split('\n')[0]).toMatch(/^\*\*What changed:\*\* Baseline refused: /);
  });
});

test.describe('MEETBIT_FAIL_ON: which changes fail the night; the verdict never moves', () => {
  const night2 = run(night2Tests, { baseline: night1, failOn: 'new' });
  const night3 = run(night2Tests, { baseline: night2, failOn: 'new' });

  test('new: a new MUST problem exits 1; the same defect the next night exits 0, still does-not-conform', () => {
    expect([night2.verdict, night2.status, exitCodeFor(night2.verdict, night2.status)]).toEqual([
      'does-not-conform',
      'failed',
      EXIT.doesNotConform,
    ]);
    expect([night3.verdict, night3.status, exitCodeFor(night3.verdict, night3.status)]).toEqual([
      'does-not-conform',
      'passed',
      EXIT.conforms,
    ]);
    expect(renderMarkdown(night3)).toContain(
      'MEETBIT\\_FAIL\\_ON=new: nothing new fails the run; known problems stay listed below.',
    );
    expect(renderMarkdown(night2)).toContain(
      'MEETBIT\\_FAIL\\_ON=new: the run fails on new MUST problem request.online\\_conference\\_attendees.maxItems.',
    );
  });

  test('any (the default): the same defect fails every night, as without a baseline', () => {
    const any = run(night2Tests, { baseline: night2 });
    expect([any.failOn, any.status]).toEqual(['any', 'failed']);
  });

  const changes = (over: Partial<Changes>): Changes => ({
    new: [],
    resolved: [],
    unchanged: [],
    requirements: [],
    latency: [],
    ...over,
  });
  const warning = {
    fingerprint: '0'.repeat(16),
    requirement: 'convention.x',
    level: 'should' as const,
    title: 't',
  };
  const cases: [string, Changes, 'new' | 'warnings', 'passed' | 'failed'][] = [
    [
      'a MUST no longer verified though its tests ran',
      changes({ requirements: [{ id: 'r', level: 'must', from: 'passed', to: 'not-verified' }] }),
      'new',
      'failed',
    ],
    [
      'a MUST not run tonight (a setting off)',
      changes({
        requirements: [{ id: 'r', level: 'must', from: 'passed', to: 'not-verified', notRun: true }],
      }),
      'new',
      'passed',
    ],
    ['a new warning under new', changes({ new: [warning] }), 'new', 'passed'],
    ['a new warning under warnings', changes({ new: [warning] }), 'warnings', 'failed'],
    [
      'a latency regression under new',
      changes({ latency: [{ kind: 'accepted', baselineP95: 10, p95: 210 }] }),
      'new',
      'passed',
    ],
    [
      'a latency regression under warnings',
      changes({ latency: [{ kind: 'accepted', baselineP95: 10, p95: 210 }] }),
      'warnings',
      'failed',
    ],
    [
      'a new waived MUST problem',
      changes({ new: [{ ...warning, level: 'must', waived: true }] }),
      'new',
      'passed',
    ],
  ];
  for (const [what, given, failOn, expected] of cases) {
    test(`${what}: ${expected}`, () => {
      expect(
        decideStatus({ verdict: 'incomplete', strict: false, runErrors: [], failOn, changes: given }),
      ).toBe(expected);
    });
  }

  test('a run error (an expired waiver) fails whatever the policy', () => {
    expect(
      decideStatus({
        verdict: 'conforms',
        strict: false,
        runErrors: ['expired'],
        failOn: 'new',
        changes: changes({}),
      }),
    ).toBe('failed');
  });
});

test.describe('latency regressions against the tenant’s own baseline', () => {
  const timedRun = (ms: number, baseline?: ConformanceReport) => {
    const recorder = new LatencyRecorder();
    for (let i = 0; i < 20; i++) recorder.record(200, ms + (i % 3));
    const record = {
      ...passedRecord('create.minimal'),
      stats: { requests: 20, rateLimited: 0, waitedMs: 0, latency: recorder.toJSON() },
    };
    return run([record], baseline ? { baseline } : {});
  };

  test('200 ms slower: a regression of accepted creates and of all answers', () => {
    const slower = timedRun(210, timedRun(10));
    expect(slower.changes!.latency).toEqual([
      { kind: 'overall', baselineP95: 12, p95: 212 },
      { kind: 'accepted', baselineP95: 12, p95: 212 },
    ]);
    expect(renderMarkdown(slower)).toContain('- Slower: accepted creates: p95 12 ms → 212 ms');
  });

  test('regression_no_false_positive: twice as slow but 40 ms more, or 100 ms more but only a third more, is noise', () => {
    expect(timedRun(50, timedRun(10)).changes!.latency).toEqual([]);
    expect(timedRun(400, timedRun(300)).changes!.latency).toEqual([]);
  });
});
