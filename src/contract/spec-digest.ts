import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Remembers which spec bytes passed validation, so a run whose openapi.yaml did not change skips the
 * validation (about 160 ms, and importing swagger-parser in the runner at all). Kept in
 * node_modules/.cache, which `npm ci` (and so any dependency change, the validator's included) empties.
 * Light on purpose: importing this module loads neither swagger-parser nor Ajv.
 */
export const DEFAULT_SPEC_PATH = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));

const CACHE_FILE = fileURLToPath(
  new URL('../../node_modules/.cache/meetbit-conformance/validated-spec-sha256', import.meta.url),
);

export function digestOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The digest of the file at `specPath` if these exact bytes were validated before, else undefined. */
export function validatedDigest(specPath: string): string | undefined {
  try {
    const digest = digestOf(readFileSync(specPath));
    return readFileSync(CACHE_FILE, 'utf8').split('\n').includes(digest) ? digest : undefined;
  } catch {
    return undefined;
  }
}

export function rememberValidated(digest: string): void {
  try {
    mkdirSync(path.dirname(CACHE_FILE), { recursive: true });
    writeFileSync(CACHE_FILE, `${digest}\n`);
  } catch {
    // A read-only checkout validates every run: slower, never wrong.
  }
}
