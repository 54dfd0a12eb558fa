import fc from 'fast-check';
import { primaryType, typesOf, type JsonSchema } from '../contract';
import { parseCharClassPattern } from '../contract/keywords/char-class';
import type { KeywordName } from '../contract/keywords';
import { emailOfLength } from '../contract/keywords/values';
import { EMAIL_DEFECTS, emailAddress } from './email';
import { anyCharacter, outsideClass } from './strings';
import { itemsArbitrary, type BodyPlan } from './valid-body';

/** One way to break a constraint: a new value, or leaving the field out; and what it is, in a few words. */
export type Change = { readonly value?: unknown; readonly remove?: true; readonly what: string };

/** A place of a valid generated body, as a breaker sees it. */
export interface BreakContext {
  readonly node: JsonSchema;
  /** The valid value there (a property's value, for a property-level keyword). */
  readonly value: unknown;
  readonly plan: BodyPlan;
  /** For an object's property: whether the object requires it. */
  readonly property?: { readonly required: boolean; readonly requiredPointer: string };
}

/** Changes that break exactly the keyword at that place, or undefined where the place does not have it. */
export type Breaker = (context: BreakContext) => fc.Arbitrary<Change> | undefined;

/**
 * How the fuzz phase breaks each keyword of src/contract/keywords, keyed by name, so a keyword without a
 * breaker fails to compile. Only changes no common framework coerces back into a valid value (`"1"` for an
 * integer, `{}` for an array are left to the boundary cases). `null`: there is nothing to break.
 */
export const BREAKERS: Record<KeywordName, Breaker | null> = {
  required: ({ property }) =>
    property?.required ? fc.constant({ remove: true as const, what: 'left out' }) : undefined,
  // Accepting null is not a constraint; a non-nullable field's null is `type`'s to break.
  nullable: null,
  type: ({ node }) => wrongType(node),
  maxLength: ({ node, value }) => {
    const max = node.maxLength;
    if (typeof value !== 'string' || typeof max !== 'number') return undefined;
    return node.format === 'email'
      ? fc.integer({ min: max + 1, max: max + 20 }).map((length) => ({
          value: emailOfLength(length),
          what: `a well-formed address of ${length} characters`,
        }))
      : fc.array(anyCharacter, { minLength: max + 1, maxLength: max + 20 }).map((chars) => {
          // Too long under every reading: a tenant that trims before it validates (Laravel's default)
          // must still see more than max, so the ends are never whitespace a trim could remove.
          const long = `x${chars.slice(1, -1).join('')}x`;
          return { value: long, what: `${chars.length} code points` };
        });
  },
  pattern: ({ node, value }) => {
    const pattern = typeof node.pattern === 'string' ? parseCharClassPattern(node.pattern) : undefined;
    if (typeof value !== 'string' || !pattern) return undefined;
    return fc
      .tuple(outsideClass(pattern), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([char, where]) => {
        const chars = [...value];
        chars.splice(Math.floor(where * (chars.length + 1)), 0, char);
        return { value: chars.join(''), what: `with ${JSON.stringify(char)} outside the pattern` };
      });
  },
  format: ({ node, value }) => {
    if (typeof value !== 'string' || node.format !== 'email') return undefined;
    const max = typeof node.maxLength === 'number' ? node.maxLength : Number.POSITIVE_INFINITY;
    const defects = Object.keys(EMAIL_DEFECTS) as (keyof typeof EMAIL_DEFECTS)[];
    return fc
      .tuple(emailAddress, fc.constantFrom(...defects), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([address, defect, where]) => ({
        value: EMAIL_DEFECTS[defect](address, where),
        what: `not an address (${defect})`,
      }))
      .filter((change) => change.value.length <= max);
  },
  maxItems: ({ node, value, plan }) => {
    const max = node.maxItems;
    if (!Array.isArray(value) || typeof max !== 'number' || !node.items) return undefined;
    return itemsArbitrary(node.items as JsonSchema, plan, max + 1, max + 3).map((items) => ({
      value: items,
      what: `${items.length} items`,
    }));
  },
};

const COERCED_WORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'null']);
const word = fc
  .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 12 })
  .filter((text) => !COERCED_WORDS.has(text));

/**
 * Values of another JSON type that no common framework coerces into the right one: PHP's filter_var
 * takes `true` for 1, Laravel's `boolean` takes 0, 1, "0" and "1", its `array` takes any JSON object.
 */
function wrongType(schema: JsonSchema): fc.Arbitrary<Change> {
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
