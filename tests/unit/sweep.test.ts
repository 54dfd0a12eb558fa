import { mkdirSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { zipSync } from 'fflate';
import { sweepArtifacts, WITHHELD_NOTE } from '../../src/playwright/sweep';
import { createSanitizer } from '../../src/safety/sanitize';
import { xmlProblems } from '../support/xml';
import { testFolder } from '../support/test-folder';

/** The output sweep (issue 20): every file a run wrote, read back through the exit; a hit is withheld. */
const SECRET = 'CANARY/SECRET+0a1b2c3d/never-written';
const clean = createSanitizer(['canary-key-id-0a1b2c3d', SECRET]);
const fullwidth = (text: string) =>
  text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const zip = (entries: Record<string, string>) =>
  Buffer.from(zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, Buffer.from(v)]))));
const htmlReport = (data: Record<string, string>) =>
  `<!DOCTYPE html><html><script>/* Playwright's own code: reference-link */</script><template id="playwrightReportBase64">data:application/zip;base64,${zip(data).toString('base64')}</template></html>`;

function tree(files: Record<string, string | Buffer>): string {
  const root = testFolder('sweep');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

test('a credential in junit.xml, the HTML report zip, a blob zip or an attachment file is withheld; clean files stay', () => {
  const root = tree({
    'junit.xml': `<?xml version="1.0"?><testsuites><testcase name="x"><failure message="Retry-After ${SECRET}"/></testcase></testsuites>`,
    'playwright-html/index.html': htmlReport({ 'report.json': `{"title":"${fullwidth(SECRET)}"}` }),
    'playwright-html/data/abc.json': JSON.stringify({ echoed: Buffer.from(SECRET).toString('base64') }),
    'blob-report/report-1.zip': zip({ 'report.jsonl': `{"skip":"${[...SECRET].join('\u200b')}"}` }),
    'conformance.md': '## MeetBit conformance: ✅ conforms\n',
    'clean/index.html': htmlReport({ 'report.json': '{"title":"create.minimal"}' }),
  });
  const before = readFileSync(path.join(root, 'conformance.md'), 'utf8');
  const result = sweepArtifacts([root], clean);
  expect([...result.withheld].sort()).toEqual([
    'blob-report/report-1.zip',
    'junit.xml',
    'playwright-html/data/abc.json',
    'playwright-html/index.html',
  ]);
  expect(result.files).toBe(6);
  expect(readFileSync(path.join(root, 'conformance.md'), 'utf8')).toBe(before);
  const junit = readFileSync(path.join(root, 'junit.xml'), 'utf8');
  expect(junit).toContain(WITHHELD_NOTE);
  expect(xmlProblems(junit)).toEqual([]);
  expect(existsSync(path.join(root, 'blob-report/report-1.zip'))).toBe(false);
  expect(readFileSync(path.join(root, 'blob-report/report-1.zip.withheld.txt'), 'utf8')).toContain(
    WITHHELD_NOTE,
  );
  expect(JSON.parse(readFileSync(path.join(root, 'playwright-html/data/abc.json'), 'utf8'))).toEqual({
    withheld: WITHHELD_NOTE,
  });
  // Swept again: the notes themselves are clean.
  expect(sweepArtifacts([root], clean).withheld).toEqual([]);
});

test('sweep_no_false_positive: with redaction off, or nothing to find, nothing is withheld', () => {
  const files = {
    'junit.xml': `<testsuites><testcase name="x">${SECRET}</testcase></testsuites>`,
    'playwright-html/index.html': htmlReport({ 'report.json': '{"duration":4242}' }),
  };
  expect(sweepArtifacts([tree(files)], createSanitizer([SECRET], { redact: false })).withheld).toEqual([]);
  expect(
    sweepArtifacts([tree({ 'playwright-html/index.html': files['playwright-html/index.html'] })], clean)
      .withheld,
  ).toEqual([]);
});

test('a symbolic link is neither read nor written through', () => {
  const outside = tree({ 'secret.txt': SECRET });
  const root = tree({});
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
  expect(sweepArtifacts([root], clean)).toMatchObject({ files: 0, withheld: [] });
  expect(readFileSync(path.join(outside, 'secret.txt'), 'utf8')).toBe(SECRET);
});
