import type { FullConfig, Reporter, Suite } from '@playwright/test/reporter';
import { progressLine, shouldPrint } from './progress';

export interface ProgressReporterOptions {
  /** Requests are paced (a configured tenant): worth an estimate of the time left. */
  readonly paced?: boolean;
  /** A merge of shards replays finished tests in a second: no progress to tell (merge.config.ts). */
  readonly silent?: boolean;
}

/**
 * A paced run against a real tenant takes minutes: a compact line every tenth of the run (or every 30 s)
 * with done/total and, when paced, the time left; at most one line per 10 s, none in a run under 10 s.
 * Plain lines, so CI logs read the same.
 */
export default class ProgressReporter implements Reporter {
  private total = 0;
  private done = 0;
  private started = Date.now();
  private lastPrinted = Date.now();

  constructor(private readonly options: ProgressReporterOptions = {}) {}

  onBegin(_config: FullConfig, suite: Suite): void {
    this.total = suite.allTests().length;
    this.started = this.lastPrinted = Date.now();
  }

  onTestEnd(): void {
    if (this.options.silent) return;
    this.done += 1;
    const now = Date.now();
    if (!shouldPrint(this.done, this.total, now - this.lastPrinted)) return;
    this.lastPrinted = now;
    const line = progressLine(this.done, this.total, now - this.started, this.options.paced ?? false);
    process.stdout.write(`${line}\n`);
  }

  /** It is the run's console: Playwright then adds no dot or list reporter (nor a merge its status lines). */
  printsToStdio(): boolean {
    return true;
  }
}
