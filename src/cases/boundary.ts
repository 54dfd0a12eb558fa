import {
  jsonRequestSchema,
  objectShape,
  pointerOf,
  POINTER_KEYWORD,
  primaryType,
  requiredPointers,
  typesOf,
  type JsonSchema,
  type OperationContract,
} from '../contract';
import { admitsAsciiDigits, admitsAsciiLetters, classSample, parseCharClassPattern } from './pattern';
import {
  asciiStringOfLength,
  emailOfLength,
  emailSample,
  INVALID_EMAILS,
  mixedStringOfLength,
  RFC5321_MAX_ADDRESS,
} from './values';

export type Body = Record<string, unknown>;

/** What a case expects, the part of the contract core's `ExpectedOutcome` a case decides itself. */
export type CaseOutcome =
  | { readonly status: 200 }
  /** `field`: the path an `errors` key must equal or start with (followed by "."). */
  | { readonly status: 400; readonly field: string };

/** One request derived from one constraint of the spec, with one violation at most. */
export interface BoundaryCase {
  /** Stable across runs, e.g. `title.maxLength.over`; also the test's check id. */
  readonly id: string;
  readonly description: string;
  /** JSON pointer into openapi.yaml of the keyword the case proves. */
  readonly specPointer: string;
  readonly expected: CaseOutcome;
  /**
   * The requirement a wrong outcome violates: `request.<path>.<keyword>` for a rejected case (MUST: a body
   * that breaks it is rejected with 400), `request.accepts-valid` for an accepted one.
   */
  readonly requirement: string;
  /** Every requirement the case verifies (an accepted case at a boundary also verifies that keyword). */
  readonly verifies: readonly string[];
  /** Pure: the case's body from a fresh valid body (required fields only, labelled, fresh ids). */
  build(base: Readonly<Body>): Body;
}

/** A place in the body: property names and, for array items, index 0. */
type Step = string | number;

interface Location {
  readonly steps: readonly Step[];
  /** The schema of the value at each step. */
  readonly schemas: readonly JsonSchema[];
  /** `title`, `online_conference_attendees.items.email`: how ids name the place. */
  readonly id: string;
}

const ROOT_ID = 'body';
const ACCEPTS_VALID = 'request.accepts-valid';

/** `request.online_conference_attendees[].email.format`: the catalogue id of a keyword at a place. */
function requirementAt(at: Location, keyword: string): string {
  const path = at.steps.map((step) => (typeof step === 'number' ? '[]' : `.${step}`)).join('');
  return `request${path}.${keyword}`;
}
/** JSON value kinds a wrong-type case is sent as, beside `null`, which has its own case. */
const TYPE_FAMILIES = ['string', 'number', 'boolean', 'object', 'array'] as const;
type Family = (typeof TYPE_FAMILIES)[number];

/**
 * Every case the request schema of `operation` implies, at any depth: accepted values at each boundary and
 * rejected values just past it. Deterministic: ids, descriptions and pointers depend on the spec alone, so
 * they are known at collection time, while `build` keeps each run's values fresh.
 *
 * Footprint: a rejected case creates nothing on a correct tenant; each accepted case creates one conference
 * (11 for the current spec), kept apart so a failure points at one boundary. Only what is naturally one value
 * is combined: all classes of a pattern share one public_id.
 */
export function deriveBoundaryCases(operation: OperationContract): BoundaryCase[] {
  const root = jsonRequestSchema(operation).schema;
  const cases: BoundaryCase[] = [
    {
      id: `${ROOT_ID}.minimal`,
      description: 'a body with the required writable fields only is accepted',
      specPointer: pointerOf(root),
      expected: { status: 200 },
      requirement: ACCEPTS_VALID,
      verifies: [ACCEPTS_VALID],
      build: (base) => structuredClone(base),
    },
  ];
  visitObject(root, { steps: [], schemas: [], id: '' }, cases);
  return cases;
}

