import { changeDetails, changeHeadline, isNews, sinceText } from './changes';
import type { ConformanceReport } from './model';
import { failingChanges } from './policy';

/**
 * What every report leads with, before the verdict's details: what changed since the baseline (a change
 * is news), and which MUST requirements were not verified with the setting that enables them, said once.
 */
export interface ChangeLead {
  /** "1 new problem, 1 resolved since run X of <date>." or "Nothing changed since ...". */
  readonly headline: string;
  readonly details: readonly string[];
  /** What MEETBIT_FAIL_ON makes of the change; absent under `any`. */
  readonly policy?: string;
  readonly news: boolean;
}

export function changeLead(report: ConformanceReport): ChangeLead | undefined {
  if (report.baselineRefused)
    return { headline: `Baseline refused: ${report.baselineRefused}`, details: [], news: true };
  if (report.baseline && !report.changes)
    return {
      headline: `Not compared ${sinceText(report.baseline)}: this run has no verdict on the tenant (infrastructure error).`,
      details: [],
      news: true,
    };
  if (!report.changes || !report.baseline) return undefined;
  const failing = failingChanges(report.changes, report.failOn);
  return {
    headline: changeHeadline(report.changes, report.baseline),
    details: changeDetails(report.changes),
    news: isNews(report.changes),
    ...(report.failOn === 'any'
      ? {}
      : {
          policy:
            failing.length > 0
              ? `MEETBIT_FAIL_ON=${report.failOn}: the run fails on ${failing.join('; ')}.`
              : `MEETBIT_FAIL_ON=${report.failOn}: nothing new fails the run; known problems stay listed below.`,
        }),
  };
}

export interface UnverifiedGroup {
  /** The setting that enables them; absent when none would (inconclusive, unobserved, filtered out). */
  readonly enabledBy?: string;
  /** Why they were not verified, when no setting would enable them. */
  readonly reason?: string;
  readonly ids: readonly string[];
}

/** The MUST requirements not verified, grouped by the setting that enables them (else by why): each once. */
export function unverifiedMusts(report: ConformanceReport): UnverifiedGroup[] {
  const groups = new Map<string, { enabledBy?: string; reason?: string; ids: string[] }>();
  for (const entry of report.coverage.notVerified.filter((item) => item.level === 'must')) {
    // The setting is the advice only when it is why the test did not run (not a filter, not an inconclusive test).
    const enabledBy = entry.notRun === 'skipped' ? entry.enabledBy : undefined;
    const key = enabledBy ? `enable ${enabledBy}` : `why ${entry.reason}`;
    let group = groups.get(key);
    if (!group) {
      group = enabledBy ? { enabledBy, ids: [] } : { reason: entry.reason, ids: [] };
      groups.set(key, group);
    }
    group.ids.push(entry.id);
  }
  // What a setting enables first: that is what a person can change.
  return [...groups.values()].sort((a, b) => Number(!a.enabledBy) - Number(!b.enabledBy));
}

/** One line per group: "response.429.content-type, response.429.body: enable with MEETBIT_...". */
export function unverifiedLines(report: ConformanceReport): string[] {
  return unverifiedMusts(report).map(
    (group) =>
      `${group.ids.join(', ')}: ${group.enabledBy ? `enable with ${group.enabledBy}` : (group.reason ?? 'not verified')}`,
  );
}
