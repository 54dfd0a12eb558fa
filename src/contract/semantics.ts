import { isDeepStrictEqual } from 'node:util';
import type { Exchange } from './exchange';
import { NOTHING_CHECKED, show, showKeys, type CheckResult, type ContractFailure } from './failure';
import { jsonRequestSchema, responseFor, type OperationContract } from './operation-contract';
import { keyNamesField } from './error-keys';
import { isNullable, objectShape, pointerOf, type ObjectShape } from './shape';

/** Checks of meaning rather than shape: what a create must give back. Pure over plain data. */

const CLOCK_SKEW_MS = 15 * 60 * 1000;

/** The object in the success body that describes the created resource (`data` here). */
export function resourceShape(operation: OperationContract): { property: string; shape: ObjectShape } {
  const success = operation.responses.find((response) => /^2/.test(response.status));
  const body = success?.content[0]?.schema;
  if (!body) throw new Error(`${operation.id} documents no success body`);
  const requestProperties = [...objectShape(jsonRequestSchema(operation).schema).properties.keys()];
  let best: { property: string; shape: ObjectShape; overlap: number } | undefined;
  for (const [property, schema] of objectShape(body).properties) {
    const shape = objectShape(schema);
    const overlap = requestProperties.filter((name) => shape.properties.has(name)).length;
    if (overlap > 0 && overlap > (best?.overlap ?? 0)) best = { property, shape, overlap };
  }
  if (!best) throw new Error(`${operation.id}: no part of the success body echoes the request`);
  return best;
}

export function parseJsonBody(exchange: Exchange): unknown {
  try {
    return JSON.parse(exchange.response.body);
  } catch {
    return undefined;
  }
}

/**
 * Every writable field that was sent and that the resource documents comes back as sent. Two differences a
 * correct tenant on a popular framework's defaults makes are allowed, each with its reason:
 * - an optional nullable field sent as null and left out of the response: the schema does not require it,
 *   and absent says what null says (Laravel's `whenNotNull`, serializers that drop nulls);
 * - a string with its surrounding whitespace trimmed: Laravel's TrimStrings middleware, Joi/zod `.trim()`
 *   (a warning, `convention.echo-exact-whitespace`).
 * Anything else (a title cut short, `is_public` ignored, an id replaced) is a stored value other than the
 * one sent, which no framework default produces: `echo.<field>`, a MUST.
 */
export function echoConformance(operation: OperationContract, exchange: Exchange): CheckResult {
  const { property, shape } = resourceShape(operation);
  const sent = JSON.parse(exchange.request.body ?? '{}') as Record<string, unknown>;
  const resource = (parseJsonBody(exchange) as Record<string, unknown> | undefined)?.[property] as
    Record<string, unknown> | undefined;
  if (!resource || typeof resource !== 'object') return NOTHING_CHECKED;
  const failures: ContractFailure[] = [];
  const verified: string[] = [];
  for (const [name, value] of Object.entries(sent)) {
    const schema = shape.properties.get(name);
    if (!schema) continue;
    verified.push(`echo.${name}`);
    if (typeof value === 'string') verified.push(ECHO_WHITESPACE);
    const present = Object.hasOwn(resource, name);
    if (isDeepStrictEqual(resource[name], value)) continue;
    if (value === null && !present && !shape.required.has(name) && isNullable(schema)) continue;
    const trimmed = typeof value === 'string' && trimmedForms(value).includes(resource[name] as string);
    failures.push({
      check: 'echo_conformance',
      requirement: trimmed ? ECHO_WHITESPACE : `echo.${name}`,
      level: trimmed ? 'should' : 'must',
      defect: trimmed ? 'trimmed' : present ? 'changed' : 'missing',
      title: trimmed
        ? `${property}.${name} comes back with its surrounding whitespace trimmed`
        : `${property}.${name} is not what was sent`,
      expected: trimmed
        ? `${show(value)} exactly (trimming is a common framework default, so this is a warning)`
        : `${show(value)} (the value sent: a create stores a writable field as given)`,
      received: present ? show(resource[name]) : 'no such field',
      specPointer: pointerOf(schema),
      location: `body/${property}/${name}`,
    });
  }
  return { failures, verified: [...new Set(verified)] };
}

