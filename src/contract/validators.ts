import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { POINTER_KEYWORD, type JsonSchema } from './derive';

const INT64_MIN = -(2 ** 63);
const INT64_MAX = 2 ** 63 - 1;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The one Ajv instance: strict, every error reported, the failing schema kept on each error. */
function createAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, verbose: true, allowUnionTypes: true });
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

let ajv: Ajv | undefined;
const cache = new WeakMap<JsonSchema, ValidateFunction>();

/** Compiled once per derived schema object and process. */
export function validatorFor(schema: JsonSchema): ValidateFunction {
  let validate = cache.get(schema);
  if (!validate) {
    ajv ??= createAjv();
    validate = ajv.compile(schema);
    cache.set(schema, validate);
  }
  return validate;
}

export type SchemaError = ErrorObject;

export function validateAgainst(schema: JsonSchema, value: unknown): SchemaError[] {
  const validate = validatorFor(schema);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
