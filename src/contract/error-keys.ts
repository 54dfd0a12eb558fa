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

/**
 * The fields a rejection names, in the error shapes frameworks answer with: the spec's `errors` object
 * (Laravel and most), an `errors` array of `{ path | field | param | instancePath }` (express-openapi-validator,
 * express-validator), pydantic's `detail: [{ loc }]` (FastAPI), zod's `error.issues: [{ path }]` (Hono's
 * default hook). Used to tell what a rejection was about, never to judge its shape (the schema does that).
 */
export function fieldsNamedBy(body: unknown): string[] {
  if (!body || typeof body !== 'object') return [];
  const record = body as Record<string, unknown>;
  const errors = record.errors;
  if (errors && typeof errors === 'object' && !Array.isArray(errors))
    return Object.keys(errors).slice(0, MAX_FIELDS);
  const listed = (value: unknown): readonly unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
  const items = [
    ...listed(errors),
    ...listed(record.detail),
    ...(Array.isArray((record.error as { issues?: unknown } | undefined)?.issues)
      ? (record.error as { issues: unknown[] }).issues
      : []),
  ].slice(0, MAX_FIELDS);
  return items.flatMap((item) => {
    if (!item || typeof item !== 'object') return [];
    const entry = item as Record<string, unknown>;
    const where = entry.path ?? entry.loc ?? entry.field ?? entry.param ?? entry.instancePath;
    if (typeof where === 'string' && where !== '') return [where];
    if (Array.isArray(where) && where.length > 0) return [where.map(String).join('.')];
    return [];
  });
}

const MAX_FIELDS = 1000;

/**
 * Whether a rejection is about `field`: a field it names is `field` or inside it; or, naming none, its text
 * holds the field's name or one of its distinctive `words` ("account" for online_conference_account_id).
 */
export function rejectionNames(
  body: string,
  field: string,
  words: readonly string[] = [],
): boolean | 'names-others' {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const named = fieldsNamedBy(parsed);
  if (named.length > 0) return named.some((key) => keyNamesField(key, field)) || 'names-others';
  const text = spaced(body);
  return [field, ...words].some((word) => new RegExp(`\\b${spaced(word).trim()}\\b`).test(text));
}

/** Lower case, `_`, `-`, `.` and runs of space as one space: "online_conference_account_id" ~ "online conference account id". */
function spaced(text: string): string {
  return ` ${text.toLowerCase().replace(/[\s_.-]+/g, ' ')} `;
}
