import path from 'node:path';
import { RUN_OUTPUTS } from '../src/cli/reports-folder';
import { sweepArtifacts } from '../src/playwright/sweep';
import { createSanitizer } from '../src/safety/sanitize';

/**
 * What the output exit costs (issue 20: it folds look-alikes on every string written; the sweep reads every
 * report back): cleaning one 64 KB tenant body, 2,000 short strings, and sweeping a run's reports. Keys
 * shaped like a configured tenant's; a fresh sanitizer each, so no cache helps.
 */
const KEYS = [
  'cnry-id-0a1b2c3d4e5f',
  'CNRY/SCRT+0a1b2c3d4e5f/9f8e7d6c5b4a',
  'cnry-rid-5b4a3c2d1e0f',
  'CNRY-RSCRT/5b4a3c2d1e0f',
];

export function outputExitLine(reportsDir: string): string {
  const body = JSON.stringify({
    message: 'The given data was invalid.',
    errors: Object.fromEntries(
      Array.from({ length: 1500 }, (_, i) => [`field_${i}.name`, ['is invalid. Ｉｓ ｉｎｖａｌｉｄ.']]),
    ),
  }).slice(0, 64 * 1024);
  const timed = (work: () => unknown): number => {
    const started = performance.now();
    work();
    return performance.now() - started;
  };
  const oneBody = timed(() => createSanitizer(KEYS).text(body));
  const small = createSanitizer(KEYS);
  const shortStrings = timed(() => {
    for (let i = 0; i < 2000; i++)
      small.text(`Expected status 400, received ${i} with body {"message":"x${i}"}`);
  });
  const sweep = sweepArtifacts(
    RUN_OUTPUTS.map((name) => path.join(reportsDir, name)),
    createSanitizer(KEYS),
  );
  return (
    `Output exit: one 64 KB body with look-alike text cleaned in ${oneBody.toFixed(0)} ms, 2,000 short strings in ` +
    `${shortStrings.toFixed(0)} ms; the sweep of the last run's reports (${sweep.files} files, ` +
    `${(sweep.bytes / 1024 / 1024).toFixed(1)} MB) in ${sweep.ms} ms`
  );
}
