import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DEFAULT_SPEC_PATH } from '../../src/contract';

/**
 * openapi.yaml is the vendor's contract, kept verbatim: it is never edited by hand, and the suite's
 * repairs of its defects live in code, reported as findings. A new vendor version is a deliberate
 * update of this digest.
 */
const VENDOR_SPEC_SHA256 = 'afafb4220759e87bf800770f0933b6c81a1aff81260a6a49c3b575e418ba433a';
const SEED = path.resolve(import.meta.dirname, '../../../shared/seeds/000_36a760017d01d6ec.txt');

test('openapi.yaml is the vendor document, byte for byte', () => {
  const digest = createHash('sha256').update(readFileSync(DEFAULT_SPEC_PATH)).digest('hex');
  expect(digest).toBe(VENDOR_SPEC_SHA256);
});

test('openapi.yaml equals the OpenAPI block of the published page', () => {
  test.skip(!existsSync(SEED), 'the published page is not beside this checkout');
  const page = readFileSync(SEED, 'utf8');
  const block = /^````yaml[^\n]*\n([\s\S]*?)^````/m.exec(page)?.[1];
  expect(block).toBe(readFileSync(DEFAULT_SPEC_PATH, 'utf8'));
});
