import { POINTER_KEYWORD, type JsonSchema } from './derive';
import { joinPointer } from './pointers';
import { isJsonMediaType } from './exchange';
import { jsonRequestSchema, type MediaTypeContract, type OperationContract } from './operation-contract';
import type { Requirement } from './requirements';
import { objectShape, pointerOf, typesOf } from './shape';

/**
 * The requirements the spec states about responses, derived from the operation: a spec change moves them
 * with no code edit. Every schema node of every documented body is one requirement, named by where it sits
 * in the body (`response.200.body.data.id`), so a failure finds its requirement by where it happened.
 */
export function responseRequirements(operation: OperationContract): Requirement[] {
  const statuses = operation.responses.map((response) => response.status);
  const requirements: Requirement[] = [
    {
      id: 'status.documented',
      level: 'must',
      statement: `Every response has a documented status: ${statuses.join(', ')}`,
      source: { kind: 'spec', pointer: joinPointer(operation.pointer, 'responses') },
    },
  ];
  for (const response of operation.responses) {
    const when = conditionOf(response.status);
    const media = response.content.map((entry) => entry.mediaType);
    requirements.push({
      id: `response.${response.status}.content-type`,
      level: 'must',
      statement:
        media.length > 0
          ? `A ${response.status} response has Content-Type ${media.join(' or ')}`
          : `A ${response.status} response has no body`,
      source: { kind: 'spec', pointer: media.length ? `${response.pointer}/content` : response.pointer },
      ...when,
    });
    for (const header of response.headers) {
      requirements.push({
        id: `response.${response.status}.header.${header.name}`,
        level: 'must',
        statement: `${header.required ? 'A' : 'When present, the'} ${header.name} header of a ${response.status} is ${describe(header.schema)}`,
        source: { kind: 'spec', pointer: header.pointer },
        ...when,
      });
    }
    for (const entry of response.content) {
      for (const { id, node, path, required } of bodyRequirements(response.status, entry)) {
        const body = `${response.status} ${isJsonMediaType(entry.mediaType) ? 'JSON ' : ''}body`;
        requirements.push({
          id,
          level: 'must',
          statement: path.length
            ? `In a ${body}, \`${path.join('.').replaceAll('.[]', '[]')}\` ${required ? 'is present and ' : ''}is ${describe(node)}`
            : `A ${body} is ${describe(node)}`,
          source: { kind: 'spec', pointer: pointerOf(node) },
          ...when,
        });
      }
    }
  }
  return requirements;
}

export interface BodyRequirement {
  readonly id: string;
  readonly node: JsonSchema;
  readonly path: readonly string[];
  readonly required: boolean;
}

const bodyRequirementsCache = new WeakMap<JsonSchema, BodyRequirement[]>();

/**
 * One requirement per schema node of a documented body, named by where it sits (`response.200.body.data.id`);
 * what a schema check of that body evaluates. A text/plain body is a string by construction: a bare string
 * schema there could never fail, so it yields none.
 */
export function bodyRequirements(status: string, media: MediaTypeContract): readonly BodyRequirement[] {
  if (!isJsonMediaType(media.mediaType) && !constrains(media.schema)) return [];
  const cached = bodyRequirementsCache.get(media.schema);
  if (cached) return cached;
  const found: BodyRequirement[] = [];
  walk(media.schema, [], true, (node, path, required) =>
    found.push({ id: schemaRequirementId(status, path), node, path, required }),
  );
  bodyRequirementsCache.set(media.schema, found);
  return found;
}

/** Whether a schema says more of a string than that it is one (length, pattern, enum, ...). */
function constrains(schema: JsonSchema): boolean {
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) return alternatives.some(constrains);
  const { type, [POINTER_KEYWORD]: _pointer, description: _description, ...rest } = schema;
  return (type !== undefined && type !== 'string') || Object.keys(rest).length > 0;
}

/** Only a failing tenant answers 5xx: what the spec says of such bodies is checked if one comes. */
function conditionOf(status: string): Pick<Requirement, 'when'> {
  return /^5/.test(status) ? { when: `only when the tenant answers ${status}` } : {};
}

/** `response.200.body.data.id`; array items are `[]`, keys of a map are `*`. */
export function schemaRequirementId(status: string, path: readonly string[]): string {
  return [`response.${status}.body`, ...path].join('.').replaceAll('.[]', '[]');
}

/**
 * The path (as catalogue ids name it) of a place in a body: instance tokens mapped through the schema, so
 * `/errors/title/0` in a ValidationError is `errors.*[]`.
 */
