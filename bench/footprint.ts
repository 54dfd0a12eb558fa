import type { JSONReport, JSONReportSuite } from '@playwright/test/reporter';

/** What one test did to the tenant, from its `conformance-stats` attachment and `reports/created.jsonl`. */
export interface TestFootprint {
  readonly key: string;
  readonly project: string;
  readonly status: string;
  /**
   * The status its `spec` annotation points at (`.../responses/400`); failing that, the final status it
   * got (`observed` is then true; against the reference tenant a passing test got what it expected).
   */
  readonly expects: string;
  readonly observed: boolean;
  readonly cases: readonly string[];
  readonly requests: number;
  readonly rateLimited: number;
  readonly waitedMs: number;
  readonly durationMs: number;
  created: number;
}

export interface FootprintGroup {
  readonly label: string;
  readonly tests: number;
  readonly cases: number;
  readonly requests: number;
  readonly rateLimited: number;
  readonly waitedMs: number;
  readonly created: number;
}

export interface Footprint {
  readonly tests: readonly TestFootprint[];
  /** One row per expected status, then the accepted / rejected / total rows. */
  readonly groups: readonly FootprintGroup[];
  /** Created conferences of the run that no test of the report claims (should be 0). */
  readonly unattributedCreated: number;
  /** Tests without a `conformance-stats` attachment (they sent nothing through `api`). */
  readonly withoutStats: number;
}

interface Stats {
  requests: number;
  rateLimited: number;
  waitedMs: number;
}

/** Phases of a run from the JSON report's clock: what happens before, during and after the tests. */
export interface Timeline {
  readonly playwrightMs: number;
  readonly beforeFirstTestMs: number;
  readonly testsMs: number;
  readonly afterLastTestMs: number;
  readonly workers: number;
  readonly testTimeMs: number;
}

export function timelineOf(report: JSONReport): Timeline {
  const results = report.suites
    .flatMap(function all(suite): JSONReportSuite[] {
      return [suite, ...(suite.suites ?? []).flatMap(all)];
    })
    .flatMap((suite) => suite.specs.flatMap((spec) => spec.tests.flatMap((test) => test.results)))
    .filter((result) => result.startTime);
  const start = Date.parse(report.stats.startTime);
  const firstStart = Math.min(...results.map((result) => Date.parse(result.startTime)));
  const lastEnd = Math.max(...results.map((result) => Date.parse(result.startTime) + result.duration));
  return {
    playwrightMs: report.stats.duration,
    beforeFirstTestMs: firstStart - start,
    testsMs: lastEnd - firstStart,
    afterLastTestMs: start + report.stats.duration - lastEnd,
    workers: new Set(results.map((result) => result.workerIndex)).size,
    testTimeMs: results.reduce((total, result) => total + result.duration, 0),
  };
}

export function footprintOf(report: JSONReport, createdJsonl: string, runId: string): Footprint {
  const tests = report.suites.flatMap((file) => testsIn(file, []));
  let withoutStats = 0;
  for (const test of tests) if (Number.isNaN(test.requests)) withoutStats++;

  const byKey = new Map(tests.map((test) => [test.key, test]));
  let unattributedCreated = 0;
  for (const line of createdJsonl.split('\n')) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as { run_id?: string; test?: string };
    if (entry.run_id !== runId) continue;
    const owner = byKey.get(entry.test ?? '');
    if (owner) owner.created++;
    else unattributedCreated++;
  }

  const statuses = [...new Set(tests.map((test) => test.expects))].sort();
  const groups = statuses.flatMap((status) =>
    [false, true].flatMap((observed) => {
      const matching = tests.filter((t) => t.expects === status && t.observed === observed);
      const label = observed ? `answered ${status} (no response pointer)` : `expects ${status}`;
      return matching.length > 0 ? [group(label, matching)] : [];
    }),
  );
  const ofKind = (kind: ReturnType<typeof kindOf>) => tests.filter((test) => kindOf(test) === kind);
  groups.push(group('**accepted** (2xx)', ofKind('accepted')));
  groups.push(group('**rejected** (4xx/5xx other than 429)', ofKind('rejected')));
  groups.push(group('**rate-limit probe** (429)', ofKind('rate-limit')));
  groups.push(group('**all tests**', tests));
  return { tests, groups, unattributedCreated, withoutStats };
}

