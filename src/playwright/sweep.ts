import { lstatSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { Sanitizer } from '../safety/sanitize';

/**
 * The second line behind the output exit: after a run, every file the run wrote (junit.xml, Playwright's
 * HTML report and the zip inside its index.html, its attachment files, blob reports, test-results, our own
 * reports) is read back and searched with the same exit, raw, decoded and folded. What is clean stays as
 * it is (the normal case: everything handed to Playwright passed src/playwright/handoff.ts). A file that
 * holds a credential is withheld: replaced by a note saying so, in its own format where a tool reads it
 * (junit.xml stays XML), so the exit fails closed even where a path around it was missed.
 */
export interface SweepResult {
  readonly files: number;
  readonly bytes: number;
  /** Files replaced by a note, relative to their root. */
  readonly withheld: readonly string[];
  readonly ms: number;
}

export const WITHHELD_NOTE =
  'Withheld by the suite: this file held a credential (found by the output sweep after the run). ' +
  'That is a defect of the suite, not of the tenant; the other reports of the run still stand.';
/** The list of withheld files, beside the reports; a run removes it with its other outputs. */
export const WITHHELD_LIST = 'withheld.txt';
const TEMPLATE = /<template id="playwrightReportBase64">data:application\/zip;base64,([^<]*)<\/template>/;

export function sweepArtifacts(roots: readonly string[], sanitizer: Sanitizer): SweepResult {
  const started = performance.now();
  let files = 0;
  let bytes = 0;
  const withheld: string[] = [];
  for (const root of new Set(roots.map((root) => path.resolve(root)))) {
    for (const file of filesUnder(root)) {
      const content = readFileSync(file);
      files += 1;
      bytes += content.length;
      if (!holdsCredential(file, content, sanitizer)) continue;
      withhold(file);
      withheld.push(path.relative(root, file) || path.basename(file));
    }
  }
  return { files, bytes, withheld, ms: Math.round(performance.now() - started) };
}

function holdsCredential(file: string, content: Buffer, sanitizer: Sanitizer): boolean {
  if (file.endsWith('.zip')) return entriesOf(content).some((entry) => sanitizer.finds(entry));
  const text = content.toString('utf8');
  const template = file.endsWith('.html') ? TEMPLATE.exec(text) : null;
  if (!template) return sanitizer.finds(text);
  // Playwright's HTML report: its data is a base64 zip inside index.html, searched entry by entry; the rest
  // is Playwright's own script and style, the same in every run (and its CSS names a `reference-link`,
  // which the bundled tenant's key ids would match as a fragment).
  return entriesOf(Buffer.from(template[1]!, 'base64')).some((entry) => sanitizer.finds(entry));
}

/** Every entry of a zip as text; an unreadable zip as its raw bytes, so it is still searched. */
function entriesOf(zip: Buffer): string[] {
  try {
    return Object.values(unzipSync(new Uint8Array(zip))).map((entry) => Buffer.from(entry).toString('utf8'));
  } catch {
    return [zip.toString('latin1')];
  }
}

function withhold(file: string): void {
  const name = path.basename(file);
  if (name.endsWith('.zip')) {
    rmSync(file, { force: true });
    writeFileSync(`${file}.withheld.txt`, `${WITHHELD_NOTE}\n`);
    return;
  }
  writeFileSync(file, noteFor(name));
}

function noteFor(name: string): string {
  if (name.endsWith('.xml'))
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="withheld" tests="0">\n  <properties><property name="withheld" value="${WITHHELD_NOTE}"/></properties>\n</testsuites>\n`;
  if (name.endsWith('.html'))
    return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Withheld</title></head><body><p>${WITHHELD_NOTE}</p></body></html>\n`;
  if (name.endsWith('.json')) return `${JSON.stringify({ withheld: WITHHELD_NOTE }, null, 2)}\n`;
  if (name.endsWith('.jsonl')) return `${JSON.stringify({ withheld: WITHHELD_NOTE })}\n`;
  return `${WITHHELD_NOTE}\n`;
}

/** Regular files only: a symbolic link is neither read nor written through (it may point anywhere). */
function filesUnder(root: string): string[] {
  const kind = lstatSync(root, { throwIfNoEntry: false });
  if (!kind) return [];
  if (kind.isFile()) return [root];
  if (!kind.isDirectory()) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(root, name))
    .filter((file) => lstatSync(file).isFile() && path.basename(file) !== WITHHELD_LIST);
}
