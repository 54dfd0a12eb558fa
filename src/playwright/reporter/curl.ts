import type { RecordedRequest } from '../../contract/exchange';

/** A recorded credential placeholder, e.g. `$MEETBIT_ACCESS_KEY_ID`: left for the shell to expand. */
const PLACEHOLDER = /^\$MEETBIT_[A-Z_]+$/;
/** Set by curl or the transport, never worth replaying. */
const SKIPPED_HEADERS = new Set(['content-length', 'host', 'connection']);

/** POSIX single quoting: everything literal, a ' becomes '\''. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command that sends the recorded request again. Credentials stay placeholders in double
 * quotes, so the reviewer's shell fills them in from the environment; nothing else is expanded.
 */
export function toCurl(request: RecordedRequest): string {
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
  if (request.body !== undefined) {
    // curl would add its own form Content-Type to a body sent without one; an empty header removes it.
    if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) lines.push(`-H 'Content-Type:'`);
    lines.push(`--data-binary ${shellQuote(request.body)}`);
  }
  return lines.join(' \\\n  ');
}
