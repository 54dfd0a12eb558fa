import {
  checkResponse,
  echoConformance,
  trimmedForms,
  validateAgainst,
  outcomeConformance,
  parseJsonBody,
  pointerOf,
  resourceShape,
  serverErrorConformance,
  type ContractFailure,
  type Exchange,
  type Level,
  type OperationContract,
} from '../contract';
import { jsonRequestSchema } from '../contract';
import { boundedJson } from '../safety/bounds';
import type { Violation } from './invalid-body';
import { trimmed } from './strings';
import { LABELLED_MUST_MAX, type Body } from './valid-body';

/** A failure that names its requirement and level: a MUST fails the phase, a SHOULD is a warning. */
export type Judged = ContractFailure & { readonly requirement: string; readonly level: Level };

/** One defect, one problem: the requirement and where it shows. */
export function rootCause(failure: Judged): string {
  return `${failure.requirement} at ${failure.location}`;
}

/**
 * Why a valid body may still get a 400, or a changed echo, from a correct tenant on a common framework.
 * Each names the convention it stands for; what it excuses is a warning, never a failure.
 */
export interface Excuse {
  /** The field, Laravel style (`title`, `online_conference_attendees.0.name`). */
  readonly field: string;
  readonly requirement: string;
  readonly why: string;
}

export function excusesFor(body: Body, labelField: string): Excuse[] {
  const excuses: Excuse[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      if (trimmed(value) === '')
        excuses.push({
          field: path,
          requirement: 'convention.empty-string-kept',
          why: 'empty once trimmed: Laravel trims, turns "" into null, and `required` then rejects it',
        });
      if (value.includes('\u0000'))
        excuses.push({
          field: path,
          requirement: 'convention.nul-character-kept',
          why: 'holds U+0000, which a PostgreSQL text column cannot store',
        });
      if (path === labelField && [...value].length > LABELLED_MUST_MAX)
        excuses.push({
          field: path,
          requirement: 'convention.long-unbounded-strings',
          why: `longer than ${LABELLED_MUST_MAX} characters where the spec sets no maxLength`,
        });
    } else if (Array.isArray(value)) value.forEach((item, i) => visit(item, `${path}.${i}`));
    else if (value && typeof value === 'object')
      for (const [name, item] of Object.entries(value)) visit(item, path ? `${path}.${name}` : name);
  };
  visit(body, '');
  return excuses;
}

/** The response as such: documented status, media type, schema, headers; and no 5xx. MUST, every one. */
function responseFailures(operation: OperationContract, exchange: Exchange): Judged[] {
  const status = exchange.response.status;
  return [...checkResponse(operation, exchange.response), ...serverErrorConformance(operation, exchange)].map(
    (failure) => ({
      ...failure,
      requirement: failure.requirement ?? responseRequirement(failure, status),
      level: failure.level ?? 'must',
    }),
  );
}

function responseRequirement(failure: ContractFailure, status: number): string {
  switch (failure.check) {
    case 'status_code_conformance':
      return 'status.documented';
    case 'no_server_error':
      return 'no-server-error';
    case 'content_type_conformance':
      return `response.${status}.content-type`;
    case 'response_headers_conformance':
      return `response.${status}.header.${failure.location.replace(/^header /, '')}`;
    default:
      return `response.${status}.${failure.location.replace(/\//g, '.')}`;
  }
}

/**
 * A valid body must be accepted (200) and echoed exactly. A 400 is a warning only where every field it
 * names is excused; an echo that differs only by trimmed whitespace (or "" kept as null) is a warning.
 */
export function judgeAccepted(
  operation: OperationContract,
  exchange: Exchange,
  sent: Body,
  labelField: string,
): Judged[] {
  const response = responseFailures(operation, exchange);
  if (response.some((failure) => failure.requirement === 'no-server-error')) return response;
  const pointer = pointerOf(jsonRequestSchema(operation).schema);
  const outcome = outcomeConformance(operation, exchange, { status: 200, pointer });
  if (outcome.length > 0) {
    const keys = errorKeys(exchange);
    const excuses = excusesFor(sent, labelField);
    const excused = keys.length > 0 ? keys.map((key) => excuses.find((e) => names(key, e.field))) : [];
    if (exchange.response.status === 400 && excused.length > 0 && excused.every(Boolean)) {
      return [
        ...response,
        ...[...new Set(excused)].map((excuse) => ({
          ...outcome[0]!,
          title: `A valid body was rejected: ${excuse!.field} ${excuse!.why}`,
          requirement: excuse!.requirement,
          level: 'should' as const,
          location: `body/errors/${excuse!.field}`,
        })),
      ];
    }
    return [
      ...response,
      ...outcome.map((failure) => ({
        ...failure,
        requirement: 'request.accepts-valid',
        level: 'must' as const,
        location: keys.length ? `body/errors/${keyList(keys)}` : failure.location,
      })),
    ];
  }
  const resource = (parseJsonBody(exchange) as Body | undefined)?.[resourceShape(operation).property];
  return [
    ...response,
    ...echoConformance(operation, exchange).map((f) => judgeEcho(f, sent, resource as Body | undefined)),
  ];
}