export function kindOf(test: TestFootprint): 'accepted' | 'rejected' | 'rate-limit' | 'unclassified' {
  if (test.expects.startsWith('2')) return 'accepted';
  if (test.expects === '429') return 'rate-limit';
  return /^[345]/.test(test.expects) ? 'rejected' : 'unclassified';
}

function testsIn(suite: JSONReportSuite, describes: readonly string[]): TestFootprint[] {
  const found: TestFootprint[] = [];
  for (const spec of suite.specs) {
    for (const test of spec.tests) {
      const result = test.results.at(-1);
      const annotations = [...test.annotations, ...(result?.annotations ?? [])];
      const of = (type: string) => [
        ...new Set(annotations.filter((a) => a.type === type).map((a) => a.description ?? '')),
      ];
      const attachments = result?.attachments ?? [];
      const documented = of('spec')
        .map((pointer) => /\/responses\/([^/]+)$/.exec(pointer)?.[1])
        .find(Boolean);
      const expects = documented ?? finalStatusOf(attachments) ?? '?';
      // A test that talks to the client directly (the rate-limit burst) has no stats attachment but
      // says how many requests it sent in its `burst` annotation.
      const burst = of('burst')
        .map((text) => ({
          requests: Number(/^(\d+) requests/.exec(text)?.[1]),
          rateLimited: Number(/(\d+)× 429/.exec(text)?.[1] ?? 0),
        }))
        .find((count) => !Number.isNaN(count.requests));
      const stats = statsOf(attachments) ?? (burst ? { ...burst, waitedMs: 0 } : undefined);
      found.push({
        key: [...describes, spec.title].join(' › '),
        project: test.projectName,
        status: result?.status ?? 'not run',
        expects,
        observed: documented === undefined && expects !== '?',
        cases: of('case'),
        requests: stats?.requests ?? NaN,
        rateLimited: stats?.rateLimited ?? 0,
        waitedMs: stats?.waitedMs ?? 0,
        durationMs: result?.duration ?? 0,
        created: 0,
      });
    }
  }
  for (const child of suite.suites ?? []) found.push(...testsIn(child, [...describes, child.title]));
  return found;
}

function finalStatusOf(attachments: readonly { name: string; body?: string }[]): string | undefined {
  const body = attachments.find((attachment) => attachment.name === 'conformance-exchanges')?.body;
  if (body === undefined) return undefined;
  const exchanges = JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as {
    response: { status: number };
  }[];
  const statuses = exchanges.map((exchange) => exchange.response.status);
  const final = statuses.filter((status) => status !== 429).at(-1) ?? statuses.at(-1);
  return final === undefined ? undefined : String(final);
}

function statsOf(attachments: readonly { name: string; body?: string }[]): Stats | undefined {
  const body = attachments.find((attachment) => attachment.name === 'conformance-stats')?.body;
  if (body === undefined) return undefined;
  return JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as Stats;
}

function group(label: string, tests: readonly TestFootprint[]): FootprintGroup {
  const sum = (pick: (test: TestFootprint) => number) =>
    tests.reduce((total, test) => total + (Number.isNaN(pick(test)) ? 0 : pick(test)), 0);
  return {
    label,
    tests: tests.length,
    cases: new Set(tests.flatMap((test) => test.cases)).size,
    requests: sum((test) => test.requests),
    rateLimited: sum((test) => test.rateLimited),
    waitedMs: sum((test) => test.waitedMs),
    created: sum((test) => test.created),
  };
}
