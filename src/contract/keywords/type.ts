import { createHash } from 'node:crypto';
import type { JsonSchema } from '../derive';
import { describe } from '../spec-requirements';
import { pointerOf, primaryType, typesOf } from '../shape';
import type { CaseDraft, Keyword, KeywordSite } from './keyword';

/** JSON value kinds a wrong-type case is sent as, beside `null`, which has its own case. */
const TYPE_FAMILIES = ['string', 'number', 'boolean', 'object', 'array'] as const;
type Family = (typeof TYPE_FAMILIES)[number];

/** `type`: a value of any other JSON type is rejected, null too unless the field is nullable. */
export const type: Keyword<'type'> = {
  name: 'type',
  at: 'value',
  cases: (site) => {
    const { field, node } = site;
    const types = typesOf(node);
    const primary = primaryType(node);
    const reject = (
      variant: string,
      description: string,
      value: (current: unknown) => unknown,
    ): CaseDraft => ({
      variant,
      keyword: 'type',
      outcome: 'rejected',
      description,
      specPointer: `${pointerOf(node)}/type`,
      change: { value },
    });
    const cases: CaseDraft[] = [];
    if (!types.includes('null'))
      cases.push(reject('type.null', `${field} null is rejected (not nullable)`, () => null));
    for (const family of TYPE_FAMILIES) {
      if (types.includes(family)) continue;
      const what = family === 'number' && primary === 'integer' ? 'a fraction' : `a JSON ${family}`;
      cases.push(
        reject(`type.${family}`, `${field} as ${what} is rejected (type ${primary})`, (current) =>
          wrongTypeValue(family, site, current),
        ),
      );
    }
    return cases;
  },
  statement: (field, node) =>
    `\`${field}\` that is not ${node ? describe({ type: node.type }) : 'of its type'} is rejected with 400`,
  expected: (error) =>
    error.keyword === 'type'
      ? `a value of type ${String(error.params.type).replace(',', ' or ')}`
      : undefined,
};

/** A whole number derived from a (fresh) string: the same string gives the same number. */
export function freshNumber(text: string): number {
  return createHash('sha256').update(text).digest().readUIntBE(0, 6);
}

/**
 * A value of the wrong JSON type, close to a valid one where that tempts a lenient tenant to coerce it: an
 * id's own value as a string ("1001"), a string's own fresh value as a number.
 */
function wrongTypeValue(family: Family, { node, sample }: KeywordSite, current: unknown): unknown {
  const primary = primaryType(node);
  const valid = current ?? sample(node, 0);
  switch (family) {
    case 'string':
      return primary === 'integer' || primary === 'number'
        ? String(typeof valid === 'number' ? valid : 1)
        : primary === 'boolean'
          ? 'true'
          : 'conformance';
    case 'number':
      if (primary === 'integer') return (typeof valid === 'number' ? valid : 1) + 0.5;
      // A number a coercing tenant would store as a string: fresh like the value it stands for, so a
      // tenant that stored last night's never answers "already taken" tonight and looks fixed.
      return typeof valid === 'string' ? freshNumber(valid) : 1;
    case 'boolean':
      return true;
    case 'object':
      return primary === 'array' && node.items ? sample(node.items as JsonSchema, 0) : {};
    case 'array':
      return valid === null || valid === undefined ? [] : [valid];
  }
}
