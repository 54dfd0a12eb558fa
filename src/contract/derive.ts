import type { OpenAPIV3 } from 'openapi-types';
import type { SpecFinding } from './findings';
import { joinPointer, type PointerIndex } from './pointers';

export type Direction = 'request' | 'response';
export type JsonSchema = { [keyword: string]: unknown };

/** Annotation keyword carrying each derived node's origin in openapi.yaml; registered with Ajv. */
export const POINTER_KEYWORD = 'x-oas-pointer';

/** Keywords OAS 3.0 Schema Objects share with JSON Schema draft-07 and that keep their meaning. */
const SHARED_KEYWORDS = [
  'title',
  'description',
  'default',
  'multipleOf',
  'maximum',
  'minimum',
  'maxLength',
  'minLength',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'enum',
  'type',
  'format',
] as const;

/** OAS-only annotations with no validation meaning; Ajv in strict mode would reject them. */
const DROPPED_KEYWORDS = new Set([
  'example',
  'xml',
  'externalDocs',
  'deprecated',
  'discriminator',
  'nullable',
]);

const DELIMITED_PATTERN = /^\/(.+)\/([dgimsuvy]*)$/s;

interface Context {
  readonly direction: Direction;
  readonly pointers: PointerIndex;
  readonly findings: SpecFinding[];
}

export interface Derived {
  readonly schema: JsonSchema;
  readonly findings: SpecFinding[];
}

/**
 * Turns a dereferenced OAS 3.0 Schema Object into a JSON Schema (draft-07) for one direction of traffic:
 * `request` drops readOnly properties (not required, not to be sent), `response` drops writeOnly ones.
 * Every deliberate repair of the spec is returned as a finding.
 */
export function deriveJsonSchema(
  schema: OpenAPIV3.SchemaObject,
  direction: Direction,
  pointers: PointerIndex,
  pointer: string,
): Derived {
  const context: Context = { direction, pointers, findings: [] };
  return { schema: convert(schema, pointer, context), findings: context.findings };
}

function convert(source: OpenAPIV3.SchemaObject, fallbackPointer: string, context: Context): JsonSchema {
  const pointer = context.pointers.get(source) ?? fallbackPointer;
  const out: JsonSchema = { [POINTER_KEYWORD]: pointer };
  const raw = source as Record<string, unknown>;

  for (const keyword of SHARED_KEYWORDS) {
    if (raw[keyword] !== undefined) out[keyword] = raw[keyword];
  }
  for (const keyword of Object.keys(raw)) {
    if (!DROPPED_KEYWORDS.has(keyword) && !keyword.startsWith('x-') && !isHandled(keyword)) {
      throw new Error(`Unsupported schema keyword "${keyword}" at ${pointer}`);
    }
  }

  if (typeof raw.exclusiveMaximum === 'boolean' || typeof raw.exclusiveMinimum === 'boolean') {
    // OAS 3.0 (draft-05 style): booleans that modify maximum/minimum; draft-07 wants numbers.
    if (raw.exclusiveMaximum === true) {
      out.exclusiveMaximum = raw.maximum;
      delete out.maximum;
    }
    if (raw.exclusiveMinimum === true) {
      out.exclusiveMinimum = raw.minimum;
      delete out.minimum;
    }
  }

  if (typeof source.pattern === 'string') out.pattern = repairPattern(source.pattern, pointer, context);

  if (source.properties || source.required || source.additionalProperties !== undefined) {
    convertObjectKeywords(source, out, pointer, context);
  }
  if ('items' in source && source.items) {
    out.items = convert(source.items as OpenAPIV3.SchemaObject, joinPointer(pointer, 'items'), context);
  }
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
    const parts = source[combinator];
    if (parts) {
      out[combinator] = parts.map((part, i) =>
        convert(part as OpenAPIV3.SchemaObject, joinPointer(pointer, combinator, i), context),
      );
    }
  }
  if (source.not)
    out.not = convert(source.not as OpenAPIV3.SchemaObject, joinPointer(pointer, 'not'), context);

  return source.nullable === true ? allowNull(out) : out;
}

function isHandled(keyword: string): boolean {
  return [
    ...SHARED_KEYWORDS,
    'pattern',
    'properties',
    'required',
    'additionalProperties',
    'items',
    'allOf',
    'anyOf',
    'oneOf',
    'not',
    'readOnly',
    'writeOnly',
    'exclusiveMaximum',
    'exclusiveMinimum',
  ].includes(keyword);
}

