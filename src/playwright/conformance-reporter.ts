import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type {
  FullConfig,
  FullResult,
  Reporter,
  Suite,
  TestCase,
  TestError,
  TestResult,
} from '@playwright/test/reporter';
import type { Exchange, OperationContract } from '../contract';
import { SUITE_OPERATION } from '../contract/suite-operation';
import type { ObservedFailure } from './observed';
import type { ConformanceReport, CreatedConference, ReportInput, TestRecord } from '../report/model';
import { output } from './output';
import type { Pace } from '../client/rate-budget';
import type { RunMetadata } from './run-metadata';
import { readLatency } from '../report/latency';
import type { FailOn } from '../report/verdict-words';
import { stripAnsi } from '../report/ansi';

/** What onEnd writes with (src/playwright/report-layer.ts): imported while the tests run. */
type ReportLayer = typeof import('./report-layer');

export interface ConformanceReporterOptions {
  readonly reportsDir?: string;
  readonly waiversFile?: string;
  /** MEETBIT_BASELINE: a previous conformance.json of this tenant to compare with. */
  readonly baselineFile?: string;
  /** MEETBIT_HISTORY: the JSON Lines file this run appends a line to. */
  readonly historyFile?: string;
  readonly failOn?: FailOn;
  /** MEETBIT_MAX_RESPONSE_MS. */
  readonly maxResponseMs?: number;
}

/**
 * Writes conformance.json, conformance.md, conformance.html, summary.md and created.json, and decides the run's
 * status: waived failures do not fail it, expired waivers and infrastructure errors do. Everything it
 * writes comes from the `api` fixture's attachments, which hold credential placeholders, never values.
 * It must never throw: a reporter error would hide the run's outcome.
 */
export default class ConformanceReporter implements Reporter {
  private readonly reportsDir: string;
  private readonly waiversFile: string;
  private readonly options: ConformanceReporterOptions;
  private config: FullConfig | undefined;
  private readonly records = new Map<string, TestRecord>();
  private readonly globalErrors: string[] = [];
  private startedAt = new Date();
  private created: CreatedConference[] = [];
  private readonly paces: Pace[] = [];
  private contract: Promise<OperationContract> | undefined;
  private layer: Promise<ReportLayer> | undefined;
  private stoppedBecause: string | undefined;

  constructor(options: ConformanceReporterOptions = {}) {
    this.reportsDir = path.resolve(options.reportsDir ?? 'reports');
    this.waiversFile = path.resolve(options.waiversFile ?? 'conformance.waivers.yaml');
    this.options = options;
  }

  onBegin(config: FullConfig, _suite: Suite): void {
    this.config = config;
    this.startedAt = new Date();
    // Loaded while the tests run, not before the first one: the contract core is the runner's heaviest import.
    this.contract = loadOperationContract();
    this.contract.catch(() => undefined); // awaited, and reported, in onEnd
    // The renderers, the model and the waivers' YAML parser: ~30 ms less before the first worker starts.
    this.layer = import('./report-layer');
    this.layer.catch(() => undefined);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    try {
      this.records.set(test.id, toRecord(test, result));
      const pace = attachmentJson<{ pace?: Pace }>(result, 'conformance-stats')?.pace;
      if (pace) this.paces.push(pace);
      this.stoppedBecause ??= result.annotations.find((a) => a.type === 'circuit-open')?.description;
    } catch (error) {
      this.globalErrors.push(`The conformance reporter could not read ${test.title}: ${String(error)}`);
    }
  }

  onError(error: TestError): void {
    this.globalErrors.push(error.message ?? error.value ?? 'unknown error');
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    try {
      const layer = await (this.layer ?? import('./report-layer'));
      const { fitReport, renderConsole, fuzzLines, describePacing } = layer;
      const clean = output();
      // Every byte written passes the output exit: credentials out, control characters escaped. Fitted to
      // its size first (cleaning a flood would take minutes), and again after (escapes make text longer).
      const report = fitReport(clean.value(fitReport(await this.build(result, layer))));
      this.write(report, layer);
      this.appendHistory(report, layer);
      console.log(
        clean.text(renderConsole(report, `${shortPath(this.reportsDir)}/conformance.{json,md,html}`)),
      );
      // The CLI's first line named the seed: once is enough on a console.
      for (const line of fuzzLines(report, { seed: false })) console.log(clean.text(line.slice(0, 400)));
      if (this.stoppedBecause) console.log(clean.text(`Stopped early: ${this.stoppedBecause}.`));
      console.log(clean.text(describePacing(report.pacing)));
      if (report.status === 'failed')
        return { status: result.status === 'passed' ? 'failed' : result.status };
      // Only waived failures, or known ones under MEETBIT_FAIL_ON=new, turn a failed run into a passed one;
      // anything this reporter did not see stays failed.
      const accounted =
        report.summary.waived > 0 || (report.changes !== undefined && report.failOn !== 'any');
      return { status: result.status === 'failed' && !accounted ? 'failed' : 'passed' };
    } catch (error) {
      console.error(
        output().text(
          `The conformance reporter failed: ${stripAnsi(String((error as Error).stack ?? error))}`,
        ),
      );
      this.writeFallback(result, error);
      return { status: 'failed' };
    }
  }

