import { targetText } from './headline';
import { formatSeconds, type ConformanceReport } from './model';
import type { RunSettings } from './run-settings';

/** One line of the sign-off block: what a reviewer attaches to an acceptance ticket, in this order. */
export interface SignOffFact {
  readonly label: string;
  readonly value: string;
}

/**
 * Pure: the facts a reviewer signs, for every renderer (after the Eclipse TCK summary and MCP's evidence
 * files: what was tested, by which build of the suite, against which spec and tenant, when, under which
 * settings, and which failures were accepted: "none" said even when empty).
 */
export function signOffFacts(report: ConformanceReport): SignOffFact[] {
  const { must, should } = report.coverage;
  const open = report.problems.filter((p) => !p.waivedBy);
  const mustFailed = new Set(open.filter((p) => p.level === 'must').map((p) => p.requirement)).size;
  const shouldFailed = new Set(open.filter((p) => p.level === 'should').map((p) => p.requirement)).size;
  const notVerified = must.total - must.verified;
  return [
    {
      label: 'Tested',
      value:
        `${must.verified} of ${must.total} MUST requirements tested: ${must.held} held, ${mustFailed} failed` +
        `${notVerified ? `, ${notVerified} not verified` : ''}; ` +
        `${should.verified} of ${should.total} SHOULD tested: ${should.held} held, ${shouldFailed} with a warning`,
    },
    { label: 'Tenant', value: targetText(report.target) },
    { label: 'Operation', value: report.operation },
    {
      label: 'Spec',
      value: report.spec
        ? `${report.spec.title} ${report.spec.version}, sha256 ${report.spec.sha256}`
        : 'not loaded',
    },
    {
      label: 'Suite',
      value: `meetbit-conformance ${report.suite.version ?? '(version unknown)'}, commit ${
        report.suite.commit ? report.suite.commit.slice(0, 12) : 'unknown (not run from a git checkout)'
      }`,
    },
    {
      label: 'Run',
      value: `${report.runId ?? '(no run id)'}, ${report.startedAt} to ${report.finishedAt} (${formatSeconds(report.durationMs)})${
        report.fuzz.seed === null ? '' : `, fuzz seed ${report.fuzz.seed}`
      }`,
    },
    { label: 'Coverage settings', value: settingsText(report.settings) },
    { label: 'Waivers', value: waiversText(report) },
  ];
}

/** The settings that shaped coverage, each as a fact a reviewer can weigh; never a value that could be secret. */
export function settingsText(settings: RunSettings | null): string {
  if (!settings) return 'not recorded by this run';
  return [
    settings.keyWithoutPermission
      ? 'a key without the create permission: configured (the permission test ran)'
      : 'a key without the create permission: not configured (the permission test did not run)',
    `rate-limit burst: ${settings.rateLimitBurst ? 'on' : 'off'}`,
    `strict: ${settings.strict ? 'on' : 'off'}`,
    `fuzz budget: ${settings.fuzzRequests === 0 ? 'off' : `${settings.fuzzRequests} requests`}${
      settings.fuzzRequests === 0
        ? ''
        : settings.fuzzPublic
          ? ', public creates allowed'
          : ', private creates only'
    }`,
    `pace: ${settings.pace.rps} requests/s (${settings.pace.from === 'default' ? 'the default' : settings.pace.from})`,
    settings.disposable
      ? 'tenant treated as disposable'
      : "tenant treated as someone's system (the safe defaults)",
  ].join('; ');
}

function waiversText(report: ConformanceReport): string {
  const { applied, expired, unmatched } = report.waivers;
  if (applied.length + expired.length + unmatched.length === 0) return 'none';
  return [
    `${applied.length} applied`,
    ...(expired.length ? [`${expired.length} expired (fails the run)`] : []),
    ...(unmatched.length ? [`${unmatched.length} matched nothing`] : []),
  ].join(', ');
}
