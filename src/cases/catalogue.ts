import {
  CONVENTIONS,
  describe,
  echoRequirements,
  jsonRequestSchema,
  joinPointer,
  objectShape,
  pointerOf,
  resourceShape,
  responseRequirements,
  securityRequirements,
  type JsonSchema,
  type OperationContract,
  type Requirement,
} from '../contract';
import { KEYWORDS, keywordNamed, type Keyword } from '../contract/keywords';
import { deriveBoundaryCases, type BoundaryCase } from './boundary';

/** Every requirement the suite verifies, by id: the spec's (derived), then the conventions (listed). */
export interface Catalogue {
  readonly requirements: readonly Requirement[];
  readonly byId: ReadonlyMap<string, Requirement>;
}

const cache = new WeakMap<OperationContract, Catalogue>();

/** Pure and cached per operation: derived from the spec, so a spec change moves it with no code edit. */
export function catalogueOf(operation: OperationContract): Catalogue {
  const cached = cache.get(operation);
  if (cached) return cached;
  const { property, shape } = resourceShape(operation);
  const writable = [...objectShape(jsonRequestSchema(operation).schema).properties.keys()].filter((name) =>
    shape.properties.has(name),
  );
  const body = jsonRequestSchema(operation);
  const requirements = [
    ...(operation.requestBody?.required
      ? [
          {
            id: 'request.body.required',
            level: 'must' as const,
            statement: 'A request without a body is rejected with 400',
            source: {
              kind: 'spec' as const,
              pointer: joinPointer(operation.pointer, 'requestBody', 'required'),
            },
          },
        ]
      : []),
    {
      id: 'request.body.type',
      level: 'must' as const,
      statement: `A body that is not ${describe({ type: body.schema.type ?? 'object' })} in JSON is rejected with 400`,
      source: { kind: 'spec' as const, pointer: `${body.pointer}/schema` },
    },
    ...requestRequirements(operation),
    ...echoRequirements(operation, property, writable),
    ...securityRequirements(operation),
    ...responseRequirements(operation),
    {
      id: 'no-server-error',
      level: 'must' as const,
      statement:
        'No request the suite sends gets a 5xx: the spec documents 200 or 400 for every body, 401 for bad credentials and 429 for throttling',
      source: { kind: 'spec' as const, pointer: joinPointer(operation.pointer, 'responses') },
    },
    ...CONVENTIONS,
  ];
  const all = requirements.map(withSetting);
  const catalogue = { requirements: all, byId: new Map(all.map((r) => [r.id, r])) };
  cache.set(operation, catalogue);
  return catalogue;
}

/** A 429 only comes from the burst, which a remote tenant runs only when asked to. */
function withSetting(requirement: Requirement): Requirement {
  return requirement.id.startsWith('response.429.')
    ? { ...requirement, enabledBy: 'MEETBIT_ALLOW_RATE_LIMIT_TEST=1 (the rate-limit burst)' }
    : requirement;
}

/**
 * The JSON Schema validation keywords a request requirement can be about, known to the suite or not: a
 * constraint of the spec no keyword of src/contract/keywords derives cases for still becomes a requirement.
 */
const CONSTRAINT_KEYWORDS = new Set([
  'required',
  'nullable',
  'type',
  'format',
  'pattern',
  'enum',
  'maxLength',
  'minLength',
  'maxItems',
  'minItems',
  'maximum',
  'minimum',
]);

/** One requirement per constraint of the request schema, from the boundary cases that prove it. */
export function requestRequirements(
  operation: OperationContract,
  keywords: readonly Keyword[] = KEYWORDS,
): Requirement[] {
  const root = jsonRequestSchema(operation);
  const groups = new Map<string, BoundaryCase[]>();
  for (const boundaryCase of deriveBoundaryCases(operation, keywords)) {
    for (const id of new Set([boundaryCase.requirement, ...boundaryCase.verifies]))
      groups.set(id, [...(groups.get(id) ?? []), boundaryCase]);
  }
  const fromCases = [...groups].map(([id, cases]) => {
    const first = cases[0] as BoundaryCase;
    return {
      id,
      level: 'must' as const,
      statement: statementOf(id, cases, root.schema, keywords),
      source: {
        kind: 'spec' as const,
        pointer:
          id === 'request.accepts-valid' ? joinPointer(operation.pointer, 'requestBody') : first.specPointer,
      },
    };
  });
  return [...fromCases, ...uncoveredConstraints(root.schema, new Set(groups.keys()))];
}

/**
 * Constraints of the request schema that no boundary case proves yet (a keyword the case generator does not
 * know): still requirements, so a spec change shows in the catalogue, and their tests are missing.
 */
function uncoveredConstraints(root: JsonSchema, known: ReadonlySet<string>): Requirement[] {
  const found: Requirement[] = [];
  const visit = (node: JsonSchema, path: string): void => {
    const flat = merged(node);
    for (const keyword of CONSTRAINT_KEYWORDS) {
      if (keyword === 'required' || keyword === 'nullable') continue;
      const id = `request.${path}.${keyword}`;
      if (flat[keyword] === undefined || known.has(id) || !path) continue;
      found.push({
        id,
        level: 'must',
        statement: `\`${path}\` breaking \`${keyword}: ${JSON.stringify(flat[keyword])}\` is rejected with 400`,
        source: { kind: 'spec', pointer: `${pointerOf(node)}/${keyword}` },
      });
    }
    const shape = objectShape(flat);
    for (const name of shape.required) {
      const id = `request.${path ? `${path}.` : ''}${name}.required`;
      if (!known.has(id))
        found.push({
          id,
          level: 'must',
          statement: `A body without \`${path ? `${path}.` : ''}${name}\` is rejected with 400`,
          source: { kind: 'spec', pointer: `${shape.pointer}/required` },
        });
    }
    for (const [name, child] of shape.properties) visit(child, path ? `${path}.${name}` : name);
    const items = flat.items as JsonSchema | undefined;
    if (items && typeof items === 'object') visit(items, `${path}[]`);
  };
  visit(root, '');
  return found;
}

function statementOf(
  id: string,
  cases: readonly BoundaryCase[],
  root: JsonSchema,
  keywords: readonly Keyword[],
): string {
  if (id === 'request.accepts-valid') return 'A body valid under the request schema is accepted with 200';
  const path = id.slice('request.'.length, id.lastIndexOf('.'));
  const name = id.slice(id.lastIndexOf('.') + 1);
  const keyword = keywordNamed(name, keywords);
  if (keyword) return keyword.statement(path, nodeAt(root, path));
  const accepts = cases.some((c) => c.expected.status === 200);
  const rejects = cases.some((c) => c.expected.status === 400);
  return `\`${path}\` breaking \`${name}\` is rejected with 400${accepts && rejects ? '; at the limit it is accepted' : ''}`;
}

function nodeAt(root: JsonSchema, path: string): JsonSchema | undefined {
  let node: JsonSchema | undefined = root;
  for (const token of path.replaceAll('[]', '.[]').split('.')) {
    if (!node) return undefined;
    if (token === '[]') node = node.items as JsonSchema | undefined;
    else node = objectShape(node).properties.get(token);
  }
  return node && merged(node);
}

/** A property that two `allOf` parts both describe is `{allOf: [a, b]}`: read its keywords as one. */
function merged(node: JsonSchema): JsonSchema {
  const parts = node.allOf as JsonSchema[] | undefined;
  return parts ? (Object.assign({}, ...parts.map(merged), node) as JsonSchema) : node;
}