const ECHO_WHITESPACE = 'convention.echo-exact-whitespace';

/**
 * What trimming middleware leaves of a string: JavaScript's `trim` (Joi, zod, express-validator) and Laravel's
 * TrimStrings, which also strips U+200B, U+200E and U+FEFF. Each is a correct tenant's default.
 */
export function trimmedForms(value: string): string[] {
  return [value.trim(), value.replace(/^[\s\u200b\u200e\ufeff]+|[\s\u200b\u200e\ufeff]+$/gu, '')];
}

export interface TimeWindow {
  readonly sentAt: number;
  readonly receivedAt: number;
}

/** Server-owned fields look like those of a conference created just now. */
export function serverFieldsPlausibility(
  operation: OperationContract,
  exchange: Exchange,
  window: TimeWindow,
): CheckResult {
  const { property, shape } = resourceShape(operation);
  const resource = (parseJsonBody(exchange) as Record<string, unknown> | undefined)?.[property] as
    Record<string, unknown> | undefined;
  if (!resource || typeof resource !== 'object') return NOTHING_CHECKED;
  const failures: ContractFailure[] = [];
  const fail = (name: string, expected: string, received: unknown): void => {
    const schema = shape.properties.get(name);
    failures.push({
      check: 'server_fields_plausibility',
      // The spec states none of these (no minimum on id, no rule on timestamps): a reading, so a warning.
      requirement: PLAUSIBLE,
      level: 'should',
      defect: 'implausible',
      title: `${property}.${name} is implausible for a conference created just now`,
      expected,
      received: show(received),
      specPointer: schema ? pointerOf(schema) : shape.pointer,
      location: `body/${property}/${name}`,
    });
  };
  const id = resource.id;
  // Only a number: an id of another type is the schema's problem (response.200.body.data.id), not a second one.
  if (typeof id === 'number' && !(Number.isInteger(id) && id > 0)) fail('id', 'a positive integer id', id);

  const created = timestamp(resource.created_at);
  const updated = timestamp(resource.updated_at);
  const earliest = window.sentAt - CLOCK_SKEW_MS;
  const latest = window.receivedAt + CLOCK_SKEW_MS;
  if (created !== undefined && (created < earliest || created > latest)) {
    fail(
      'created_at',
      `a time within 15 minutes of the request (${new Date(window.sentAt).toISOString()})`,
      resource.created_at,
    );
  }
  if (created !== undefined && updated !== undefined && updated < created) {
    fail('updated_at', `not before created_at (${String(resource.created_at)})`, resource.updated_at);
  }
  if (Object.hasOwn(resource, 'deleted_at') && resource.deleted_at !== null) {
    fail('deleted_at', 'null: a conference just created is not deleted', resource.deleted_at);
  }
  return { failures, verified: [PLAUSIBLE] };
}

const PLAUSIBLE = 'convention.server-fields-plausible';

function timestamp(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * How an answer disposes of a request, whatever its exact status. A requirement about the outcome of a
 * request (accept a valid body, reject a bad one, refuse missing credentials) is judged on this: a tenant
 * that answers 201 for 200 or 422 for 400 did accept or reject, and its undocumented status is one problem
 * of its own (`status.documented`), never a second one of every requirement its answers proved.
 */
export type Disposition = 'accepted' | 'rejected' | 'unauthorized' | 'throttled' | 'server-error' | 'other';

export function dispositionOf(status: number): Disposition {
  if (status >= 200 && status < 300) return 'accepted';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 429) return 'throttled';
  if (status >= 400 && status < 500) return 'rejected';
  if (status >= 500 && status < 600) return 'server-error';
  return 'other';
}