function convertObjectKeywords(
  source: OpenAPIV3.SchemaObject,
  out: JsonSchema,
  pointer: string,
  context: Context,
): void {
  if (source.type === undefined && !source.allOf && !source.anyOf && !source.oneOf) {
    out.type = 'object';
    context.findings.push({
      id: 'object-schema-without-type',
      severity: 'defect',
      pointer,
      title: 'Object schema without `type: object`',
      detail:
        'The schema lists `properties`/`required` but no `type`. In JSON Schema those keywords only apply to ' +
        'objects, so taken literally any non-object body (the string "hi", a number, an array) would pass.',
      handling: 'The suite adds `type: object` here, so a non-object body fails the check.',
    });
  }

  const excluded = new Set<string>();
  const properties: Record<string, JsonSchema> = {};
  for (const [name, property] of Object.entries(source.properties ?? {})) {
    const schema = property as OpenAPIV3.SchemaObject;
    if (isExcludedIn(schema, context.direction)) {
      excluded.add(name);
      continue;
    }
    properties[name] = convert(schema, joinPointer(pointer, 'properties', name), context);
  }
  if (source.properties) out.properties = properties;

  if (source.required) {
    const requiredButExcluded = source.required.filter((name) => excluded.has(name));
    if (requiredButExcluded.length > 0) {
      const flag = context.direction === 'request' ? 'readOnly' : 'writeOnly';
      context.findings.push({
        id: `${flag.toLowerCase()}-properties-required`,
        severity: 'ambiguity',
        pointer: joinPointer(pointer, 'required'),
        title: `${flag} properties listed in \`required\``,
        detail:
          `${requiredButExcluded.map((name) => `\`${name}\``).join(', ')} ${requiredButExcluded.length === 1 ? 'is' : 'are'} ` +
          `${flag} and required. OAS 3.0.3 says such a requirement applies to the ${context.direction === 'request' ? 'response' : 'request'} only; ` +
          'a plain JSON Schema validator (and several tools) would demand them in the request too.',
        handling: `For ${context.direction}s the suite drops them from \`required\` and \`properties\` and never sends them.`,
      });
    }
    out.required = source.required.filter((name) => !excluded.has(name));
  }

  const additional = source.additionalProperties;
  if (typeof additional === 'boolean') out.additionalProperties = additional;
  else if (additional) {
    out.additionalProperties = convert(
      additional as OpenAPIV3.SchemaObject,
      joinPointer(pointer, 'additionalProperties'),
      context,
    );
  }
}

function isExcludedIn(schema: OpenAPIV3.SchemaObject, direction: Direction): boolean {
  return direction === 'request' ? schema.readOnly === true : schema.writeOnly === true;
}

/**
 * The expression a `/.../flags` pattern means when an anchor sits just inside a slash: taken literally
 * such a pattern can never match, so the intent is unambiguous. Undefined for any other pattern.
 */
export function intendedPattern(pattern: string): string | undefined {
  const inner = DELIMITED_PATTERN.exec(pattern)?.[1];
  return inner !== undefined && (inner.startsWith('^') || inner.endsWith('$')) ? inner : undefined;
}

function repairPattern(pattern: string, pointer: string, context: Context): string {
  const delimited = DELIMITED_PATTERN.exec(pattern);
  const intended = intendedPattern(pattern);
  let effective = pattern;
  if (intended !== undefined) {
    effective = intended;
    context.findings.push({
      id: 'pattern-with-regex-delimiters',
      severity: 'defect',
      pointer: joinPointer(pointer, 'pattern'),
      title: 'Pattern written with regex delimiters',
      detail:
        `\`pattern: ${pattern}\` is written as a regex literal. OAS patterns are ECMA-262 expressions without ` +
        'delimiters, so taken literally it demands a "/" before the start anchor and matches no value at all.',
      handling: `The suite tests the intended expression \`${effective}\`${delimited?.[2] ? ` (flags "${delimited[2]}" ignored)` : ''}.`,
    });
  } else if (delimited) {
    context.findings.push({
      id: 'pattern-maybe-delimited',
      severity: 'ambiguity',
      pointer: joinPointer(pointer, 'pattern'),
      title: 'Pattern looks like a regex literal',
      detail: `\`pattern: ${pattern}\` starts and ends with "/", which may be delimiters or literal slashes.`,
      handling: 'The suite takes it literally, as OAS defines it.',
    });
  }
  if (!compiles(effective)) {
    throw new Error(`Pattern at ${pointer} is not a valid ECMA-262 expression: ${effective}`);
  }
  return effective;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function allowNull(schema: JsonSchema): JsonSchema {
  const { type, enum: values } = schema;
  if (typeof type === 'string') {
    const out: JsonSchema = { ...schema, type: [type, 'null'] };
    if (Array.isArray(values) && !values.includes(null)) out.enum = [...(values as unknown[]), null];
    return out;
  }
  return { [POINTER_KEYWORD]: schema[POINTER_KEYWORD], anyOf: [schema, { type: 'null' }] };
}
