import { Ajv, type DefinedError, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { POINTER_KEYWORD, type JsonSchema } from './derive';

const INT64_MIN = -(2 ** 63);
const INT64_MAX = 2 ** 63 - 1;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * The Ajv instances: strict, the failing schema kept on each error; every error reported, or (for
 * bodies too large to report every error of) the first only.
 */
function createAjv(allErrors: boolean): Ajv {
  const ajv = new Ajv({ strict: true, allErrors, verbose: true, allowUnionTypes: true });
  addFormats(ajv);
  // OAS 3.0 integer formats: JSON numbers are IEEE doubles, so the range check is as exact as JSON allows.
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX,
  });
  ajv.addFormat('int64', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= INT64_MIN && n <= INT64_MAX,
  });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addKeyword({ keyword: POINTER_KEYWORD, schemaType: 'string' });
  return ajv;
}

const instances = new Map<boolean, Ajv>();
const caches = new Map<boolean, WeakMap<JsonSchema, ValidateFunction>>();

/** Compiled once per derived schema object, mode and process. */
export function validatorFor(schema: JsonSchema, allErrors = true): ValidateFunction {
  let cache = caches.get(allErrors);
  if (!cache) caches.set(allErrors, (cache = new WeakMap()));
  let validate = cache.get(schema);
  if (!validate) {
    let ajv = instances.get(allErrors);
    if (!ajv) instances.set(allErrors, (ajv = createAjv(allErrors)));
    validate = ajv.compile(schema);
    cache.set(schema, validate);
  }
  return validate;
}

/**
 * An Ajv error, typed by keyword (ajv's own `DefinedError` union), so a check reads `params` narrowed by
 * `keyword` instead of casting them. Verbose mode adds `data` and `parentSchema`.
 */
export type SchemaError = DefinedError;

/**
 * Bounds on one validation. A body of a million wrong items would make a million error objects
 * (gigabytes, minutes); past MAX_VALUES values it is validated fail-fast, and at most MAX_ERRORS
 * errors are kept either way. A failing response still fails; it just names fewer places.
 */
export const MAX_VALUES = 10_000;
export const MAX_ERRORS = 50;

export function validateAgainst(schema: JsonSchema, value: unknown): SchemaError[] {
  const validate = validatorFor(schema, countValues(value, MAX_VALUES) <= MAX_VALUES);
  if (validate(value)) return [];
  // Ajv types `errors` loosely; every keyword the derived schemas use is one of its DefinedErrors (the
  // suite's own annotation keyword never fails), which is what its documentation says to narrow to.
  return ((validate.errors ?? []) as DefinedError[]).slice(0, MAX_ERRORS);
}

/** The number of JSON values in `value`, counting stopped just past `limit`. */
export function countValues(value: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= limit) {
    const next = stack.pop();
    count += 1;
    const room = Math.max(0, limit + 1 - count);
    if (Array.isArray(next)) stack.push(...(next as unknown[]).slice(0, room));
    else if (next !== null && typeof next === 'object')
      stack.push(...(Object.values(next) as unknown[]).slice(0, room));
  }
  return count;
}
