import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter } from '@playwright/test/reporter';
import { RUN_OUTPUTS } from '../cli/reports-folder';
import { output } from './output';
import { sweepArtifacts, WITHHELD_LIST } from './sweep';

export interface SweepReporterOptions {
  readonly reportsDir?: string;
}

/**
 * Listed last in playwright.config.ts, so every other reporter has written its files (Playwright awaits
 * each reporter's onEnd in turn): sweeps them all with the output exit (sweep.ts). Runs in merge-reports
 * too, over the merged reports; the blob reports it merges were swept in each shard that wrote them.
 * A withheld file fails the run and is listed in reports/withheld.txt, which the CLI reads.
 */
export default class SweepReporter implements Reporter {
  private readonly reportsDir: string;
  private outputDirs: string[] = [];

  constructor(options: SweepReporterOptions = {}) {
    this.reportsDir = path.resolve(options.reportsDir ?? 'reports');
  }

  onBegin(config: FullConfig): void {
    this.outputDirs = config.projects.map((project) => project.outputDir);
  }

  onEnd(): Promise<{ status?: FullResult['status'] } | undefined> {
    return Promise.resolve(this.sweep());
  }

  private sweep(): { status?: FullResult['status'] } | undefined {
    try {
      const roots = [...RUN_OUTPUTS.map((name) => path.join(this.reportsDir, name)), ...this.outputDirs];
      const { withheld, files, bytes, ms } = sweepArtifacts(roots, output());
      if (withheld.length === 0) return undefined;
      writeFileSync(path.join(this.reportsDir, WITHHELD_LIST), `${withheld.join('\n')}\n`);
      console.error(
        `The output sweep found a credential in ${withheld.length} of ${files} files written by this run ` +
          `(${Math.round(bytes / 1024)} KB in ${ms} ms) and withheld them: ${withheld.join(', ')}. ` +
          'This is a defect of the suite; the run fails.',
      );
      return { status: 'failed' };
    } catch (error) {
      // Failing to sweep is failing closed: the run is not passed on unchecked outputs.
      console.error(`The output sweep failed: ${(error as Error).message}`);
      return { status: 'failed' };
    }
  }

  printsToStdio(): boolean {
    return false;
  }
}
