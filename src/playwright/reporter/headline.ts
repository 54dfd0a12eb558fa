import { targetText as describeTarget } from '../../cli/no-verdict-report';
import type { ConformanceReport } from './model';
import type { VerdictWord } from './verdict';

/** The words every output leads with, so the console, md and html say the same thing. */
export const VERDICT_TEXT: Record<VerdictWord, string> = {
  conforms: 'conforms',
  'conforms-with-warnings': 'conforms, with warnings',
  'does-not-conform': 'does not conform',
  incomplete: 'incomplete: nothing failed, but not every MUST requirement was verified',
  'infrastructure-error': 'infrastructure error: no verdict, not a conformance verdict on the tenant',
  'configuration-error': 'configuration error: no verdict',
};

export const VERDICT_MARK: Record<VerdictWord, string> = {
  conforms: '✅',
  'conforms-with-warnings': '✅',
  'does-not-conform': '❌',
  incomplete: '◐',
  'infrastructure-error': '⚠️',
  'configuration-error': '⚠️',
};

/** "41 of 43 MUST requirements verified (3 of 5 SHOULD); 1 problem, 2 warnings". */
export function coverageLine(report: ConformanceReport): string {
  const { must, should } = report.coverage;
  const omitted = report.omittedProblems ?? { must: 0, should: 0, waived: 0 };
  const failing = report.problems.filter((p) => p.level === 'must' && !p.waivedBy).length + omitted.must;
  const warnings = report.problems.filter((p) => p.level === 'should' && !p.waivedBy).length + omitted.should;
  const waived = report.problems.filter((p) => p.waivedBy).length + omitted.waived;
  const counts = [
    `${failing} problem${failing === 1 ? '' : 's'}`,
    `${warnings} warning${warnings === 1 ? '' : 's'}`,
    ...(waived ? [`${waived} waived`] : []),
  ];
  return (
    `${must.verified} of ${must.total} MUST requirements verified (${should.verified} of ${should.total} SHOULD); ` +
    counts.join(', ') +
    (report.strict ? '; strict mode: warnings and unverified requirements fail the run' : '')
  );
}

export function targetText(report: ConformanceReport): string {
  return describeTarget(report.target);
}