function visitObject(schema: JsonSchema, at: Location, cases: BoundaryCase[]): void {
  const shape = objectShape(schema);
  const requiredAt = requiredPointers(schema);
  for (const [name, property] of shape.properties) {
    if (property[POINTER_KEYWORD] === undefined) {
      throw new Error(
        `${at.id || ROOT_ID}.${name} is declared in several allOf parts; cases cannot say which`,
      );
    }
    const here: Location = {
      steps: [...at.steps, name],
      schemas: [...at.schemas, property],
      id: at.id ? `${at.id}.${name}` : name,
    };
    const field = fieldOf(here);
    if (shape.required.has(name)) {
      cases.push({
        id: `${here.id}.required.missing`,
        description: `a body without the required ${field} is rejected`,
        specPointer: requiredAt.get(name) ?? `${shape.pointer}/required`,
        expected: { status: 400, field },
        requirement: requirementAt(here, 'required'),
        verifies: [requirementAt(here, 'required')],
        build: (base) => edit(base, here, schema, { remove: true }),
      });
    } else {
      cases.push({
        id: `${here.id}.optional.omitted`,
        description: `a body with every optional field but ${field} is accepted`,
        specPointer: pointerOf(property),
        expected: { status: 200 },
        requirement: ACCEPTS_VALID,
        verifies: [ACCEPTS_VALID],
        build: (base) => edit(base, here, schema, { remove: true, fillSiblings: true }),
      });
    }
    visitValue(property, here, schema, cases);
  }
}

function visitValue(schema: JsonSchema, at: Location, parent: JsonSchema, cases: BoundaryCase[]): void {
  const pointer = pointerOf(schema);
  const field = fieldOf(at);
  const types = typesOf(schema);
  const type = primaryType(schema);
  const add =
    (expected: BoundaryCase['expected']) =>
    (variant: string, keyword: string, description: string, value: (current: unknown) => unknown) =>
      cases.push({
        id: `${at.id}.${variant}`,
        description,
        specPointer: `${pointer}/${keyword}`,
        expected,
        // Accepted at a boundary or rejected past it, the case is about that keyword: a wrong answer violates it.
        requirement: requirementAt(at, keyword),
        verifies:
          expected.status === 400
            ? [requirementAt(at, keyword)]
            : [ACCEPTS_VALID, requirementAt(at, keyword)],
        build: (base) => edit(base, at, parent, { value }),
      });
  const accept = add({ status: 200 });
  const reject = add({ status: 400, field });

  if (types.includes('null'))
    accept('nullable.null', 'nullable', `${field} null is accepted (nullable)`, () => null);
  else reject('type.null', 'type', `${field} null is rejected (not nullable)`, () => null);
  for (const family of TYPE_FAMILIES) {
    if (admits(types, family)) continue;
    const what = family === 'number' && type === 'integer' ? 'a fraction' : `a JSON ${family}`;
    reject(`type.${family}`, 'type', `${field} as ${what} is rejected (type ${type})`, (current) =>
      wrongTypeValue(family, schema, current),
    );
  }

  if (typeof schema.maxLength === 'number') lengthCases(schema.maxLength, schema, field, accept, reject);
  if (typeof schema.pattern === 'string') patternCases(schema.pattern, field, accept, reject);
  if (typeof schema.format === 'string') formatCases(schema.format, field, reject);

  if (typeof schema.maxItems === 'number' && schema.items) {
    const max = schema.maxItems;
    const items = schema.items as JsonSchema;
    const list = (count: number) => () => Array.from({ length: count }, (_, i) => sample(items, i));
    accept(
      'maxItems.exact',
      'maxItems',
      `${field} with exactly ${max} items (maxItems) is accepted`,
      list(max),
    );
    reject(
      'maxItems.over',
      'maxItems',
      `${field} with ${max + 1} items, one past maxItems, is rejected`,
      list(max + 1),
    );
  }
  if (schema.items) {
    const items = schema.items as JsonSchema;
    const inner: Location = {
      steps: [...at.steps, 0],
      schemas: [...at.schemas, items],
      id: `${at.id}.items`,
    };
    visitValue(items, inner, schema, cases);
  }
  if (types.includes('object')) visitObject(schema, at, cases);
}

