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
  type ToleratedOutcome,
} from '../contract';
import { KEYWORDS, type CaseDraft, type Keyword, type KeywordSite } from '../contract/keywords';
import { classSample, parseCharClassPattern } from '../contract/keywords/char-class';
import { emailSample } from '../contract/keywords/values';

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
  /** A rejected case a correct tenant may accept with a warning: the convention, and when. */
  readonly tolerated?: readonly ToleratedOutcome[];
  /**
   * Pure: the case's body from a fresh valid body (required fields only, labelled, fresh ids). `known`:
   * valid values of top-level fields the base leaves out (the configured backer event), so a wrong-type
   * value is that value's string, which an existence check cannot reject for the wrong reason.
   */
  build(base: Readonly<Body>, known?: Readonly<Body>): Body;
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
/**
 * Every case the request schema of `operation` implies, at any depth: accepted values at each boundary and
 * rejected values just past it, from each keyword's own cases (src/contract/keywords). Deterministic: ids,
 * descriptions and pointers depend on the spec alone, so they are known at collection time, while `build`
 * keeps each run's values fresh.
 *
 * Footprint: a rejected case creates nothing on a correct tenant; each accepted case creates one conference
 * (11 for the current spec), kept apart so a failure points at one boundary. Only what is naturally one value
 * is combined: all classes of a pattern share one public_id.
 */
export function deriveBoundaryCases(
  operation: OperationContract,
  keywords: readonly Keyword[] = KEYWORDS,
): BoundaryCase[] {
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
  visitObject(root, { steps: [], schemas: [], id: '' }, cases, keywords);
  return cases;
}

function visitObject(
  schema: JsonSchema,
  at: Location,
  cases: BoundaryCase[],
  keywords: readonly Keyword[],
): void {
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
    const requiredPointer = requiredAt.get(name) ?? `${shape.pointer}/required`;
    const site = siteOf(here, property, { required: shape.required.has(name), requiredPointer });
    addCases(
      keywords.filter((keyword) => keyword.at === 'property'),
      site,
      here,
      schema,
      cases,
    );
    visitValue(property, here, schema, cases, keywords);
  }
}

function visitValue(
  schema: JsonSchema,
  at: Location,
  parent: JsonSchema,
  cases: BoundaryCase[],
  keywords: readonly Keyword[],
): void {
  const valueKeywords = keywords.filter((keyword) => keyword.at === 'value');
  addCases(valueKeywords, siteOf(at, schema), at, parent, cases);
  if (schema.items) {
    const items = schema.items as JsonSchema;
    const inner: Location = {
      steps: [...at.steps, 0],
      schemas: [...at.schemas, items],
      id: `${at.id}.items`,
    };
    visitValue(items, inner, schema, cases, keywords);
  }
  if (typesOf(schema).includes('object')) visitObject(schema, at, cases, keywords);
}

function siteOf(at: Location, node: JsonSchema, property?: KeywordSite['property']): KeywordSite {
  return { id: at.id, field: fieldOf(at), node, ...(property ? { property } : {}), sample };
}

/** Each keyword's drafts at one place, made into cases: id, requirement, what they verify, their body. */
function addCases(
  keywords: readonly Keyword[],
  site: KeywordSite,
  at: Location,
  parent: JsonSchema,
  cases: BoundaryCase[],
): void {
  for (const keyword of keywords) {
    for (const draft of keyword.cases(site)) cases.push(caseOf(draft, site, at, parent));
  }
}

function caseOf(draft: CaseDraft, site: KeywordSite, at: Location, parent: JsonSchema): BoundaryCase {
  // Accepted at a boundary or rejected past it, the case is about that keyword: a wrong answer violates it.
  const requirement = draft.acceptsValidOnly ? ACCEPTS_VALID : requirementAt(at, draft.keyword);
  const { change } = draft;
  return {
    id: `${site.id}.${draft.variant}`,
    description: draft.description,
    specPointer: draft.specPointer,
    expected: draft.outcome === 'accepted' ? { status: 200 } : { status: 400, field: site.field },
    requirement,
    verifies: draft.outcome === 'rejected' ? [requirement] : [...new Set([ACCEPTS_VALID, requirement])],
    ...(draft.tolerated
      ? {
          tolerated: [
            {
              status: '2XX' as const,
              requirement: draft.tolerated.requirement,
              why: draft.tolerated.why,
              ...(draft.tolerated.ifTrimmed ? { ifTrimmed: site.field } : {}),
            },
          ],
        }
      : {}),
    build: (base, known = {}) =>
      'remove' in change
        ? edit(base, at, parent, { remove: true, fillSiblings: change.fillSiblings === true })
        : edit(base, at, parent, {
            value: (current) =>
              change.value(current ?? (at.steps.length === 1 ? known[String(at.steps[0])] : undefined)),
          }),
  };
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
