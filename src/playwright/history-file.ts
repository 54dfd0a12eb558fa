import { closeSync, mkdirSync, openSync, readSync, appendFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The MEETBIT_HISTORY file at the reporter's edge: read its end only (a corrupt or huge file costs a
 * bounded read and never breaks a run), and append a line, trimming the file to its last lines when it
 * grows past a bound, so years of nights stay small.
 */

/** The end of the file read for the trend: far more than 30 lines of any run. */
export const HISTORY_READ_BYTES = 256 * 1024;
/** Past this size, the file is rewritten with its last HISTORY_KEEP_LINES lines. */
export const HISTORY_MAX_BYTES = 1024 * 1024;
export const HISTORY_KEEP_LINES = 400;

/** The last whole lines of the file (a line cut by the read bound is dropped); '' when there is no file. */
export function readHistoryTail(file: string, maxBytes = HISTORY_READ_BYTES): string {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return '';
    size = stat.size;
  } catch {
    return '';
  }
  const length = Math.min(size, maxBytes);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  const text = buffer.toString('utf8');
  if (length === size) return text;
  // The read began inside a line: drop it (and everything, when the window holds no line break at all).
  const start = text.indexOf('\n');
  return start < 0 ? '' : text.slice(start + 1);
}

export function appendHistory(file: string, line: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    // a first run: the file is created
  }
  if (size + line.length <= HISTORY_MAX_BYTES) {
    appendFileSync(file, line);
    return;
  }
  const kept = readHistoryTail(file, HISTORY_MAX_BYTES)
    .split('\n')
    .filter((entry) => entry.trim())
    .slice(-(HISTORY_KEEP_LINES - 1));
  writeFileSync(file, `${kept.join('\n')}${kept.length ? '\n' : ''}${line}`);
}
