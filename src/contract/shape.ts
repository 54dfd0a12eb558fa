import { POINTER_KEYWORD, type JsonSchema } from './derive';

export interface ObjectShape {
  readonly pointer: string;
  readonly properties: ReadonlyMap<string, JsonSchema>;
  readonly required: ReadonlySet<string>;
}

/** The effective properties of an object schema, with `allOf` parts merged (as the request body is built). */
export function objectShape(schema: JsonSchema): ObjectShape {
  const properties = new Map<string, JsonSchema>();
  const required = new Set<string>();
  const visit = (node: JsonSchema): void => {
    for (const [name, property] of Object.entries((node.properties ?? {}) as Record<string, JsonSchema>)) {
      const existing = properties.get(name);
      properties.set(name, existing ? { allOf: [existing, property] } : property);
    }
    for (const name of (node.required ?? []) as string[]) required.add(name);
    for (const part of (node.allOf ?? []) as JsonSchema[]) visit(part);
  };
  visit(schema);
  return { pointer: pointerOf(schema), properties, required };
}

/** Where each required name is listed: the allOf part that declares it, not the merged whole. */
export function requiredPointers(schema: JsonSchema): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (node: JsonSchema): void => {
    for (const name of (node.required ?? []) as string[]) {
      if (!out.has(name)) out.set(name, `${pointerOf(node)}/required`);
    }
    for (const part of (node.allOf ?? []) as JsonSchema[]) visit(part);
  };
  visit(schema);
  return out;
}

export function pointerOf(schema: JsonSchema): string {
  const pointer = schema[POINTER_KEYWORD];
  return typeof pointer === 'string' ? pointer : '#';
}

export function typesOf(schema: JsonSchema): string[] {
  const type = schema.type;
  return Array.isArray(type) ? (type as string[]) : typeof type === 'string' ? [type] : [];
}

export function isNullable(schema: JsonSchema): boolean {
  return typesOf(schema).includes('null');
}

/** The non-null type of a property, e.g. "string" for `type: [string, null]`. */
export function primaryType(schema: JsonSchema): string | undefined {
  return typesOf(schema).find((type) => type !== 'null');
}
