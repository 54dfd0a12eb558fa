/**
 * The spec's `ValidationError` is an object of arrays keyed by... it does not say what. Frameworks name a
 * field each in their own path syntax: Laravel `attendees.0.email`, Joi and zod (formatted)
 * `attendees[0].email`, form style `attendees[0][email]`, express-openapi-validator `/body/attendees/0/email`
 * or `.body.attendees[0].email`, fastify `body/attendees/0/email`. All name the same place, so a key is read
 * as a list of segments and compared segment by segment.
 */

const TOKEN = /\[\s*(?:"([^"]*)"|'([^']*)'|([^\]]*?))\s*\]|([^.[\]]+)/g;

/**
 * `a.b[0].c`, `a[0][c]`, `a["b"]`, `/a/0/c`, `body/a/0/c`, `.a.b` all become their segments; `~1`/`~0`
 * unescaped in slash-separated keys.
 */
export function keySegments(key: string): string[] {
  const trimmed = key.trim();
  // JSON Pointer (`/a/0/b`, `#/a/0/b`) and fastify's `body/a/0/b`: slashes separate segments.
  if (trimmed.includes('/')) {
    return trimmed
      .replace(/^#/, '')
      .split('/')
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
      .filter((segment) => segment !== '');
  }
  const segments: string[] = [];
  for (const match of trimmed.matchAll(TOKEN)) {
    const segment = match[1] ?? match[2] ?? match[3] ?? match[4] ?? '';
    if (segment !== '') segments.push(segment);
  }
  return segments;
}

/** Where validators put the request body's fields: `body.title`, `/body/title`, `body[title]`. */
const BODY_PREFIXES = ['body', 'requestBody'];

/**
 * Whether an `errors` key names `field` (dotted steps, `online_conference_attendees.0.email`) or a place
 * inside it, in any of the syntaxes above, with or without a body prefix.
 */
export function keyNamesField(key: string, field: string): boolean {
  const wanted = field.split('.');
  const segments = keySegments(key);
  const startsWith = (candidate: readonly string[]) =>
    candidate.length >= wanted.length && wanted.every((step, i) => candidate[i] === step);
  if (startsWith(segments)) return true;
  return BODY_PREFIXES.includes(segments[0] ?? '') && startsWith(segments.slice(1));
}
