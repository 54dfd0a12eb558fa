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
  | 'server_error_conformance'
  /** Judged over the whole run by the report (src/report/response-time.ts), never on one exchange. */
  | 'response_time_budget';

/**
 * One way an exchange departs from the spec, as data a matcher or reporter can use without parsing text.
 * Complete where it is made: the check that finds it names the requirement it violates and that
 * requirement's level (a MUST fails the verdict, a SHOULD warns), so no later layer has to guess.
 */
export interface ContractFailure {
  readonly check: ContractCheckId;
  /** The catalogue id of the requirement this violates (see requirements.ts). */
  readonly requirement: string;
  readonly level: Level;
  /**
   * What is wrong, in words that stay the same from run to run (no value sent or received, no seed): with
   * the requirement and the place, the identity of the defect, so its occurrences are one problem and the
   * same defect keeps its fingerprint every night. `status 201`, `accepted`, `type`, `changed`.
   */
  readonly defect: string;
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

/**
 * What a check evaluated on one exchange, beside what it found: `verified` lists every requirement it
 * judged, held or not, so "verified" is reported by the code that did the judging (as openapi-backend's
 * ValidationResult), never reconstructed from ids. An empty `failures` means the exchange conforms.
 */
export interface CheckResult {
  readonly failures: readonly ContractFailure[];
  readonly verified: readonly string[];
}

export const NOTHING_CHECKED: CheckResult = { failures: [], verified: [] };

/** Several checks of one exchange as one result. */
export function combineResults(...results: readonly CheckResult[]): CheckResult {
  return {
    failures: results.flatMap((result) => result.failures),
    verified: [...new Set(results.flatMap((result) => result.verified))],
  };
}

/**
 * The identity of a defect: its requirement, its place (array indices folded, so the same defect in every
 * attendee is one) and what is wrong. Failures with one key are one problem; its fingerprint is derived
 * from it, so it must not hold anything that varies from run to run.
 */
export function problemKey(failure: Pick<ContractFailure, 'requirement' | 'location' | 'defect'>): string {
  return [failure.requirement, normalLocation(failure.location), failure.defect].join(' · ');
}

/** `body/errors/online_conference_attendees.3.email/0` → `body/errors/online_conference_attendees.[].email/[]`. */
export function normalLocation(location: string): string {
  return location.replace(/([/.])\d+(?=[/.]|$)/g, '$1[]');
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