/** An answer that says nothing about the request: a 5xx, a 429, a 1xx/3xx; other checks report it. */
const UNJUDGED: ReadonlySet<Disposition> = new Set(['throttled', 'server-error', 'other']);

/** A status that breaks a convention but no MUST: recorded as a warning naming `requirement`. */
export interface ToleratedOutcome {
  /** The status, or any status of its disposition (400 also stands for 422); `2XX` any acceptance. */
  readonly status: number | '2XX';
  readonly requirement: string;
  /** Why it is only a warning, said in the failure. */
  readonly why: string;
  /**
   * Tolerated only when the created resource holds this field (dotted) trimmed: the tenant trimmed the
   * value into a valid one (a SHOULD); kept as sent, the acceptance is a MUST failure.
   */
  readonly ifTrimmed?: string;
}

export interface ExpectedOutcome {
  /** The conforming status, or any of several (all of one disposition: 400 or 415 both reject). */
  readonly status: number | readonly number[];
  /** For a 400: the field (dotted steps) an `errors` key must name. */
  readonly field?: string | undefined;
  readonly pointer: string;
  /** The requirement another disposition violates (MUST); `request.accepts-valid` when unset. */
  readonly requirement?: string | undefined;
  readonly tolerated?: readonly ToleratedOutcome[] | undefined;
  /**
   * A rejection counts against `requirement` only when it is about this field, or names none: the re-send
   * that proves a refused request created nothing is rejected as a duplicate `public_id`; rejected for
   * another field, it proves nothing either way.
   */
  readonly rejectionAbout?: string | undefined;
  /** What was sent, in words that do not vary between runs: the case's description, shown in the title. */
  readonly what?: string | undefined;
}

/**
 * The case's outcome: the disposition its expected status stands for (an exact status is the business of
 * `status.documented`), and for a 400 an `errors` key naming the offending field (a SHOULD). An answer
 * that says nothing of the request (5xx, 429) judges nothing here.
 */
export function outcomeConformance(
  operation: OperationContract,
  exchange: Exchange,
  expected: ExpectedOutcome,
): CheckResult {
  const { status, body } = exchange.response;
  const statuses = typeof expected.status === 'number' ? [expected.status] : expected.status;
  const wanted = dispositionOf(statuses[0]!);
  const received = dispositionOf(status);
  const requirement = expected.requirement ?? 'request.accepts-valid';
  const tolerated = statuses.includes(status)
    ? undefined
    : expected.tolerated?.find(
        (entry) =>
          (entry.status === status ||
            (entry.status === '2XX' ? received === 'accepted' : dispositionOf(entry.status) === received)) &&
          (entry.ifTrimmed === undefined || cameBackTrimmed(operation, exchange, entry.ifTrimmed)),
      );
  if (
    !tolerated &&
    (UNJUDGED.has(received) || (received !== wanted && rejectedForAnotherField(exchange, expected)))
  )
    return NOTHING_CHECKED;
  const verified = [requirement, ...(expected.tolerated ?? []).map((entry) => entry.requirement)];
  if (tolerated || received !== wanted) {
    const shown = statuses.join(' or ');
    const documented = statuses.length === 1 ? responseFor(operation, statuses[0]!) : undefined;
    const failure: ContractFailure = {
      check: 'expected_outcome',
      requirement: tolerated?.requirement ?? requirement,
      level: tolerated ? 'should' : 'must',
      defect: received,
      title: `${expected.what ? `${capitalized(expected.what)}: expected` : 'Expected'} ${shown}${documented?.description ? ` (${documented.description})` : ''}, received ${status}`,
      expected: `status ${shown}${tolerated ? ` (${status} is allowed with a warning: ${tolerated.why})` : ''}`,
      received: `status ${status} with body ${showBody(body, 300)}`,
      specPointer: expected.pointer,
      location: 'status',
    };
    return { failures: [failure], verified };
  }
  if (expected.field === undefined || status !== 400) return { failures: [], verified };
  const keys = errorKeysOf(exchange);
  const named = [...verified, ERROR_NAMES_FIELD];
  if (keys.some((key) => keyNamesField(key, expected.field!))) return { failures: [], verified: named };
  // The spec's ValidationError names no key syntax and requires no key: a 400 that does not name the field
  // still conforms (its shape is checked on every response). Naming it is what every framework does.
  const unnamed: ContractFailure = {
    check: 'error_names_field',
    requirement: ERROR_NAMES_FIELD,
    level: 'should',
    defect: 'field not named',
    title: `The 400 does not name the offending field "${expected.field}"`,
    expected: `a key in "errors" naming "${expected.field}" or a place inside it, in any path syntax (${expected.field}, ${bracketed(expected.field)}, /${expected.field.replace(/\./g, '/')}; a "body" prefix allowed)`,
    received: keys.length ? `keys ${showKeys(keys)}` : 'no keys in "errors"',
    specPointer: expected.pointer,
    location: 'body/errors',
  };
  return { failures: [unnamed], verified: named };
}