type Register = (
  variant: string,
  keyword: string,
  description: string,
  value: (current: unknown) => unknown,
) => void;

function lengthCases(
  max: number,
  schema: JsonSchema,
  field: string,
  accept: Register,
  reject: Register,
): void {
  if (schema.format === 'email') {
    // RFC 5321 as a whole: the accepted case stays within 254 even where maxLength allows more, nothing is
    // asserted between 254 and maxLength (the spec and the RFC disagree there), one past maxLength is rejected.
    const accepted = Math.min(max, RFC5321_MAX_ADDRESS);
    const exact = emailOfLength(accepted);
    if (exact) {
      accept(
        accepted === max ? 'maxLength.exact' : 'maxLength.rfc5321',
        'maxLength',
        accepted === max
          ? `${field}: a valid address of exactly ${max} characters (local part 64, labels ≤ 63) is accepted`
          : `${field}: a valid address of ${accepted} characters, the RFC 5321 limit within maxLength ${max}, is accepted`,
        () => exact,
      );
    }
    const over = emailOfLength(max + 1);
    if (over) {
      reject(
        'maxLength.over',
        'maxLength',
        `${field}: a well-formed address of ${max + 1} ASCII characters, one past maxLength, is rejected`,
        () => over,
      );
    }
    return;
  }
  const prefix = (current: unknown) => (typeof current === 'string' ? current : 'Conformance test value');
  accept(
    'maxLength.exact',
    'maxLength',
    `${field} of exactly ${max} code points, with 2-byte, 3-byte and astral characters, is accepted`,
    (current) => mixedStringOfLength(prefix(current), max),
  );
  reject(
    'maxLength.over',
    'maxLength',
    `${field} of ${max + 1} ASCII characters, one past maxLength under every way of counting, is rejected`,
    (current) => asciiStringOfLength(prefix(current), max + 1),
  );
}

function patternCases(source: string, field: string, accept: Register, reject: Register): void {
  const parsed = parseCharClassPattern(source);
  if (!parsed) return;
  const regex = new RegExp(source, 'u');
  const fresh = (current: unknown) => (typeof current === 'string' && regex.test(current) ? current : '');
  const classes = classSample(parsed);
  // One create covers every class: each class is one character of one value, and a rejection shows the
  // value whole, so separate creates would add conferences without adding diagnosis.
  accept(
    'pattern.classes',
    'pattern',
    `${field} using every character class of ${source} ("${classes}") is accepted`,
    (current) => `${fresh(current)}${classes}`,
  );
  const outside: { variant: string; what: string; value: (current: string) => string }[] = [
    { variant: 'pattern.empty', what: 'empty', value: () => '' },
    { variant: 'pattern.space', what: 'with a space', value: (current) => `${current || 'x'} x` },
  ];
  const punctuation = ['.', '!', '/', '+', '@', '#'].find((char) => !regex.test(char));
  if (punctuation) {
    outside.push({
      variant: 'pattern.punctuation',
      what: `with "${punctuation}"`,
      value: (current) => `${current || 'x'}${punctuation}x`,
    });
  }
  if (admitsAsciiLetters(parsed)) {
    outside.push({ variant: 'pattern.non-ascii-letter', what: 'with "é"', value: (c) => `${c || 'x'}é` });
  }
  if (admitsAsciiDigits(parsed)) {
    outside.push({
      variant: 'pattern.non-ascii-digit',
      what: 'with "٣" (Arabic-Indic 3)',
      value: (c) => `${c || 'x'}٣`,
    });
  }
  for (const { variant, what, value } of outside) {
    if (regex.test(value('x'))) continue;
    reject(variant, 'pattern', `${field} ${what}, outside ${source}, is rejected`, (current) =>
      value(fresh(current)),
    );
  }
}

/** Past the range of the integer formats under every reading: beyond what a double can confuse. */
const INTEGER_RANGES: Record<string, { min: number; max: number }> = {
  int64: { min: -(2 ** 63) - 2048, max: 2 ** 63 + 2048 },
  int32: { min: -(2 ** 31) - 1, max: 2 ** 31 },
};

