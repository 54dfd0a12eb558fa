import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parse, parseDocument } from 'yaml';
import { DEFAULT_SPEC_PATH, loadSpec, operationContract, type SpecFinding } from '../../src/contract';
import { fixedSpec } from '../../src/contract/fixed-spec';
import { testFolder } from '../support/test-folder';

const REPAIRED = ['pattern-with-regex-delimiters', 'object-schema-without-type', 'retry-after-not-required'];
const raw = readFileSync(DEFAULT_SPEC_PATH, 'utf8');
const findings = operationContract(await loadSpec(), 'post', '/online_conferences').findings;
const finding = (id: string, pointer: string): SpecFinding => ({
  id,
  pointer,
  severity: 'defect',
  title: id,
  detail: '',
  handling: '',
});
const at = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);
const JSON_SCHEMA = ['content', 'application/json', 'schema'];

test.describe('fixedSpec: the vendor spec with the suite repairs applied', () => {
  test('applies each repairable finding of the real spec at its pointer', () => {
    const { text, applied, notApplied } = fixedSpec(raw, findings);
    const responses = at(parse(text), 'components', 'responses');

    expect(
      at(parse(text), 'components', 'schemas', 'OnlineConference', 'properties', 'public_id', 'pattern'),
    ).toBe('^[a-zA-Z0-9-_]+$');
    expect(at(responses, 'OnlineConferenceResponse', ...JSON_SCHEMA, 'type')).toBe('object');
    expect(at(responses, 'ValidationErrorResponse', ...JSON_SCHEMA, 'type')).toBe('object');
    expect(at(responses, 'RateLimitedErrorResponse', 'headers', 'Retry-After', 'required')).toBe(true);
    expect([...new Set(applied.map((repair) => repair.id))].sort()).toEqual([...REPAIRED].sort());
    expect(notApplied.some((note) => REPAIRED.includes(note.id))).toBe(false);
  });

  test('changes nothing else: undoing the repairs gives back the vendor document', () => {
    const fixed = parseDocument(fixedSpec(raw, findings).text);
    const responses = ['components', 'responses'];
    fixed.setIn(
      ['components', 'schemas', 'OnlineConference', 'properties', 'public_id', 'pattern'],
      '/^[a-zA-Z0-9-_]+$/',
    );
    fixed.deleteIn([...responses, 'OnlineConferenceResponse', ...JSON_SCHEMA, 'type']);
    fixed.deleteIn([...responses, 'ValidationErrorResponse', ...JSON_SCHEMA, 'type']);
    fixed.deleteIn([...responses, 'RateLimitedErrorResponse', 'headers', 'Retry-After', 'required']);
    expect(fixed.toJS()).toEqual(parse(raw));
  });

  test('marks every changed key with a comment naming its finding, and keeps the vendor comments', () => {
    const { text } = fixedSpec(`# vendor note\n${raw}`, findings);
    expect(text).toContain('# vendor note');
    expect(text.match(/# repaired by the suite: object-schema-without-type/g)).toHaveLength(2);
    expect(text).toContain('# repaired by the suite: pattern-with-regex-delimiters');
    expect(text).toContain('# repaired by the suite: retry-after-not-required');
  });

  test('the fixed spec is a valid OpenAPI document in which the suite finds no repairable defect', async () => {
    const file = path.join(testFolder('fixed'), 'openapi.fixed.yaml');
    writeFileSync(file, fixedSpec(raw, findings).text);
    const again = operationContract(await loadSpec(file), 'post', '/online_conferences').findings;
    expect(again.filter((left) => REPAIRED.includes(left.id))).toEqual([]);
    expect(again.map((left) => left.id)).toContain('readonly-properties-required');
  });

  test('a pointer through a $ref is followed to the definition', () => {
    const document = [
      'paths:',
      '  /x:',
      '    get:',
      '      responses:',
      "        '200': { $ref: '#/components/responses/Ok' }",
      'components:',
      '  responses:',
      '    Ok:',
      '      headers:',
      '        Retry-After: { schema: { type: integer } }',
    ].join('\n');
    const pointer = '#/paths/~1x/get/responses/200/headers/Retry-After';
    const fixed: unknown = parse(fixedSpec(document, [finding('retry-after-not-required', pointer)]).text);
    expect(at(fixed, 'components', 'responses', 'Ok', 'headers', 'Retry-After')).toEqual({
      required: true,
      schema: { type: 'integer' },
    });
  });

  test('a finding without a document repair is reported, not applied', () => {
    const note = finding('no-415-documented', '#/paths/~1online_conferences/post/responses');
    const { text, applied, notApplied } = fixedSpec(raw, [note]);
    expect(text).toBe(fixedSpec(raw, []).text);
    expect(applied).toEqual([]);
    expect(notApplied).toEqual([note]);
  });

  test('a pointer to nothing fails loudly rather than writing a half-fixed spec', () => {
    expect(() =>
      fixedSpec(raw, [finding('object-schema-without-type', '#/components/schemas/Nope')]),
    ).toThrow('The spec has nothing at #/components/schemas/Nope');
  });
});
