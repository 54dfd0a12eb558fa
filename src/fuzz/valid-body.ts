import fc from 'fast-check';
import { parseCharClassPattern } from '../contract/keywords/char-class';
import { objectShape, primaryType, typesOf, type JsonSchema } from '../contract';
import { emailAddress } from './email';
import { classCharacter, unicodeString } from './strings';

export type Body = Record<string, unknown>;

/** What the generator must not invent, and where the run's label goes. */
export interface BodyPlan {
  /** Fields whose values the tenant decides (ids of its accounts, events): from the configuration. */
  readonly tenantValues: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  /**
   * The string field that carries the run's label: generated as a suffix of characters its pattern
   * admits, then prefixed with a fresh labelled id when sent (`materialize`), so every create is
   * recognisable and unique however far shrinking goes.
   */
  readonly labelField: string;
  /** Fields pinned for safety, e.g. `is_public: false` on a remote tenant without opt-in. */
  readonly pinned?: Readonly<Record<string, unknown>>;
}

/** Length of a labelled value the suite keeps within MUST: Laravel's default indexed string column. */
export const LABELLED_MUST_MAX = 191;
/** How long a labelled value may grow in the few probes past that (a warning at most when rejected). */
export const LABELLED_PROBE_MAX = 400;
/** Room left for a run's prefix, `mbct-<run id up to 40>-w<n>-<counter>-`. */
const LABEL_PREFIX_ROOM = 64;
/** Where the schema sets no maxLength, generated strings stay under this. */
const UNBOUNDED_STRING_MAX = 300;
const UNBOUNDED_ARRAY_MAX = 8;

/** Bodies valid under the request schema, with every value the tenant decides taken from the plan. */
export function validBody(root: JsonSchema, plan: BodyPlan): fc.Arbitrary<Body> {
  return objectArbitrary(root, plan, true) as fc.Arbitrary<Body>;
}

/** The body as sent: the label field gets the fresh labelled prefix in front of its generated suffix. */
export function materialize(body: Readonly<Body>, plan: BodyPlan, prefix: string): Body {
  const out = structuredClone(body) as Body;
  const suffix = out[plan.labelField];
  if (typeof suffix === 'string') out[plan.labelField] = suffix === '' ? prefix : `${prefix}-${suffix}`;
  return out;
}

function objectArbitrary(schema: JsonSchema, plan: BodyPlan, atRoot: boolean): fc.Arbitrary<unknown> {
  const shape = objectShape(schema);
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const [name, property] of shape.properties) {
    const decided = atRoot ? plan.tenantValues[name] : undefined;
    const pins = atRoot ? plan.pinned : undefined;
    const pinned = pins !== undefined && Object.hasOwn(pins, name);
    fields[name] = pinned
      ? fc.constant(pins[name])
      : (decided ??
        (atRoot && name === plan.labelField ? labelSuffix(property) : valueArbitrary(property, plan)));
    if (shape.required.has(name) || pinned) required.push(name);
  }
  return fc.record(fields, { requiredKeys: required });
}

/** Valid values of one schema node (nullable ones sometimes null). */
export function valueArbitrary(schema: JsonSchema, plan: BodyPlan): fc.Arbitrary<unknown> {
  const value = nonNullArbitrary(schema, plan);
  return typesOf(schema).includes('null') ? fc.option(value, { nil: null, freq: 4 }) : value;
}

function nonNullArbitrary(schema: JsonSchema, plan: BodyPlan): fc.Arbitrary<unknown> {
  switch (primaryType(schema)) {
    case 'object':
      return objectArbitrary(schema, plan, false);
    case 'array':
      return arrayArbitrary(schema, plan);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer();
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'string':
      return stringArbitrary(schema);
    default:
      throw new Error(`No generator for a schema of type ${String(schema.type)}`);
  }
}

function arrayArbitrary(schema: JsonSchema, plan: BodyPlan): fc.Arbitrary<unknown[]> {
  const items = schema.items as JsonSchema;
  const maxLength = typeof schema.maxItems === 'number' ? schema.maxItems : UNBOUNDED_ARRAY_MAX;
  const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
  // Items with an e-mail are kept distinct by it: a tenant may keep one attendee per address, and the spec
  // says nothing either way, so a duplicate is not a value the suite may insist on.
  return itemsArbitrary(items, plan, minLength, maxLength);
}

export function itemsArbitrary(
  items: JsonSchema,
  plan: BodyPlan,
  minLength: number,
  maxLength: number,
): fc.Arbitrary<unknown[]> {
  const emailField = [...objectShape(items).properties].find(([, p]) => p.format === 'email')?.[0];
  const selector = (item: unknown) =>
    emailField && item && typeof item === 'object'
      ? String((item as Body)[emailField]).toLowerCase()
      : JSON.stringify(item);
  return fc.uniqueArray(valueArbitrary(items, plan), { minLength, maxLength, selector });
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : UNBOUNDED_STRING_MAX;
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  if (schema.format === 'email') return emailAddress.filter((address) => address.length <= maxLength);
  if (typeof schema.pattern === 'string') {
    const parsed = parseCharClassPattern(schema.pattern);
    if (!parsed) throw new Error(`No generator for the pattern ${schema.pattern}`);
    return fc
      .array(classCharacter(parsed), { minLength: Math.max(1, minLength), maxLength })
      .map((chars) => chars.join(''));
  }
  if (schema.format !== undefined)
    throw new Error(`No generator for format ${JSON.stringify(schema.format)}`);
  return unicodeString(minLength, maxLength);
}

/** The generated part of the label field: usually within 191 in all, sometimes well past it. */
function labelSuffix(schema: JsonSchema): fc.Arbitrary<string> {
  const parsed = typeof schema.pattern === 'string' ? parseCharClassPattern(schema.pattern) : undefined;
  if (!parsed) throw new Error('The label field needs a character-class pattern');
  const chars = (maxLength: number, size: fc.SizeForArbitrary) =>
    fc.array(classCharacter(parsed), { maxLength, size }).map((list) => list.join(''));
  return fc.oneof(
    { arbitrary: chars(LABELLED_MUST_MAX - LABEL_PREFIX_ROOM, 'small'), weight: 8 },
    { arbitrary: chars(LABELLED_MUST_MAX - LABEL_PREFIX_ROOM, 'max'), weight: 3 },
    { arbitrary: chars(LABELLED_PROBE_MAX - LABEL_PREFIX_ROOM, 'max'), weight: 1 },
  );
}
