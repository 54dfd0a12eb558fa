import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { noVerdictHtml, noVerdictMarkdown, noVerdictReport, type NoVerdict } from '../report/no-verdict';

/** Writes conformance.json, .md and .html; the caller has cleared the folder of earlier runs. */
export function writeNoVerdictReport(reportsDir: string, run: NoVerdict, now = new Date()): void {
  mkdirSync(reportsDir, { recursive: true });
  const file = (name: string) => path.join(reportsDir, name);
  writeFileSync(file('conformance.json'), `${JSON.stringify(noVerdictReport(run, now), null, 2)}\n`);
  writeFileSync(file('conformance.md'), noVerdictMarkdown(run));
  writeFileSync(file('conformance.html'), noVerdictHtml(run));
}
