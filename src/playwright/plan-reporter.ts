import type { FullConfig, Reporter, Suite, TestCase } from '@playwright/test/reporter';
import { loadConfig } from '../config/env';
import { PREFLIGHT_CREATES, PREFLIGHT_REQUESTS } from '../client/preflight';
import { buildPlan, renderPlan, type PlanInput } from './plan';
import { startingPace } from '../config/coverage-settings';

/**
 * For `npm run conformance -- --list [--json]`: the exact plan, from the tests' annotations under the
 * current settings and filters. Playwright's --list runs no global setup and no test: nothing is sent.
 */
export default class PlanReporter implements Reporter {
  onBegin(_config: FullConfig, suite: Suite): void {
    const config = loadConfig();
    const plan = buildPlan(suite.allTests().map(toPlanInput), {
      target: {
        kind: config.target.kind,
        ...(config.target.kind === 'remote' ? { baseUrl: config.target.baseUrl } : {}),
      },
      runId: config.runId,
      shard: config.shard ?? null,
      disposable: config.target.kind === 'reference' ? 'bundled' : config.disposable ? 'opt-in' : 'no',
      pace: startingPace(config),
      preflightRequests: config.target.kind === 'remote' ? PREFLIGHT_REQUESTS : 0,
      preflightCreates: config.target.kind === 'remote' ? PREFLIGHT_CREATES : 0,
    });
    process.stdout.write(
      process.env.MEETBIT_PLAN_FORMAT === 'json'
        ? `${JSON.stringify(plan, null, 2)}\n`
        : `${renderPlan(plan)}\n`,
    );
  }

  printsToStdio(): boolean {
    return true;
  }
}

function toPlanInput(test: TestCase): PlanInput {
  const skip = test.annotations.find((a) => a.type === 'skip' || a.type === 'fixme');
  return {
    project: test.parent.project()?.name ?? '',
    title: test.title,
    annotations: test.annotations,
    ...(test.expectedStatus === 'skipped' ? { skipped: skip?.description ?? 'skipped' } : {}),
  };
}
