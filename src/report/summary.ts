import { markdownInline } from '../safety/markdown-escape';
import { changeLead, unverifiedMusts } from './lead';
import { renderMarkdown } from './markdown';
import type { ConformanceReport } from './model';
import { VERDICT_TEXT } from './verdict-words';

/**
 * summary.md, for a CI job summary: a night with nothing new is one line (the tenant, that nothing
 * changed since which run, the verdict, and each setting that would verify what was not); any other night
 * is conformance.md, which leads with the change.
 */
export function renderJobSummary(report: ConformanceReport): string {
  const lead = changeLead(report);
  if (!lead || lead.news) return renderMarkdown(report);
  const tenant = report.target.name ?? report.target.baseUrl ?? 'the bundled reference tenant';
  const musts = report.coverage.notVerified.filter((entry) => entry.level === 'must').length;
  const enabled = unverifiedMusts(report).filter((group) => group.enabledBy !== undefined);
  const settings = enabled.map((group) => group.enabledBy!);
  const enabledCount = enabled.reduce((sum, group) => sum + group.ids.length, 0);
  const parts = [
    `**${markdownInline(tenant)}**: ${markdownInline(lead.headline.replace(/\.$/, ''))}`,
    // The headline counts the known problems already.
    VERDICT_TEXT[report.verdict].split(':')[0]!,
    ...(musts
      ? [
          `${musts} MUST not verified${
            settings.length
              ? ` (${enabledCount === musts ? '' : `${enabledCount} of them: `}enable with ${settings.map(markdownInline).join('; ')})`
              : ''
          }`,
        ]
      : []),
    ...(report.runId ? [`run ${markdownInline(report.runId)}`] : []),
  ];
  return `${parts.join(' · ')}.\n`;
}
