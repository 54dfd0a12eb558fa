import type { ConformanceReport } from './model';

/** "41 of 43 MUST requirements verified, 40 held (3 of 5 SHOULD); 1 problem, 2 warnings". */
export function coverageLine(report: ConformanceReport): string {
  const { must, should } = report.coverage;
  const failing = report.problems.filter((p) => p.level === 'must' && !p.waivedBy).length;
  const warnings = report.problems.filter((p) => p.level === 'should' && !p.waivedBy).length;
  const waived = report.problems.filter((p) => p.waivedBy).length;
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
