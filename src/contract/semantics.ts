import { isDeepStrictEqual } from 'node:util';
import type { Exchange } from './exchange';
import { show, type ContractFailure } from './failure';
import { jsonRequestSchema, responseFor, type OperationContract } from './operation';
import { objectShape, pointerOf, type ObjectShape } from './shape';

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

/** Every writable field that was sent and that the resource documents comes back exactly as sent. */
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
    if (!isDeepStrictEqual(resource[name], value)) {
      failures.push({
        check: 'echo_conformance',
        title: `${property}.${name} is not what was sent`,
        expected: `${show(value)} (the value sent; a create stores writable fields as given)`,
        received: Object.hasOwn(resource, name) ? show(resource[name]) : 'no such field',
        specPointer: pointerOf(schema),
        location: `body/${property}/${name}`,
      });
    }
  }
  return failures;
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
      title: `${property}.${name} is implausible for a conference created just now`,
      expected,
      received: show(received),
      specPointer: schema ? pointerOf(schema) : shape.pointer,
      location: `body/${property}/${name}`,
    });
  };
  const id = resource.id;
  if (id !== undefined && !(typeof id === 'number' && Number.isInteger(id) && id > 0))
    fail('id', 'a positive integer id', id);

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

/** The case's expected status, and for a rejection the ValidationError naming the offending field. */
export function outcomeConformance(
  operation: OperationContract,
  exchange: Exchange,
  expected: { status: number; field?: string | undefined; pointer: string },
): ContractFailure[] {
  const { status, body } = exchange.response;
  if (status !== expected.status) {
    const documented = responseFor(operation, expected.status);
    return [
      {
        check: 'expected_outcome',
        title: `Expected ${expected.status}${documented?.description ? ` (${documented.description})` : ''}, received ${status}`,
        expected: `status ${expected.status}`,
        received: `status ${status} with body ${show(body, 300)}`,
        specPointer: expected.pointer,
        location: 'status',
      },
    ];
  }
  if (expected.field === undefined) return [];
  const errors = (parseJsonBody(exchange) as { errors?: unknown } | undefined)?.errors;
  const keys = errors && typeof errors === 'object' ? Object.keys(errors) : [];
  const names = (key: string): boolean => key === expected.field || key.startsWith(`${expected.field}.`);
  if (keys.some(names)) return [];
  return [
    {
      check: 'error_names_field',
      title: `The 400 does not name the offending field "${expected.field}"`,
      expected: `a key in "errors" equal to "${expected.field}" or starting with "${expected.field}."`,
      received: keys.length ? `keys ${keys.map((key) => `"${key}"`).join(', ')}` : 'no keys in "errors"',
      specPointer: expected.pointer,
      location: 'body/errors',
    },
  ];
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
      title: `Server error ${status}${documented ? ` (documented: ${documented.description || 'no description'})` : ''}`,
      expected: 'an answer other than 5xx: every request the suite sends has a defined outcome',
      received: `status ${status} with body ${show(body, 300)}`,
      specPointer: documented?.pointer ?? `${operation.pointer}/responses`,
      location: 'status',
    },
  ];
}