  printsToStdio(): boolean {
    return false;
  }

  private async build(result: FullResult, layer: ReportLayer): Promise<ConformanceReport> {
    const { readPreflightRecord, summarizePacing, readBaseline, parseWaivers, catalogueOf } = layer;
    const { parseHistory, readHistoryTail, tenantKey, buildReport } = layer;
    const metadata = (this.config?.metadata?.conformance ?? {}) as RunMetadata;
    const preflightRecord = readPreflightRecord(this.reportsDir, metadata.runId);
    const tests = [...this.records.values()];
    let contract: OperationContract | undefined;
    try {
      contract = await (this.contract ?? loadOperationContract());
    } catch (error) {
      this.globalErrors.push(`The spec could not be loaded: ${(error as Error).message}`);
    }
    const baseUrl = metadata.target?.baseUrl ?? baseUrlFromExchanges(tests);
    this.created = this.readCreated(metadata.runId);
    const waiversText = existsSync(this.waiversFile) ? readFileSync(this.waiversFile, 'utf8') : undefined;
    const globalErrors = this.stoppedBecause
      ? [...this.globalErrors, `The run was stopped early: ${this.stoppedBecause}.`]
      : this.globalErrors;
    const pacing = summarizePacing(this.paces);
    const target = {
      ...(metadata.target?.kind ? { kind: metadata.target.kind } : {}),
      ...(metadata.tenantName ? { name: metadata.tenantName } : {}),
      ...(baseUrl ? { baseUrl } : {}),
    };
    const { baselineFile, historyFile, maxResponseMs, failOn } = this.options;
    const baseline = baselineFile ? readBaseline(baselineFile) : undefined;
    const input: ReportInput = {
      operation: SUITE_OPERATION.name,
      tests,
      globalErrors,
      runStatus: result.status,
      target,
      ...(metadata.runId ? { runId: metadata.runId } : {}),
      ...(typeof metadata.seed === 'number' ? { seed: metadata.seed } : {}),
      ...(metadata.suite ? { suite: metadata.suite } : {}),
      ...(metadata.settings ? { settings: metadata.settings } : {}),
      ...(contract ? { spec: contract.spec } : {}),
      findings: contract?.findings ?? [],
      waivers: parseWaivers(waiversText, path.basename(this.waiversFile)),
      catalogue: contract ? catalogueOf(contract).requirements : [],
      strict: metadata.strict === true,
      created: this.created,
      preflightRequests: preflightRecord?.requests ?? 0,
      preflightWarnings: preflightRecord?.warnings ?? [],
      startedAt: result.startTime ?? this.startedAt,
      durationMs: result.duration ?? Date.now() - this.startedAt.getTime(),
      now: new Date(),
      ...(pacing ? { pacing } : {}),
      ...(maxResponseMs ? { responseTimeBudgetMs: maxResponseMs } : {}),
      ...(baseline ? { baseline: baseline.ok ? baseline.baseline : { unreadable: baseline.problem } } : {}),
      ...(failOn ? { failOn } : {}),
      ...(historyFile ? { history: parseHistory(readHistoryTail(historyFile), tenantKey(target)) } : {}),
    };
    return buildReport(input);
  }

  /** One line per run in MEETBIT_HISTORY; a history that cannot be written is said, never fatal. */
  private appendHistory(report: ConformanceReport, { appendHistory, historyLineOf }: ReportLayer): void {
    const file = this.options.historyFile;
    if (!file) return;
    try {
      appendHistory(file, historyLineOf(report));
    } catch (error) {
      console.error(
        output().text(`The history file ${file} could not be written: ${(error as Error).message}`),
      );
    }
  }

