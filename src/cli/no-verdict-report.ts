import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { noVerdictHtml, noVerdictMarkdown, noVerdictReport, type NoVerdict } from '../report/no-verdict';
import type { Sanitizer } from '../safety/sanitize';

/**
 * Writes conformance.json, .md and .html; the caller has cleared the folder of earlier runs. Every value
 * passes the output exit first (`clean`), configured ones too: the reason may quote the tenant.
 */
export function writeNoVerdictReport(
  reportsDir: string,
  given: NoVerdict,
  clean: Sanitizer,
  now = new Date(),
): void {
  const run: NoVerdict = { ...clean.value(given), startedAt: given.startedAt };
  mkdirSync(reportsDir, { recursive: true });
  const file = (name: string) => path.join(reportsDir, name);
  writeFileSync(file('conformance.json'), `${JSON.stringify(noVerdictReport(run, now), null, 2)}\n`);
  writeFileSync(file('conformance.md'), noVerdictMarkdown(run));
  writeFileSync(file('conformance.html'), noVerdictHtml(run));
}
