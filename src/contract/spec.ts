import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { buildPointerIndex, type PointerIndex } from './pointers';
import { DEFAULT_SPEC_PATH, digestOf, rememberValidated, validatedDigest } from './spec-digest';

export { DEFAULT_SPEC_PATH } from './spec-digest';

export interface LoadedSpec {
  readonly path: string;
  readonly sha256: string;
  /** The document after validation and dereferencing: every `$ref` replaced by its target. */
  readonly document: OpenAPIV3.Document;
  /** Where each schema object of `document` stands in openapi.yaml, as a JSON pointer. */
  readonly pointers: PointerIndex;
}

const loaded = new Map<string, Promise<LoadedSpec>>();

/**
 * Validates and dereferences the OpenAPI document once per process and path.
 * Validation (against the OpenAPI 3.0 meta-schema) is the expensive half, so a process whose parent
 * already validated the same bytes (MEETBIT_SPEC_VALIDATED holds their digest), or whose earlier run
 * did (spec-digest.ts), only dereferences.
 */
export function loadSpec(path: string = DEFAULT_SPEC_PATH): Promise<LoadedSpec> {
  let pending = loaded.get(path);
  if (!pending) {
    pending = readAndParse(path);
    loaded.set(path, pending);
  }
  return pending;
}

async function readAndParse(path: string): Promise<LoadedSpec> {
  const bytes = await readFile(path);
  const sha256 = digestOf(bytes);
  const alreadyValidated = process.env.MEETBIT_SPEC_VALIDATED === sha256 || validatedDigest(path) === sha256;
  let document: OpenAPIV3.Document;
  try {
    document = (
      alreadyValidated ? await SwaggerParser.dereference(path) : await SwaggerParser.validate(path)
    ) as OpenAPIV3.Document;
  } catch (error) {
    throw new Error(`openapi.yaml is not a valid OpenAPI document (${path}): ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!document.openapi?.startsWith('3.0.')) {
    throw new Error(`Expected an OpenAPI 3.0.x document, got openapi: ${String(document.openapi)}`);
  }
  if (!alreadyValidated) rememberValidated(sha256);
  process.env.MEETBIT_SPEC_VALIDATED = sha256;
  return { path, sha256, document, pointers: buildPointerIndex(document) };
}
