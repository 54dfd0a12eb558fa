import { boundedJson } from '../safety/bounds';
import type { Level } from './requirements';

export type ContractCheckId =
  | 'status_code_conformance'
  | 'content_type_conformance'
  | 'response_schema_conformance'
  | 'response_headers_conformance'
  | 'expected_outcome'
  | 'error_names_field'
  | 'echo_conformance'
  | 'server_fields_plausibility'
  | 'no_server_error';

/** One way a response departs from the spec, as data a matcher or reporter can use without parsing text. */
export interface ContractFailure {
  readonly check: ContractCheckId;
  /** The catalogue id of the requirement this violates (see requirements.ts); its level decides failure vs warning. */
  readonly requirement?: string;
  readonly level?: Level;
  readonly title: string;
  readonly expected: string;
  readonly received: string;
  /** What the spec allows at that spot: the schema fragment or the documented values. */
  readonly allowed?: unknown;
  /** JSON pointer into openapi.yaml. */
  readonly specPointer: string;
  /** Where in the response: "status", "header content-type", "body/data/created_at". */
  readonly location: string;
}

export function formatFailure(failure: ContractFailure): string {
  // One line per field: a tenant's key in a location must not start a line of its own ("93 passed").
  const lines = [
    `${oneLine(failure.title)} [${failure.check}]`,
    `  at ${oneLine(failure.location)}`,
    `Expected: ${oneLine(failure.expected)}`,
    `Received: ${oneLine(failure.received)}`,
  ];
  if (failure.allowed !== undefined) lines.push(`Spec allows: ${describeAllowed(failure.allowed)}`);
  lines.push(`Spec location: openapi.yaml${failure.specPointer}`);
  return lines.join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\\n');
}

/** A schema fragment, trimmed where it is built; bounded all the same, like everything shown. */
const MAX_ALLOWED = 2000;

function describeAllowed(allowed: unknown): string {
  if (typeof allowed === 'string') return allowed;
  // The suite's own bookkeeping keyword is no part of what the spec allows.
  const { text, complete } = boundedJson(allowed, MAX_ALLOWED, { omitKey: (key) => key === 'x-oas-pointer' });
  return complete ? text : `${text.slice(0, MAX_ALLOWED)}… (cut)`;
}

/**
 * A received value shown in a message: JSON-quoted and cut to a readable length. Bounded in depth and size
 * before anything is serialised: a body nested a million arrays deep is shown as its first characters.
 */
export function show(value: unknown, max = 200): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') {
    // Quoted only as far as it is shown: a 5 MB body is not escaped whole to show 200 characters of it.
    const text = JSON.stringify(value.length > max ? value.slice(0, max) : value);
    return text.length > max ? `${text.slice(0, max)}… (${value.length} characters)` : text;
  }
  const { text, complete } = boundedJson(value, max);
  return complete && text.length <= max ? text : `${text.slice(0, max)}… (cut)`;
}

/** Object keys a tenant sent, quoted: the first `max` of them and how many there were in all. */
export function showKeys(keys: readonly string[], max = 20): string {
  const shown = keys.slice(0, max).map((key) => show(key, 80));
  return keys.length > max ? `${shown.join(', ')} and ${keys.length - max} more` : shown.join(', ');
}
