import type { FullConfig, Reporter, Suite } from '@playwright/test/reporter';
import { catalogueOf } from '../cases/catalogue';
import { loadSuiteOperation, sourceText } from '../contract';

/**
 * For `npm run conformance -- --requirements`: the catalogue (id, level, source, statement) and, for each
 * requirement, the tests of this run that verify it. Runs with --list: nothing is sent.
 */
export default class RequirementsReporter implements Reporter {
  private suite: Suite | undefined;

  onBegin(_config: FullConfig, suite: Suite): void {
    this.suite = suite;
  }

  async onEnd(): Promise<void> {
    const contract = await loadSuiteOperation();
    const { requirements } = catalogueOf(contract);
    const verifiers = new Map<string, string[]>();
    for (const test of this.suite?.allTests() ?? []) {
      const of = (type: string) =>
        test.annotations.filter((a) => a.type === type).map((a) => a.description ?? '');
      const declared = of('requirement');
      for (const id of declared)
        verifiers.set(id, [...(verifiers.get(id) ?? []), of('case')[0] ?? test.title]);
    }
    const must = requirements.filter((r) => r.level === 'must');
    const whenItHappens = must.filter((r) => r.when !== undefined).length;
    const lines = [
      // The same counts a run reports: a MUST checked only when it happens is not among a run's "N of M".
      `${requirements.length} requirements (${must.length} MUST` +
        `${whenItHappens ? `, ${whenItHappens} of them checked only when it happens, so a run verifies at most ${must.length - whenItHappens}` : ''}; ` +
        `${requirements.length - must.length} SHOULD), derived from openapi.yaml and src/contract/conventions.ts:`,
    ];
    for (const requirement of requirements) {
      const tests = observedBy(requirement) ?? verifiers.get(requirement.id) ?? [];
      lines.push(
        '',
        `${requirement.level.toUpperCase().padEnd(6)} ${requirement.id}`,
        `       ${requirement.statement}`,
        `       source: ${sourceText(requirement.source)}`,
        ...(requirement.enabledBy ? [`       needs: ${requirement.enabledBy}`] : []),
        `       verified by: ${tests.length ? tests.join(', ') : 'no test of this run (filtered out?)'}`,
      );
    }
    console.log(lines.join('\n'));
  }

  printsToStdio(): boolean {
    return true;
  }
}

/** Requirements checked on whatever comes back, rather than by one test. */
function observedBy(requirement: { id: string; when?: string }): string[] | undefined {
  if (requirement.id.startsWith('response.') || requirement.id === 'status.documented')
    return [`every response ${requirement.when ?? 'of that status'}, whichever test receives it`];
  if (requirement.id === 'no-server-error') return ['every response of every test'];
  if (requirement.id.startsWith('echo.')) return ['every accepted create that sends the field'];
  if (requirement.id === 'convention.error-names-field') return ['every rejected boundary case'];
  return undefined;
}
