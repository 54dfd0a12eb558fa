import type { FullConfig, Reporter, Suite } from '@playwright/test/reporter';
import { loadConfig } from '../config/env';

/**
 * For `npm run conformance -- --list`: prints the planned requests, one line per test, and sends
 * nothing (Playwright's --list runs no global setup and no test).
 */
export default class PlanReporter implements Reporter {
  onBegin(_config: FullConfig, suite: Suite): void {
    const tests = suite.allTests();
    let creates = 0;
    let bursts = 0;
    let budgeted = 0;
    const lines = tests.map((test) => {
      const of = (type: string) => test.annotations.find((a) => a.type === type)?.description;
      const expected = of('expect') ?? '?';
      if (expected === '200') creates += 1;
      // Tests that expect a rejection may still create on purpose, e.g. auth's "created nothing" re-send.
      creates += Number(of('creates') ?? 0);
      if (expected === '429') bursts += 1;
      // A phase with its own request budget (the fuzz phase) says what it will spend.
      const requests = of('requests');
      if (requests !== undefined) budgeted += Number(requests);
      const project = test.parent.project()?.name ?? '';
      const spend = requests !== undefined ? `up to ${requests} requests` : `expects ${expected.padEnd(3)}`;
      return `  ${project.padEnd(11)} POST /online_conferences  ${spend}  ${of('check') ?? test.title}  (${of('spec') ?? 'no spec location'})`;
    });
    const burstMax = loadConfig().rateLimitBurstMax;
    const seed = tests.flatMap((test) => test.annotations).find((a) => a.type === 'seed')?.description;
    console.log(
      [
        `Planned: ${tests.length} tests, one request each${bursts ? `, except the rate-limit burst (up to ${burstMax} requests until the first 429)` : ''}` +
          `${budgeted ? ` and the fuzz phase (up to ${budgeted} requests, shrinking included; seed ${seed ?? '?'})` : ''}.`,
        `Conferences to be created on a conforming tenant: at most ${creates} (every case that expects 200, and the fuzz phase's accepting half). Nothing was sent.`,
        ...lines,
      ].join('\n'),
    );
  }

  printsToStdio(): boolean {
    return true;
  }
}
