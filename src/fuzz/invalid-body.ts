import fc from 'fast-check';
import { emailOfLength } from '../cases/values';
import { parseCharClassPattern } from '../cases/pattern';
import { objectShape, pointerOf, primaryType, requiredPointers, typesOf, type JsonSchema } from '../contract';
import { EMAIL_DEFECTS, emailAddress } from './email';
import { anyCharacter, outsideClass } from './strings';
import { itemsArbitrary, validBody, type Body, type BodyPlan } from './valid-body';

/** The one constraint a generated body breaks, named as the requirement catalogue names it. */
export interface Violation {
  /** `request.online_conference_attendees[].email.format` */
  readonly requirement: string;
  /** The JSON Schema keyword, as Ajv reports it. */
  readonly keyword: 'required' | 'type' | 'maxLength' | 'pattern' | 'format' | 'maxItems';
  /** JSON pointer of the value Ajv reports the error at (for `required`, the object missing the field). */
  readonly instancePath: string;
  /** The field a 400's `errors` should name, Laravel style: `online_conference_attendees.2.email`. */
  readonly field: string;
  readonly specPointer: string;
  readonly description: string;
}

export interface InvalidBody {
  readonly body: Body;
  readonly violation: Violation;
}

type Step = string | number;

interface Site {
  readonly steps: readonly Step[];
  readonly keyword: Violation['keyword'];
  readonly specPointer: string;
  /** The change: a new value, or removal; and what it is, in a few words. */
  readonly change: fc.Arbitrary<{ value?: unknown; remove?: true; what: string }>;
}

/**
 * Valid bodies with exactly one constraint broken, at a place drawn from every constraint the body
 * reaches: any required field, the type of any value, any string's maxLength, pattern or format, any
 * array's maxItems, at the root or inside any attendee. Only changes no common framework coerces back
 * into a valid value (`"1"` for an integer, `{}` for an array are left to the boundary cases).
 * Always private: a tenant that wrongly accepts one must not publish it.
 */
export function invalidBody(root: JsonSchema, plan: BodyPlan): fc.Arbitrary<InvalidBody> {
  const privatePlan: BodyPlan = { ...plan, pinned: { ...plan.pinned, is_public: false } };
  return validBody(root, privatePlan).chain((body) => {
    const sites = sitesOf(root, body, [], privatePlan);
    // The kind of constraint first, then one of its places: a body has a dozen type sites for one
    // format site, and a uniform draw over places would almost never break an e-mail address.
    const keywords = [...new Set(sites.map((site) => site.keyword))];
    return fc
      .constantFrom(...keywords)
      .chain((keyword) => fc.constantFrom(...sites.filter((site) => site.keyword === keyword)))
      .chain((site) => site.change.map((change) => ({ site, change })))
      .map(({ site, change }) => ({
        body: apply(body, site.steps, change),
        violation: describe(site, change.what),
      }));
  });
}

function sitesOf(schema: JsonSchema, value: unknown, steps: readonly Step[], plan: BodyPlan): Site[] {
  const sites: Site[] = [];
  if (steps.length > 0) sites.push(...valueSites(schema, value, steps, plan));
  const shape = objectShape(schema);
  if (shape.properties.size > 0 && value && typeof value === 'object' && !Array.isArray(value)) {
    const requiredAt = requiredPointers(schema);
    for (const [name, property] of shape.properties) {
      if (!Object.hasOwn(value, name)) continue;
      const here = [...steps, name];
      if (shape.required.has(name)) {
        sites.push({
          steps: here,
          keyword: 'required',
          specPointer: requiredAt.get(name) ?? `${shape.pointer}/required`,
          change: fc.constant({ remove: true as const, what: 'left out' }),
        });
      }
      sites.push(...sitesOf(property, (value as Body)[name], here, plan));
    }
  }
  if (primaryType(schema) === 'array' && Array.isArray(value) && schema.items) {
    value.forEach((item, index) =>
      sites.push(...sitesOf(schema.items as JsonSchema, item, [...steps, index], plan)),
    );
  }
  return sites;
}

