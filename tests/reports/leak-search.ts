import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, inflateRawSync } from 'node:zlib';

/** Where a needle was found: the file, then each container it was nested in (zip entry, base64 run). */
export interface Leak {
  readonly needle: string;
  readonly where: string;
}

const MAX_DEPTH = 4;
// Long enough that a base64 run is not an ordinary word; short enough to catch a base64'd header value.
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile());
}

/**
 * A canary in the forms a tenant or a framework may write it, made here independently of the suite's
 * sanitizer (a scanner that shared its list would share its blind spots). Letter case is handled by
 * the search itself; base64 at any alignment by decoding every base64 run.
 */
export function formsOf(needle: string): string[] {
  const bytes = Buffer.from(needle, 'utf8');
  const chars = [...needle];
  return [
    needle,
    chars.reverse().join(''),
    JSON.stringify(needle).slice(1, -1).replace(/\//g, '\\/'),
    [...needle].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
    encodeURIComponent(needle),
    [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
    bytes.toString('hex'),
    [...needle].map((c) => `&#${c.charCodeAt(0)};`).join(''),
    [...needle].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join(''),
  ];
}

/**
 * Looks for each needle in `bytes` as text (in any letter case), inside zip and gzip containers, and inside every run of
 * base64 (standard and URL-safe, at each of the four alignments), nested up to a few levels: the
 * Playwright HTML report is a base64 zip inside an HTML file, and its attachments may be base64 again.
 */
export function searchBytes(bytes: Buffer, needles: readonly string[], where: string, depth = 0): Leak[] {
  const leaks: Leak[] = [];
  const text = bytes.toString('latin1');
  const lower = text.toLowerCase();
  for (const needle of needles) if (lower.includes(needle.toLowerCase())) leaks.push({ needle, where });
  if (depth <= 2) leaks.push(...searchFolded(bytes.toString('utf8'), needles, where));
  if (depth >= MAX_DEPTH) return leaks;

  for (const [name, content] of unpack(bytes)) leaks.push(...searchBytes(content, needles, `${where} > ${name}`, depth + 1));

  for (const match of text.matchAll(BASE64_RUN)) {
    const run = match[0].replace(/=+$/, '');
    for (let offset = 0; offset < 4; offset++) {
      // Node decodes a trailing partial group as far as it goes, so the run's last bytes are kept.
      const aligned = run.slice(offset);
      if (aligned.length < 16) continue;
      const decoded = Buffer.from(aligned.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
      leaks.push(...searchBytes(decoded, needles, `${where} > base64@${match.index}+${offset}`, depth + 1));
    }
  }
  return dedupe(leaks);
}

/**
 * Look-alikes (issue 20): the text read as a person reads it, folded here independently of the suite's
 * exit (NFKC, invisible characters and marks removed, lower case; no confusables table), as written, with
 * JSON escapes decoded and with percent-encoded UTF-8 decoded. Fullwidth, mathematical and
 * zero-width-interleaved forms of a needle are found; each leak says `(folded)`.
 */
function searchFolded(text: string, needles: readonly string[], where: string): Leak[] {
  // Only text with something to fold: plain ASCII without escapes was searched above.
  if (/^[\x20-\x7e\s]*$/.test(text) && !/\\u|%[0-9a-f]{2}/i.test(text)) return [];
  const views = [
    text,
    text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8')),
  ].map(readAs);
  return needles
    .filter((needle) => needle.length >= 8 && views.some((view) => view.includes(needleAsRead(needle))))
    .map((needle) => ({ needle, where: `${where} (folded)` }));
}

/**
 * Each needle read once: the search needs it for every view of every text (reading it again each time was two
 * thirds of the search's time).
 */
const readNeedles = new Map<string, string>();
function needleAsRead(needle: string): string {
  let read = readNeedles.get(needle);
  if (read === undefined) {
    read = readAs(needle);
    readNeedles.set(needle, read);
  }
  return read;
}

function readAs(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\p{Cf}\p{M}\p{Default_Ignorable_Code_Point}]/gu, '')
    .toLowerCase();
}

export function searchFiles(dir: string, needles: readonly string[]): Leak[] {
  return filesUnder(dir).flatMap((file) => searchBytes(readFileSync(file), needles, path.relative(dir, file)));
}

/** Zip entries (stored or deflated) and gzip content; nothing for other bytes. */
export function unpack(bytes: Buffer): [string, Buffer][] {
  if (bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return [['gunzip', gunzipSync(bytes)]];
    } catch {
      return [];
    }
  }
  return zipEntries(bytes);
}

function zipEntries(bytes: Buffer): [string, Buffer][] {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > bytes.length) return [];
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries: [string, Buffer][] = [];
  for (let i = 0; i < count && at + 46 <= bytes.length; i++) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) break;
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) continue;
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + size);
    try {
      if (method === 0) entries.push([name, data]);
      else if (method === 8) entries.push([name, inflateRawSync(data)]);
    } catch {
      entries.push([`${name} (unreadable)`, data]);
    }
  }
  return entries;
}

function dedupe(leaks: Leak[]): Leak[] {
  const seen = new Set<string>();
  return leaks.filter((leak) => {
    const key = `${leak.needle} ${leak.where}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
