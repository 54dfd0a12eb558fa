import type { FullConfig, Reporter, Suite } from '@playwright/test/reporter';

/**
 * For `npm run conformance -- --list`: prints the planned requests, one line per test, and sends
 * nothing (Playwright's --list runs no global setup and no test).
 */
export default class PlanReporter implements Reporter {
  onBegin(_config: FullConfig, suite: Suite): void {
    const tests = suite.allTests();
    let creates = 0;
    let bursts = 0;
    const lines = tests.map((test) => {
      const of = (type: string) => test.annotations.find((a) => a.type === type)?.description;
      const expected = of('expect') ?? '?';
      if (expected === '200') creates += 1;
      if (expected === '429') bursts += 1;
      const project = test.parent.project()?.name ?? '';
      return `  ${project.padEnd(11)} POST /online_conferences  expects ${expected.padEnd(3)}  ${of('check') ?? test.title}  (${of('spec') ?? 'no spec location'})`;
    });
    const burstMax = process.env.MEETBIT_RATE_LIMIT_BURST_MAX ?? '300';
    console.log(
      [
        `Planned: ${tests.length} tests, one request each${bursts ? `, except the rate-limit burst (up to ${burstMax} requests until the first 429)` : ''}.`,
        `Conferences to be created on a conforming tenant: ${creates} (every case that expects 200). Nothing was sent.`,
        ...lines,
      ].join('\n'),
    );
  }

  printsToStdio(): boolean {
    return true;
  }
}