function formatCases(format: string, field: string, reject: Register): void {
  if (format === 'email') {
    for (const invalid of INVALID_EMAILS) {
      reject(
        `format.invalid.${invalid.variant}`,
        'format',
        `${field} with ${invalid.what} is rejected (format email)`,
        () => invalid.value,
      );
    }
  }
  const range = INTEGER_RANGES[format];
  if (range) {
    reject(
      'format.over',
      'format',
      `${field} ${range.max}, above the ${format} range, is rejected`,
      () => range.max,
    );
    reject(
      'format.under',
      'format',
      `${field} ${range.min}, below the ${format} range, is rejected`,
      () => range.min,
    );
  }
}

function admits(types: readonly string[], family: Family): boolean {
  if (family === 'number') return types.includes('number');
  return types.includes(family);
}

/** A value of the wrong JSON type, close to a valid one where that tempts a lenient tenant to coerce it. */
function wrongTypeValue(family: Family, schema: JsonSchema, current: unknown): unknown {
  const type = primaryType(schema);
  const valid = current ?? sample(schema, 0);
  switch (family) {
    case 'string':
      return type === 'integer' || type === 'number'
        ? String(typeof valid === 'number' ? valid : 1)
        : type === 'boolean'
          ? 'true'
          : 'conformance';
    case 'number':
      return type === 'integer' ? (typeof valid === 'number' ? valid : 1) + 0.5 : 1;
    case 'boolean':
      return true;
    case 'object':
      return type === 'array' && schema.items ? sample(schema.items as JsonSchema, 0) : {};
    case 'array':
      return valid === null || valid === undefined ? [] : [valid];
  }
}

/** A valid value for a schema; null for a nullable number, whose valid values may have to exist elsewhere. */
function sample(schema: JsonSchema, index: number): unknown {
  const types = typesOf(schema);
  const type = primaryType(schema);
  if (type === undefined) return null;
  if (types.includes('null') && (type === 'integer' || type === 'number')) return null;
  switch (type) {
    case 'object': {
      const out: Body = {};
      for (const [name, property] of objectShape(schema).properties) out[name] = sample(property, index);
      return out;
    }
    case 'array':
      return schema.items ? [sample(schema.items as JsonSchema, index)] : [];
    case 'string': {
      if (schema.format === 'email') return emailSample(index);
      const parsed = typeof schema.pattern === 'string' ? parseCharClassPattern(schema.pattern) : undefined;
      const text = parsed ? classSample(parsed) : `Conformance Attendee ${index + 1}`;
      return typeof schema.maxLength === 'number' ? [...text].slice(0, schema.maxLength).join('') : text;
    }
    case 'boolean':
      return false;
    default:
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
  }
}

/**
 * The body for a case: `base`, with valid containers created down to the location, then the value there
 * replaced or removed; `fillSiblings` first gives every optional sibling a valid value.
 */
function edit(
  base: Readonly<Body>,
  at: Location,
  parent: JsonSchema,
  change: { value?: (current: unknown) => unknown; remove?: boolean; fillSiblings?: boolean },
): Body {
  const body = structuredClone(base) as Body;
  let container: Record<string | number, unknown> = body;
  for (let i = 0; i < at.steps.length - 1; i++) {
    const step = at.steps[i]!;
    if (container[step] === undefined || container[step] === null)
      container[step] = sample(at.schemas[i]!, 0);
    container = container[step] as Record<string | number, unknown>;
  }
  const last = at.steps.at(-1)!;
  if (change.fillSiblings) {
    for (const [name, property] of objectShape(parent).properties) {
      if (!Object.hasOwn(container, name)) container[name] = sample(property, 0);
    }
  }
  if (change.remove) delete container[last];
  else if (change.value) container[last] = change.value(container[last]);
  return body;
}

/** `online_conference_attendees.0.email`: the path a tenant's `errors` key names (Laravel style). */
function fieldOf(at: Location): string {
  return at.steps.join('.');
}
