import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { ROOT } from '../selftest/harness';

const schema = JSON.parse(readFileSync(path.join(ROOT, 'docs/conformance.schema.json'), 'utf8')) as object;
const validate = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true }).compile(schema);

/** The schema errors of a conformance.json (documented in docs/conformance.schema.json); empty when valid. */
export function reportSchemaErrors(report: unknown): string[] {
  if (validate(report)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}
