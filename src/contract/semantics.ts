import { isDeepStrictEqual } from 'node:util';
import type { Exchange } from './exchange';
import { show, showKeys, type ContractFailure } from './failure';
import { jsonRequestSchema, responseFor, type OperationContract } from './operation';
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
export function echoConformance(operation: OperationContract, exchange: Exchange): ContractFailure[] {
  const { property, shape } = resourceShape(operation);
  const sent = JSON.parse(exchange.request.body ?? '{}') as Record<string, unknown>;
  const resource = (parseJsonBody(exchange) as Record<string, unknown> | undefined)?.[property] as
    Record<string, unknown> | undefined;
  if (!resource || typeof resource !== 'object') return [];
  const failures: ContractFailure[] = [];
  for (const [name, value] of Object.entries(sent)) {
    const schema = shape.properties.get(name);
    if (!schema) continue;
    const present = Object.hasOwn(resource, name);
    if (isDeepStrictEqual(resource[name], value)) continue;
    if (value === null && !present && !shape.required.has(name) && isNullable(schema)) continue;
    const trimmed = typeof value === 'string' && trimmedForms(value).includes(resource[name] as string);
    failures.push({
      check: 'echo_conformance',
      requirement: trimmed ? 'convention.echo-exact-whitespace' : `echo.${name}`,
      level: trimmed ? 'should' : 'must',
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
  return failures;
}

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
): ContractFailure[] {
  const { property, shape } = resourceShape(operation);
  const resource = (parseJsonBody(exchange) as Record<string, unknown> | undefined)?.[property] as
    Record<string, unknown> | undefined;
  if (!resource || typeof resource !== 'object') return [];
  const failures: ContractFailure[] = [];
  const fail = (name: string, expected: string, received: unknown): void => {
    const schema = shape.properties.get(name);
    failures.push({
      check: 'server_fields_plausibility',
      // The spec states none of these (no minimum on id, no rule on timestamps): a reading, so a warning.
      requirement: 'convention.server-fields-plausible',
      level: 'should',
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
  return failures;
}

function timestamp(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/** A status that breaks a convention but no MUST: recorded as a warning naming `requirement`. */
export interface ToleratedOutcome {
  readonly status: number | '2XX';
  readonly requirement: string;
  /** Why it is only a warning, said in the failure. */
  readonly why: string;
}

export interface ExpectedOutcome {
  /** The conforming status, or any of several. */
  readonly status: number | readonly number[];
  /** For a 400: the field (dotted steps) an `errors` key must name. */
  readonly field?: string | undefined;
  readonly pointer: string;
  /** The requirement a different status violates (MUST); `request.accepts-valid` when unset. */
  readonly requirement?: string | undefined;
  readonly tolerated?: readonly ToleratedOutcome[] | undefined;
}

/** The case's expected status, and for a rejection an `errors` key naming the offending field. */
export function outcomeConformance(
  operation: OperationContract,
  exchange: Exchange,
  expected: ExpectedOutcome,
): ContractFailure[] {
  const { status, body } = exchange.response;
  const statuses = typeof expected.status === 'number' ? [expected.status] : expected.status;
  const wanted = statuses.join(' or ');
  if (!statuses.includes(status)) {
    const tolerated = expected.tolerated?.find(
      (entry) => entry.status === status || (entry.status === '2XX' && status >= 200 && status < 300),
    );
    const documented = statuses.length === 1 ? responseFor(operation, statuses[0]!) : undefined;
    return [
      {
        check: 'expected_outcome',
        requirement: tolerated?.requirement ?? expected.requirement ?? 'request.accepts-valid',
        level: tolerated ? 'should' : 'must',
        title: `Expected ${wanted}${documented?.description ? ` (${documented.description})` : ''}, received ${status}`,
        expected: `status ${wanted}${tolerated ? ` (${status} is allowed with a warning: ${tolerated.why})` : ''}`,
        received: `status ${status} with body ${show(body, 300)}`,
        specPointer: expected.pointer,
        location: 'status',
      },
    ];
  }
  if (expected.field === undefined || status !== 400) return [];
  const errors = (parseJsonBody(exchange) as { errors?: unknown } | undefined)?.errors;
  const keys = errors && typeof errors === 'object' ? Object.keys(errors) : [];
  if (keys.some((key) => keyNamesField(key, expected.field!))) return [];
  // The spec's ValidationError names no key syntax and requires no key: a 400 that does not name the field
  // still conforms (its shape is checked on every response). Naming it is what every framework does.
  return [
    {
      check: 'error_names_field',
      requirement: 'convention.error-names-field',
      level: 'should',
      title: `The 400 does not name the offending field "${expected.field}"`,
      expected: `a key in "errors" naming "${expected.field}" or a place inside it, in any path syntax (${expected.field}, ${bracketed(expected.field)}, /${expected.field.replace(/\./g, '/')}; a "body" prefix allowed)`,
      received: keys.length ? `keys ${showKeys(keys)}` : 'no keys in "errors"',
      specPointer: expected.pointer,
      location: 'body/errors',
    },
  ];
}

function bracketed(field: string): string {
  return field.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/**
 * A 5xx is never a conforming answer, even where the spec documents 500: it documents how an
 * unexpected error looks, not that one may happen. `checkResponse` still checks its shape.
 */
export function serverErrorConformance(operation: OperationContract, exchange: Exchange): ContractFailure[] {
  const { status, body } = exchange.response;
  if (status < 500 || status > 599) return [];
  const documented = responseFor(operation, status);
  return [
    {
      check: 'no_server_error',
      requirement: 'no-server-error',
      level: 'must',
      title: `Server error ${status}${documented ? ` (documented: ${documented.description || 'no description'})` : ''}`,
      expected: 'an answer other than 5xx: every request the suite sends has a defined outcome',
      received: `status ${status} with body ${show(body, 300)}`,
      specPointer: documented?.pointer ?? `${operation.pointer}/responses`,
      location: 'status',
    },
  ];
}