function judgeEcho(failure: ContractFailure, sent: Body, resource: Body | undefined): Judged {
  const field = failure.location.split('/').at(-1)!;
  const sentValue = sent[field];
  const received = resource?.[field];
  const normalized =
    typeof sentValue === 'string' &&
    ([trimmed(sentValue), ...trimmedForms(sentValue)].includes(received as string) ||
      (received === null && trimmed(sentValue) === ''));
  // Generated strings differ in what no terminal shows (combining marks, controls): say it in escapes too.
  const shown = {
    ...failure,
    title: `${failure.title}: sent ${escaped(sentValue)}, received ${escaped(received)}`,
  };
  return normalized
    ? { ...shown, requirement: 'convention.echo-exact-whitespace', level: 'should' }
    : { ...shown, requirement: `echo.${field}`, level: 'must' };
}

/** A tenant's error keys as one location: sorted, at most a few of them, however many it sends. */
function keyList(keys: readonly string[], max = 10): string {
  const shown = [...keys]
    .sort()
    .slice(0, max)
    .map((key) => (key.length > 80 ? `${key.slice(0, 80)}…` : key));
  return keys.length > max ? `${shown.join(',')},… (${keys.length} keys)` : shown.join(',');
}

/** JSON text of the same value with every character outside printable ASCII as a JSON \u escape. */
export function asciiJson(json: string): string {
  return json.replace(/[^\x20-\x7e]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A value for a message, every character outside printable ASCII as an escape, cut to a readable length. */
export function escaped(value: unknown, max = 300): string {
  // Bounded before it is escaped: a tenant's value may be nested a million arrays deep.
  const { text: json, complete } =
    value === undefined ? { text: 'undefined', complete: true } : boundedJson(value, max);
  const text = json.replace(
    /[^\x20-\x7e]/gu,
    (char) => `\\u{${char.codePointAt(0)!.toString(16).toUpperCase()}}`,
  );
  return complete && text.length <= max ? text : `${text.slice(0, max)}… (cut)`;
}

/** A body breaking one constraint must get 400; the 400 should name the field (a convention). */
export function judgeRejected(
  operation: OperationContract,
  exchange: Exchange,
  violation: Violation,
): Judged[] {
  const response = responseFailures(operation, exchange);
  if (response.some((failure) => failure.requirement === 'no-server-error')) return response;
  const outcome = outcomeConformance(operation, exchange, {
    status: 400,
    field: violation.field,
    pointer: violation.specPointer,
  });
  // A tenant that trims strings before it validates (Laravel's TrimStrings, Joi/zod `.trim()`) accepts a
  // value whose only defect was whitespace at its ends: the same root cause as a trimmed echo, a SHOULD.
  const trimmedAway = exchange.response.status === 200 && validOnceTrimmed(operation, exchange, violation);
  return [
    ...response,
    ...outcome.map((failure) =>
      failure.check === 'error_names_field'
        ? { ...failure, requirement: 'convention.error-names-field', level: 'should' as const }
        : {
            ...failure,
            title: `${failure.title}: ${violation.description}${trimmedAway ? ' (valid once trimmed)' : ''}`,
            requirement: trimmedAway ? 'convention.echo-exact-whitespace' : violation.requirement,
            level: trimmedAway ? ('should' as const) : ('must' as const),
            location: violation.field,
          },
    ),
  ];
}

/** Whether the body sent validates once the string the violation is about is trimmed (either way). */
function validOnceTrimmed(operation: OperationContract, exchange: Exchange, violation: Violation): boolean {
  let body: unknown;
  try {
    body = JSON.parse(exchange.request.body ?? '');
  } catch {
    return false;
  }
  const tokens = violation.instancePath.split('/').slice(1);
  const last = tokens.pop();
  let parent = body as Record<string, unknown> | undefined;
  for (const token of tokens) parent = parent?.[token] as Record<string, unknown> | undefined;
  const value = last === undefined || !parent ? undefined : parent[last];
  if (typeof value !== 'string' || last === undefined || !parent) return false;
  const holder = parent;
  return trimmedForms(value).some((form) => {
    if (form === value) return false;
    holder[last] = form;
    return validateAgainst(jsonRequestSchema(operation).schema, body).length === 0;
  });
}

function errorKeys(exchange: Exchange): string[] {
  const errors = (parseJsonBody(exchange) as { errors?: unknown } | undefined)?.errors;
  return errors && typeof errors === 'object' ? Object.keys(errors) : [];
}

/** Whether an `errors` key names a field, in the common syntaxes (`a.0.b`, `a[0].b`, `/a/0/b`). */
function names(key: string, field: string): boolean {
  const normal = (text: string) =>
    text
      .replace(/\[(\d+)\]/g, '.$1')
      .replace(/^\//, '')
      .replace(/\//g, '.');
  return normal(key) === field;
}
