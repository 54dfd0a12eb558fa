import type { ConformanceReport } from './model';

/** "41 of 43 MUST requirements verified, 40 held (3 of 5 SHOULD); 1 problem, 2 warnings". */
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
    `${must.verified} of ${must.total} MUST requirements verified, ${must.held} held (${should.verified} of ${should.total} SHOULD); ` +
    counts.join(', ') +
    (report.strict ? '; strict mode: warnings and unverified requirements fail the run' : '')
  );
}

/** Names the target kind, always; a tenant name only for a configured tenant, never the bundled one. */
export function targetText(target: {
  readonly kind?: string;
  readonly name?: string;
  readonly baseUrl?: string;
}): string {
  if (target.kind === 'reference')
    return `the bundled reference tenant${target.baseUrl ? ` (${target.baseUrl})` : ''}`;
  const where = target.baseUrl ?? 'an address that is not configured';
  return `${target.kind === 'remote' ? 'configured tenant' : 'tenant'} ${target.name ? `${target.name} (${where})` : where}`;
}
