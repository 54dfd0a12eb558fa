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
  type OperationContract,
} from '../contract';
import {
  combineResults,
  dispositionOf,
  errorKeysOf,
  jsonRequestSchema,
  problemKey,
  showKeys,
  type CheckResult,
} from '../contract';
import { boundedJson } from '../safety/bounds';
import type { Violation } from './invalid-body';
import { trimmed } from './strings';
import { LABELLED_MUST_MAX, type Body } from './valid-body';

/** One defect, one problem: the same identity the report groups problems by. */
export function rootCause(failure: ContractFailure): string {
  return problemKey(failure);
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
function responseResult(operation: OperationContract, exchange: Exchange): CheckResult {
  return combineResults(
    checkResponse(operation, exchange.response),
    serverErrorConformance(operation, exchange),
  );
}

const isServerError = (result: CheckResult) =>
  result.failures.some((failure) => failure.requirement === 'no-server-error');

/**
 * A valid body must be accepted (200) and echoed exactly. A 400 is a warning only where every field it
 * names is excused; an echo that differs only by trimmed whitespace (or "" kept as null) is a warning.
 */
export function judgeAccepted(
  operation: OperationContract,
  exchange: Exchange,
  sent: Body,
  labelField: string,
): CheckResult {
  const response = responseResult(operation, exchange);
  if (isServerError(response)) return response;
  const pointer = pointerOf(jsonRequestSchema(operation).schema);
  const judged = outcomeConformance(operation, exchange, { status: 200, pointer });
  const outcome = judged.failures;
  const excuses = excusesFor(sent, labelField);
  // A generated body holding what a convention is about verifies that convention, whatever came back.
  const verified = [...response.verified, ...judged.verified, ...excuses.map((excuse) => excuse.requirement)];
  const result = (failures: readonly ContractFailure[], more: readonly string[] = []): CheckResult => ({
    failures: [...response.failures, ...failures],
    verified: [...new Set([...verified, ...more])],
  });
  if (outcome.length > 0) {
    const keys = errorKeysOf(exchange);
    const excused = keys.length > 0 ? keys.map((key) => excuses.find((e) => names(key, e.field))) : [];
    if (exchange.response.status === 400 && excused.length > 0 && excused.every(Boolean)) {
      return result(
        [...new Set(excused)].map((excuse) => ({
          ...outcome[0]!,
          title: `A valid body was rejected: ${excuse!.field} ${excuse!.why}`,
          requirement: excuse!.requirement,
          level: 'should' as const,
          location: `body/errors/${excuse!.field}`,
        })),
      );
    }
    const named = keys.length ? ` (errors: ${showKeys(keys)})` : '';
    return result(
      outcome.map((failure) => ({
        ...failure,
        title: `A valid generated body was rejected${named}: ${failure.title}`,
        requirement: 'request.accepts-valid',
        level: 'must' as const,
      })),
    );
  }
  const resource = (parseJsonBody(exchange) as Body | undefined)?.[resourceShape(operation).property];
  const echo = echoConformance(operation, exchange);
  return result(
    echo.failures.map((f) => judgeEcho(f, sent, resource as Body | undefined)),
    echo.verified,
  );
}

function judgeEcho(failure: ContractFailure, sent: Body, resource: Body | undefined): ContractFailure {
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
): CheckResult {
  const response = responseResult(operation, exchange);
  if (isServerError(response)) return response;
  const judged = outcomeConformance(operation, exchange, {
    status: 400,
    field: violation.field,
    pointer: violation.specPointer,
    requirement: violation.requirement,
  });
  const outcome = judged.failures;
  // A tenant that trims strings before it validates (Laravel's TrimStrings, Joi/zod `.trim()`) accepts a
  // value whose only defect was whitespace at its ends: the same root cause as a trimmed echo, a SHOULD.
  const trimmedAway =
    dispositionOf(exchange.response.status) === 'accepted'
      ? validOnceTrimmed(operation, exchange, violation)
      : undefined;
  const failures = [
    ...response.failures,
    ...outcome.map((failure): ContractFailure => {
      if (failure.check === 'error_names_field') return failure;
      if (trimmedAway === undefined)
        return {
          ...failure,
          title: `${failure.title}: ${violation.description}`,
          requirement: violation.requirement,
          level: 'must',
        };
      return {
        ...failure,
        title: `Accepted once trimmed: ${violation.field} was ${escaped(trimmedAway)}, valid only without its surrounding whitespace (the tenant trims before it validates)`,
        requirement: 'convention.echo-exact-whitespace',
        level: 'should',
        defect: 'trimmed before validation',
      };
    }),
  ];
  const trimming = trimmedAway === undefined ? [] : ['convention.echo-exact-whitespace'];
  return { failures, verified: [...new Set([...response.verified, ...judged.verified, ...trimming])] };
}

/**
 * The string the violation is about, when the body sent validates once that string is trimmed (either way);
 * else undefined.
 */
function validOnceTrimmed(
  operation: OperationContract,
  exchange: Exchange,
  violation: Violation,
): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(exchange.request.body ?? '');
  } catch {
    return undefined;
  }
  const tokens = violation.instancePath.split('/').slice(1);
  const last = tokens.pop();
  let parent = body as Record<string, unknown> | undefined;
  for (const token of tokens) parent = parent?.[token] as Record<string, unknown> | undefined;
  const value = last === undefined || !parent ? undefined : parent[last];
  if (typeof value !== 'string' || last === undefined || !parent) return undefined;
  const holder = parent;
  const valid = trimmedForms(value).some((form) => {
    if (form === value) return false;
    holder[last] = form;
    return validateAgainst(jsonRequestSchema(operation).schema, body).length === 0;
  });
  return valid ? value : undefined;
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