function valueSites(schema: JsonSchema, value: unknown, steps: readonly Step[], plan: BodyPlan): Site[] {
  const at = (keyword: Violation['keyword'], change: Site['change']): Site => ({
    steps,
    keyword,
    specPointer: `${pointerOf(schema)}/${keyword}`,
    change,
  });
  const sites = [at('type', wrongType(schema))];
  if (typeof value === 'string' && typeof schema.maxLength === 'number') {
    const max = schema.maxLength;
    sites.push(
      at(
        'maxLength',
        schema.format === 'email'
          ? fc.integer({ min: max + 1, max: max + 20 }).map((length) => ({
              value: emailOfLength(length),
              what: `a well-formed address of ${length} characters`,
            }))
          : fc.array(anyCharacter, { minLength: max + 1, maxLength: max + 20 }).map((chars) => {
              // Too long under every reading: a tenant that trims before it validates (Laravel's default)
              // must still see more than max, so the ends are never whitespace a trim could remove.
              const value = `x${chars.slice(1, -1).join('')}x`;
              return { value, what: `${chars.length} code points` };
            }),
      ),
    );
  }
  const pattern = typeof schema.pattern === 'string' ? parseCharClassPattern(schema.pattern) : undefined;
  if (typeof value === 'string' && pattern) {
    sites.push(
      at(
        'pattern',
        fc.tuple(outsideClass(pattern), fc.double({ min: 0, max: 1, noNaN: true })).map(([char, where]) => {
          const chars = [...value];
          chars.splice(Math.floor(where * (chars.length + 1)), 0, char);
          return { value: chars.join(''), what: `with ${JSON.stringify(char)} outside the pattern` };
        }),
      ),
    );
  }
  if (typeof value === 'string' && schema.format === 'email') {
    const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
    const defects = Object.keys(EMAIL_DEFECTS) as (keyof typeof EMAIL_DEFECTS)[];
    sites.push(
      at(
        'format',
        fc
          .tuple(emailAddress, fc.constantFrom(...defects), fc.double({ min: 0, max: 1, noNaN: true }))
          .map(([address, defect, where]) => ({
            value: EMAIL_DEFECTS[defect](address, where),
            what: `not an address (${defect})`,
          }))
          .filter((change) => change.value.length <= max),
      ),
    );
  }
  if (Array.isArray(value) && typeof schema.maxItems === 'number' && schema.items) {
    const max = schema.maxItems;
    sites.push(
      at(
        'maxItems',
        itemsArbitrary(schema.items as JsonSchema, plan, max + 1, max + 3).map((items) => ({
          value: items,
          what: `${items.length} items`,
        })),
      ),
    );
  }
  return sites;
}

const COERCED_WORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'null']);
const word = fc
  .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 12 })
  .filter((text) => !COERCED_WORDS.has(text));

/**
 * Values of another JSON type that no common framework coerces into the right one: PHP's filter_var
 * takes `true` for 1, Laravel's `boolean` takes 0, 1, "0" and "1", its `array` takes any JSON object.
 */
function wrongType(schema: JsonSchema): Site['change'] {
  const type = primaryType(schema);
  const others: fc.Arbitrary<unknown>[] = [];
  switch (type) {
    case 'string':
      others.push(fc.integer(), fc.boolean(), fc.constant({}), fc.array(fc.integer(), { maxLength: 2 }));
      break;
    case 'integer':
    case 'number':
      // Not a fraction: 1.5 breaks `type: integer` and the int64 format at once.
      others.push(word, fc.constant({}), fc.constant([]));
      break;
    case 'boolean':
      others.push(fc.integer({ min: 2, max: 1000 }), word, fc.constant({}), fc.constant([]));
      break;
    case 'array':
    case 'object':
      others.push(word, fc.integer(), fc.boolean());
      break;
  }
  if (!typesOf(schema).includes('null')) others.push(fc.constant(null));
  return fc.oneof(...others).map((value) => ({ value, what: `${JSON.stringify(value)} (not ${type})` }));
}

function apply(body: Body, steps: readonly Step[], change: { value?: unknown; remove?: true }): Body {
  const out = structuredClone(body);
  let container = out as Record<Step, unknown>;
  for (const step of steps.slice(0, -1)) container = container[step] as Record<Step, unknown>;
  const last = steps.at(-1)!;
  if (change.remove) delete container[last];
  else container[last] = change.value;
  return out;
}

function describe(site: Site, what: string): Violation {
  const path = site.steps
    .map((step) => (typeof step === 'number' ? '[]' : `.${step}`))
    .join('')
    .replace(/^\./, '')
    .replace(/\.\[\]/g, '[]');
  const field = site.steps.join('.');
  const parent = site.keyword === 'required' ? site.steps.slice(0, -1) : site.steps;
  return {
    requirement: `request.${path}.${site.keyword}`,
    keyword: site.keyword,
    instancePath: parent.map((step) => `/${String(step).replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''),
    field,
    specPointer: site.specPointer,
    description: `${field} ${what} (breaks ${site.keyword})`,
  };
}