export function schemaPathOf(schema: JsonSchema, tokens: readonly string[]): string[] {
  const path: string[] = [];
  let node: JsonSchema | undefined = schema;
  for (const token of tokens) {
    if (!node) {
      path.push(token);
      continue;
    }
    const shape = objectShape(node);
    const array = arrayItems(node);
    if (shape.properties.has(token)) {
      path.push(token);
      node = shape.properties.get(token);
    } else if (array && /^\d+$/.test(token)) {
      path.push('[]');
      node = array;
    } else if (mapValues(node)) {
      path.push('*');
      node = mapValues(node);
    } else {
      path.push(token);
      node = undefined;
    }
  }
  return path;
}

type Visit = (node: JsonSchema, path: readonly string[], required: boolean) => void;

function walk(node: JsonSchema, path: readonly string[], required: boolean, visit: Visit): void {
  visit(node, path, required);
  const shape = objectShape(node);
  for (const [name, child] of shape.properties) walk(child, [...path, name], shape.required.has(name), visit);
  const items = arrayItems(node);
  if (items) walk(items, [...path, '[]'], false, visit);
  const values = mapValues(node);
  if (values) walk(values, [...path, '*'], false, visit);
}

function arrayItems(node: JsonSchema): JsonSchema | undefined {
  const items = node.items;
  return items && typeof items === 'object' && !Array.isArray(items) ? (items as JsonSchema) : undefined;
}

function mapValues(node: JsonSchema): JsonSchema | undefined {
  const values = node.additionalProperties;
  return values && typeof values === 'object' ? (values as JsonSchema) : undefined;
}

/** "an integer (int64)", "a string of at most 255 characters, or null", "an object". */
export function describe(node: JsonSchema): string {
  const alternatives = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
  if (alternatives) return [...new Set(alternatives.map(describe))].join(', or ');
  const types = typesOf(node);
  const main = types.filter((type) => type !== 'null');
  const parts: string[] = [];
  const type = main.length ? main.map(article).join(' or ') : 'any value';
  parts.push(type);
  if (typeof node.format === 'string') parts.push(`(${node.format})`);
  if (typeof node.pattern === 'string') parts.push(`matching ${node.pattern}`);
  if (typeof node.maxLength === 'number') parts.push(`of at most ${node.maxLength} characters`);
  if (typeof node.minLength === 'number') parts.push(`of at least ${node.minLength} characters`);
  if (typeof node.maxItems === 'number') parts.push(`of at most ${node.maxItems} items`);
  if (Array.isArray(node.enum)) parts.push(`one of ${JSON.stringify(node.enum)}`);
  if (typeof node.minimum === 'number') parts.push(`at least ${node.minimum}`);
  if (types.includes('null')) parts.push('or null');
  return parts.join(' ');
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** The security schemes and the stated permission, as requirements. */
export function securityRequirements(operation: OperationContract): Requirement[] {
  const headers = operation.securityHeaders.map((set) => set.join(' + ')).join(' or ');
  const requirements: Requirement[] = [
    {
      id: 'security.unauthenticated',
      level: 'must',
      statement: `A request without valid credentials (${headers}) gets 401`,
      source: { kind: 'spec', pointer: '#/security' },
    },
    {
      id: 'security.creates-nothing',
      level: 'must',
      statement: 'A request rejected for its credentials creates nothing',
      source: { kind: 'spec', pointer: '#/security' },
    },
  ];
  const permission = /Required permissions:\s*`([^`]+)`/.exec(operation.description)?.[1];
  if (permission) {
    requirements.push({
      id: 'permissions.create',
      level: 'must',
      statement: `A valid key without the permission ${permission} gets 401 and creates nothing`,
      source: { kind: 'spec', pointer: joinPointer(operation.pointer, 'description') },
      enabledBy: 'MEETBIT_RESTRICTED_ACCESS_KEY_ID and MEETBIT_RESTRICTED_ACCESS_KEY_SECRET',
    });
  }
  return requirements;
}

/**
 * Every writable field sent comes back as sent. The spec does not say "echo", but a create that stores
 * another title or ignores is_public has not created what was asked; no framework default does either
 * (trimming whitespace is one, and is a SHOULD: convention.echo-exact-whitespace).
 */
export function echoRequirements(
  operation: OperationContract,
  resource: string,
  fields: readonly string[],
): Requirement[] {
  const request = objectShape(jsonRequestSchema(operation).schema);
  return fields.map((field) => ({
    id: `echo.${field}`,
    level: 'must' as const,
    statement: `The created conference's \`${resource}.${field}\` is the \`${field}\` sent`,
    source: { kind: 'spec' as const, pointer: pointerOf(request.properties.get(field) ?? {}) },
  }));
}