  private readCreated(runId: string | undefined): CreatedConference[] {
    const file = path.join(this.reportsDir, 'created.jsonl');
    if (!existsSync(file)) return [];
    const entries: CreatedConference[] = [];
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as CreatedConference;
        // created.jsonl grows over runs into the same directory; this run's entries carry its id.
        if (!runId || entry.run_id === runId) entries.push(entry);
      } catch {
        // A line cut short by a killed worker: the rest still counts.
      }
    }
    return entries;
  }

  private write(
    report: ConformanceReport,
    { renderMarkdown, renderHtml, renderJobSummary }: ReportLayer,
  ): void {
    mkdirSync(this.reportsDir, { recursive: true });
    const file = (name: string) => path.join(this.reportsDir, name);
    writeFileSync(file('conformance.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(file('conformance.md'), renderMarkdown(report));
    writeFileSync(file('conformance.html'), renderHtml(report));
    writeFileSync(file('summary.md'), renderJobSummary(report));
    writeFileSync(
      file('created.json'),
      `${JSON.stringify(output().value({ runId: report.runId ?? null, target: report.target, conferences: this.created }, { numbers: true }), null, 2)}\n`,
    );
  }

  private writeFallback(result: FullResult, error: unknown): void {
    try {
      mkdirSync(this.reportsDir, { recursive: true });
      const fallback = {
        format: 'meetbit-conformance/3',
        operation: SUITE_OPERATION.name,
        verdict: 'infrastructure-error',
        status: 'failed',
        runStatus: result.status,
        problems: [
          `The conformance reporter failed: ${stripAnsi(String((error as Error).message ?? error))}`,
          ...this.globalErrors.map(stripAnsi),
        ],
      };
      writeFileSync(
        path.join(this.reportsDir, 'conformance.json'),
        `${JSON.stringify(output().value(fallback), null, 2)}\n`,
      );
    } catch {
      // Nothing left to write to; the console line above is the record.
    }
  }
}

async function loadOperationContract(): Promise<OperationContract> {
  const { loadSuiteOperation } = await import('../contract/operation');
  return loadSuiteOperation();
}

function toRecord(test: TestCase, result: TestResult): TestRecord {
  const annotations = [...test.annotations, ...result.annotations];
  const of = (type: string) => [
    ...new Set(annotations.filter((a) => a.type === type).map((a) => a.description ?? '')),
  ];
  const exchanges = attachmentJson<Exchange[]>(result, 'conformance-exchanges') ?? [];
  const stats = attachmentJson<TestRecord['stats']>(result, 'conformance-stats');
  const message = result.errors
    .map((error) => error.message ?? error.value ?? '')
    .filter(Boolean)
    .join('\n\n');
  const infrastructureError = of('infrastructure-error')[0];
  const specPointer = of('spec')[0];
  const observed = attachmentJson<{
    failures?: ObservedFailure[];
    exchanges?: Exchange[];
    verified?: string[];
  }>(result, 'conformance-failures');
  // Every test declares the requirements it verifies (a boundary case: its own and, accepted, the valid body).
  const declared = of('requirement');
  return {
    evidence: {
      declared,
      verified: Array.isArray(observed?.verified) ? observed.verified : [],
      notVerified: of('not-verified').map((text) => {
        const at = text.indexOf(':');
        return at < 0
          ? { id: text, why: 'inconclusive' }
          : { id: text.slice(0, at).trim(), why: text.slice(at + 1).trim() };
      }),
      ...(of('skip')[0] ? { skipReason: of('skip')[0] } : {}),
      failures: Array.isArray(observed?.failures) ? observed.failures : [],
      failureExchanges: Array.isArray(observed?.exchanges) ? observed.exchanges : [],
      ...(of('inputs')[0] === 'generated' ? { generated: true } : {}),
      ...(of('cut-short')[0] ? { cutShort: of('cut-short')[0] } : {}),
    },
    caseId: of('case')[0] ?? test.titlePath().slice(1).join(' › '),
    title: test.title,
    project: test.parent.project()?.name ?? '',
    outcome: result.status,
    ...(specPointer ? { specPointer } : {}),
    failedChecks: of('failed-check'),
    ...(infrastructureError ? { infrastructureError } : {}),
    ...(message ? { message } : {}),
    exchanges: Array.isArray(exchanges) ? exchanges : [],
    stats: {
      requests: Number(stats?.requests ?? 0),
      rateLimited: Number(stats?.rateLimited ?? 0),
      waitedMs: Number(stats?.waitedMs ?? 0),
      ...(stats?.statuses && typeof stats.statuses === 'object' ? { statuses: stats.statuses } : {}),
      ...(readLatency(stats?.latency) ? { latency: readLatency(stats?.latency)! } : {}),
    },
    durationMs: result.duration,
    notes: { fuzz: of('fuzz'), warnings: of('warning'), notVerified: of('not-verified') },
  };
}

/** An attachment's JSON: inline in a normal run, a file after some merges. */
function attachmentJson<T>(result: TestResult, name: string): T | undefined {
  const attachment = result.attachments.find((a) => a.name === name);
  if (!attachment) return undefined;
  try {
    const text = attachment.body
      ? attachment.body.toString('utf8')
      : attachment.path
        ? readFileSync(attachment.path, 'utf8')
        : undefined;
    return text === undefined ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}

function baseUrlFromExchanges(tests: readonly TestRecord[]): string | undefined {
  const url = tests.flatMap((test) => test.exchanges).find((exchange) => exchange.request?.url)?.request.url;
  if (!url) return undefined;
  return url.endsWith(SUITE_OPERATION.path)
    ? url.slice(0, -SUITE_OPERATION.path.length)
    : new URL(url).origin;
}

function shortPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative === '' ? '.' : relative.startsWith('..') ? dir : relative;
}
