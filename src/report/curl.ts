import { randomInt } from 'node:crypto';
import { TEST_DATA_PREFIX } from '../cases/test-data';
import type { RecordedRequest } from '../contract/exchange';

/** A recorded credential placeholder, e.g. `$MEETBIT_ACCESS_KEY_ID`: left for the shell to expand. */
const PLACEHOLDER = /^\$MEETBIT_[A-Z_]+$/;
/** Set by curl or the transport, never worth replaying. */
const SKIPPED_HEADERS = new Set(['content-length', 'host', 'connection']);

/** POSIX single quoting: everything literal, a ' becomes '\''. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A public_id the suite generated, in a body as sent (parsable or not). */
const SUITE_PUBLIC_ID = new RegExp(`"public_id"\\s*:\\s*"(${TEST_DATA_PREFIX}-[A-Za-z0-9_-]+)`);

export const FRESH_PUBLIC_ID_NOTE =
  '# public_id is a fresh value of the same length and characters: the one sent may exist now, and ' +
  're-sending it would get "already taken" instead of this failure. Replaying twice? Change a digit.';

/**
 * The same id with every digit drawn anew: same length and character classes, so a length or pattern
 * case still reproduces, and (with the run id's digits) a value no run has sent.
 */
export function freshPublicId(publicId: string, digit: () => number = () => randomInt(10)): string {
  return publicId.replace(/\d/g, () => String(digit()));
}

/**
 * A curl command that sends the recorded request again. A suite-generated public_id is replaced by a
 * fresh one (see FRESH_PUBLIC_ID_NOTE), so on a real tenant the replay reproduces the failure. Credentials stay placeholders in double
 * quotes, so the reviewer's shell fills them in from the environment; nothing else is expanded.
 */
export const INVISIBLE_NOTE =
  '# characters a terminal does not show (format, control, variation selector, non-ASCII space) are written as ' +
  'JSON \\u escapes: the same JSON value, so the replay sends what the suite sent.';

/** Characters a reader cannot see or copy reliably: format and control characters, odd spaces, selectors. */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class -- finding these characters is the point
  /[\p{Cf}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufe00-\ufe0f\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\u{e0100}-\u{e01ef}]/gu;

/**
 * A JSON body with its invisible characters written as `\uXXXX` escapes (surrogate pairs beyond the BMP):
 * in valid JSON they can only stand inside strings, where an escape is the same value. A body that is not
 * JSON is left as it is (escaping would change what it says). Undefined when nothing was replaced.
 */
export function visibleJson(body: string): string | undefined {
  if (!INVISIBLE.test(body)) return undefined;
  INVISIBLE.lastIndex = 0;
  try {
    JSON.parse(body);
  } catch {
    return undefined;
  }
  return body.replace(INVISIBLE, (char) =>
    [...char]
      .flatMap((c) => {
        const code = c.codePointAt(0)!;
        if (code <= 0xffff) return [code];
        const offset = code - 0x10000;
        return [0xd800 + (offset >> 10), 0xdc00 + (offset & 0x3ff)];
      })
      .map((unit) => `\\u${unit.toString(16).padStart(4, '0')}`)
      .join(''),
  );
}

export function toCurl(request: RecordedRequest, digit?: () => number): string {
  const lines = [`curl -sS -i -X ${request.method.toUpperCase()} ${shellQuote(request.url)}`];
  const headers = Object.entries(request.headers).filter(
    ([name]) => !SKIPPED_HEADERS.has(name.toLowerCase()),
  );
  for (const [name, value] of headers) {
    const safeName = name.replace(/[^A-Za-z0-9-]/g, '');
    lines.push(
      PLACEHOLDER.test(value) ? `-H "${safeName}: ${value}"` : `-H ${shellQuote(`${name}: ${value}`)}`,
    );
  }
  const notes: string[] = [];
  if (request.body !== undefined) {
    // curl would add its own form Content-Type to a body sent without one; an empty header removes it.
    if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) lines.push(`-H 'Content-Type:'`);
    let body = request.body;
    const sent = SUITE_PUBLIC_ID.exec(body)?.[1];
    if (sent !== undefined) {
      body = body.split(sent).join(freshPublicId(sent, digit));
      notes.push(FRESH_PUBLIC_ID_NOTE);
    }
    const visible = visibleJson(body);
    if (visible !== undefined) {
      body = visible;
      notes.push(INVISIBLE_NOTE);
    }
    lines.push(`--data-binary ${shellQuote(body)}`);
  }
  const command = lines.join(' \\\n  ');
  return [command, ...notes].join('\n');
}
