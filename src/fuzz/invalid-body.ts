import fc from 'fast-check';
import { objectShape, pointerOf, primaryType, requiredPointers, type JsonSchema } from '../contract';
import { KEYWORDS, type Keyword, type KeywordName } from '../contract/keywords';
import { BREAKERS, type BreakContext, type Change } from './breakers';
import { validBody, type Body, type BodyPlan } from './valid-body';

/** The one constraint a generated body breaks, named as the requirement catalogue names it. */
export interface Violation {
  /** `request.online_conference_attendees[].email.format` */
  readonly requirement: string;
  /** The JSON Schema keyword, as Ajv reports it. */
  readonly keyword: KeywordName;
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
  readonly change: fc.Arbitrary<Change>;
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
  if (steps.length > 0) sites.push(...keywordSites('value', { node: schema, value, plan }, steps));
  const shape = objectShape(schema);
  if (shape.properties.size > 0 && value && typeof value === 'object' && !Array.isArray(value)) {
    const requiredAt = requiredPointers(schema);
    for (const [name, property] of shape.properties) {
      if (!Object.hasOwn(value, name)) continue;
      const here = [...steps, name];
      const property_: BreakContext['property'] = {
        required: shape.required.has(name),
        requiredPointer: requiredAt.get(name) ?? `${shape.pointer}/required`,
      };
      const context: BreakContext = {
        node: property,
        value: (value as Body)[name],
        plan,
        property: property_,
      };
      sites.push(...keywordSites('property', context, here));
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

/** Every keyword of the registry its breaker can break at this place, in the registry's order. */
function keywordSites(at: Keyword['at'], context: BreakContext, steps: readonly Step[]): Site[] {
  const sites: Site[] = [];
  for (const keyword of KEYWORDS) {
    const change = keyword.at === at ? BREAKERS[keyword.name]?.(context) : undefined;
    if (!change) continue;
    sites.push({
      steps,
      keyword: keyword.name,
      specPointer:
        at === 'property' && context.property
          ? context.property.requiredPointer
          : `${pointerOf(context.node)}/${keyword.name}`,
      change,
    });
  }
  return sites;
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
