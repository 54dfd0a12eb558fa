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
  let note: string | undefined;
  if (request.body !== undefined) {
    // curl would add its own form Content-Type to a body sent without one; an empty header removes it.
    if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) lines.push(`-H 'Content-Type:'`);
    let body = request.body;
    const sent = SUITE_PUBLIC_ID.exec(body)?.[1];
    if (sent !== undefined) {
      body = body.split(sent).join(freshPublicId(sent, digit));
      note = FRESH_PUBLIC_ID_NOTE;
    }
    lines.push(`--data-binary ${shellQuote(body)}`);
  }
  const command = lines.join(' \\\n  ');
  return note ? `${command}\n${note}` : command;
}