/** Whether the created resource holds `field` as a trimmed form of what was sent, not as sent. */
function cameBackTrimmed(operation: OperationContract, exchange: Exchange, field: string): boolean {
  let sent: unknown;
  try {
    sent = (JSON.parse(exchange.request.body ?? '') as Record<string, unknown>)[field];
  } catch {
    return false;
  }
  const resource = (parseJsonBody(exchange) as Record<string, unknown> | undefined)?.[
    resourceShape(operation).property
  ] as Record<string, unknown> | undefined;
  const stored = resource?.[field];
  return typeof sent === 'string' && stored !== sent && trimmedForms(sent).includes(stored as string);
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A body in a message: compact JSON as it is (one line already, easier to read than quoted), else quoted. */
function showBody(body: string, max: number): string {
  try {
    const text = JSON.stringify(JSON.parse(body));
    return text.length > max ? `${text.slice(0, max)}… (${body.length} characters)` : text;
  } catch {
    return show(body, max);
  }
}

/** The keys of a 400's `errors`, if its body has them. */
export function errorKeysOf(exchange: Exchange): string[] {
  const errors = (parseJsonBody(exchange) as { errors?: unknown } | undefined)?.errors;
  return errors && typeof errors === 'object' ? Object.keys(errors) : [];
}

function rejectedForAnotherField(exchange: Exchange, expected: ExpectedOutcome): boolean {
  if (expected.rejectionAbout === undefined || dispositionOf(exchange.response.status) !== 'rejected')
    return false;
  const keys = errorKeysOf(exchange);
  return keys.length > 0 && !keys.some((key) => keyNamesField(key, expected.rejectionAbout!));
}

const ERROR_NAMES_FIELD = 'convention.error-names-field';

function bracketed(field: string): string {
  return field.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/**
 * A 5xx is never a conforming answer, even where the spec documents 500: it documents how an
 * unexpected error looks, not that one may happen. `checkResponse` still checks its shape.
 */
export function serverErrorConformance(operation: OperationContract, exchange: Exchange): CheckResult {
  const { status, body } = exchange.response;
  const verified = ['no-server-error'];
  if (status < 500 || status > 599) return { failures: [], verified };
  const documented = responseFor(operation, status);
  return {
    verified,
    failures: [
      {
        check: 'server_error_conformance',
        requirement: 'no-server-error',
        level: 'must',
        defect: `status ${status}`,
        title: `Server error ${status}${documented ? ` (documented: ${documented.description || 'no description'})` : ''}`,
        expected: 'an answer other than 5xx: every request the suite sends has a defined outcome',
        received: `status ${status} with body ${showBody(body, 300)}`,
        specPointer: documented?.pointer ?? `${operation.pointer}/responses`,
        location: 'status',
      },
    ],
  };
}
