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
  | 'server_error_conformance';

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

function describeAllowed(allowed: unknown): string {
  return typeof allowed === 'string' ? allowed : JSON.stringify(allowed, stripAnnotations);
}

/** Hides the suite's own bookkeeping keyword from schema fragments shown to people. */
export function stripAnnotations(key: string, value: unknown): unknown {
  return key === 'x-oas-pointer' ? undefined : value;
}

/** A received value shown in a message: JSON-quoted and cut to a readable length. */
export function show(value: unknown, max = 200): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}
