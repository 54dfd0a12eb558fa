/**
 * Walks over tenant data that cannot run away. `JSON.parse` reads a body nested a million arrays deep, but
 * `JSON.stringify`, Ajv and every recursive walk of it overflow the stack; and an object of 20,000 keys
 * printed whole is a 600 KB line. Everything here stops at a depth and a size, says where it stopped, and
 * never throws.
 */

/** Deeper than any document of the spec (a few levels) by far; shallow enough for any stack. */
export const MAX_DEPTH = 64;
/** What a walk replaces a value nested deeper than MAX_DEPTH with. */
export const TOO_DEEP = `[nested deeper than ${MAX_DEPTH} levels: not shown]`;

/** `text` cut to `max` characters, saying how many were left out. */
export function cutText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters, cut)` : text;
}

/**
 * JSON text of `value`, exactly `JSON.stringify(value)` when it is small; otherwise stopped after about
 * `maxChars` characters (the caller cuts and says so), with anything deeper than `maxDepth` written as
 * `"…"` and keys `omitKey` names left out. Whether it was cut: `complete`.
 */
export function boundedJson(
  value: unknown,
  maxChars: number,
  { maxDepth = MAX_DEPTH, omitKey }: { maxDepth?: number; omitKey?: (key: string) => boolean } = {},
): { text: string; complete: boolean } {
  let out = '';
  let complete = true;
  const full = () => out.length > maxChars;
  const write = (item: unknown, depth: number): void => {
    if (full()) {
      complete = false;
      return;
    }
    if (typeof item === 'string') {
      const room = maxChars - out.length + 1;
      if (item.length > room) complete = false;
      out += JSON.stringify(item.length > room ? item.slice(0, room) : item);
      return;
    }
    if (item === null || typeof item !== 'object') {
      // undefined, functions and symbols as JSON.stringify writes them inside arrays; a bigint as its digits.
      out += typeof item === 'bigint' ? item.toString() : (JSON.stringify(item) ?? 'null');
      return;
    }
    if (depth >= maxDepth) {
      complete = false;
      out += '"…"';
      return;
    }
    if (Array.isArray(item)) {
      out += '[';
      for (let i = 0; i < item.length; i++) {
        if (full()) {
          complete = false;
          break;
        }
        if (i > 0) out += ',';
        write(item[i], depth + 1);
      }
      out += ']';
      return;
    }
    out += '{';
    let first = true;
    for (const key in item) {
      if (!Object.hasOwn(item, key) || omitKey?.(key)) continue;
      const child = (item as Record<string, unknown>)[key];
      if (child === undefined || typeof child === 'function' || typeof child === 'symbol') continue;
      if (full()) {
        complete = false;
        break;
      }
      out += `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      write(child, depth + 1);
    }
    out += '}';
  };
  write(value, 0);
  return { text: out, complete: complete && !full() };
}

/**
 * A JSON-like value with every string cut to `maxString`, depth bounded (deeper values become TOO_DEEP)
 * and at most `maxNodes` values visited (the rest become a note): for report fields of any origin.
 */
export function capDeep<T>(
  value: T,
  {
    maxString,
    maxDepth = MAX_DEPTH,
    maxNodes = 1_000_000,
  }: { maxString: number; maxDepth?: number; maxNodes?: number },
): T {
  let visited = 0;
  const walk = (item: unknown, depth: number): unknown => {
    visited += 1;
    if (visited > maxNodes) return '[cut: the report holds more values than the suite writes]';
    if (typeof item === 'string') return cutText(item, maxString);
    if (item === null || typeof item !== 'object' || item instanceof Uint8Array) return item;
    if (depth >= maxDepth) return TOO_DEEP;
    if (Array.isArray(item)) return item.map((entry) => walk(entry, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(item)) out[cutText(key, maxString)] = walk(entry, depth + 1);
    return out;
  };
  return walk(value, 0) as T;
}
