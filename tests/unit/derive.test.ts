import { expect, test } from '@playwright/test';
import {
  deriveJsonSchema,
  loadSpec,
  operationContract,
  validateAgainst,
  type JsonSchema,
} from '../../src/contract';

const spec = await loadSpec();
const operation = operationContract(spec, 'post', '/online_conferences');
const derive = (schema: object, direction: 'request' | 'response' = 'response') =>
  deriveJsonSchema(schema, direction, new WeakMap(), '#/test');
const valid = (schema: JsonSchema, value: unknown) => validateAgainst(schema, value).length === 0;
const findingIds = operation.findings.map((finding) => finding.id);

test.describe('spec defects are repaired and reported', () => {
  test('a pattern written as /.../ is tested as the expression inside', () => {
    const { schema, findings } = derive({ type: 'string', pattern: '/^[a-zA-Z0-9-_]+$/' });
    expect(schema.pattern).toBe('^[a-zA-Z0-9-_]+$');
    expect(findings.map((finding) => finding.id)).toEqual(['pattern-with-regex-delimiters']);
    expect(valid(schema, 'Ab9-_')).toBe(true);
    expect(valid(schema, 'a b')).toBe(false);
    // Taken literally the pattern matches nothing, not even a value with the slashes.
    expect(new RegExp('/^[a-zA-Z0-9-_]+$/', 'u').test('/abc/')).toBe(false);
  });

  test('a slash-wrapped pattern without anchors is an ambiguity, kept literal', () => {
    const { schema, findings } = derive({ type: 'string', pattern: '/docs/' });
    expect(schema.pattern).toBe('/docs/');
    expect(findings.map((finding) => finding.id)).toEqual(['pattern-maybe-delimited']);
  });

  test('an object schema without type: object rejects non-object bodies', () => {
    const { schema, findings } = derive({
      required: ['message'],
      properties: { message: { type: 'string' } },
    });
    expect(findings.map((finding) => finding.id)).toEqual(['object-schema-without-type']);
    expect(valid(schema, 'hi')).toBe(false);
    expect(valid(schema, ['message'])).toBe(false);
    expect(valid(schema, { message: 'ok' })).toBe(true);
  });

  test('the real spec yields each known finding with its location', () => {
    expect(findingIds).toEqual(
      expect.arrayContaining([
        'pattern-with-regex-delimiters',
        'readonly-properties-required',
        'object-schema-without-type',
        'retry-after-not-required',
      ]),
    );
    const typeless = operation.findings.filter((finding) => finding.id === 'object-schema-without-type');
    expect(typeless.map((finding) => finding.pointer).sort()).toEqual([
      '#/components/responses/OnlineConferenceResponse/content/application~1json/schema',
      '#/components/responses/ValidationErrorResponse/content/application~1json/schema',
    ]);
  });
});

test.describe('readOnly and writeOnly by direction', () => {
  const schema = {
    type: 'object',
    required: ['id', 'name', 'password'],
    properties: {
      id: { type: 'integer', readOnly: true },
      name: { type: 'string' },
      password: { type: 'string', writeOnly: true },
    },
  };

  test('a request neither requires nor describes readOnly properties', () => {
    const { schema: request } = derive(schema, 'request');
    expect(request.required).toEqual(['name', 'password']);
    expect(Object.keys(request.properties as object)).toEqual(['name', 'password']);
    expect(valid(request, { name: 'a', password: 'b' })).toBe(true);
  });

  test('a response neither requires nor describes writeOnly properties', () => {
    const { schema: response, findings } = derive(schema, 'response');
    expect(response.required).toEqual(['id', 'name']);
    expect(valid(response, { id: 1, name: 'a' })).toBe(true);
    expect(findings.map((finding) => finding.id)).toEqual(['writeonly-properties-required']);
  });
});

test.describe('OAS keywords', () => {
  test('nullable: true admits null, nullable: false does not', () => {
    expect(valid(derive({ type: 'integer', nullable: true }).schema, null)).toBe(true);
    expect(valid(derive({ type: 'integer', nullable: false }).schema, null)).toBe(false);
    expect(valid(derive({ type: 'string', enum: ['a'], nullable: true }).schema, null)).toBe(true);
  });

  test('example and other annotations are dropped (Ajv strict mode accepts the result)', () => {
    const { schema } = derive({
      type: 'string',
      example: 'x',
      xml: { name: 'x' },
      deprecated: true,
      'x-vendor': 1,
    });
    expect(schema).not.toHaveProperty('example');
    expect(valid(schema, 'ok')).toBe(true);
  });

  test('int64 admits whole numbers and rejects fractions', () => {
    const { schema } = derive({ type: 'integer', format: 'int64' });
    expect(valid(schema, 9007199254740991)).toBe(true);
    expect(valid(schema, 1.5)).toBe(false);
  });

  test('OAS 3.0 boolean exclusiveMaximum becomes the draft-07 number form', () => {
    const { schema } = derive({ type: 'integer', maximum: 5, exclusiveMaximum: true });
    expect(valid(schema, 4)).toBe(true);
    expect(valid(schema, 5)).toBe(false);
  });

  test('date-time demands a time-zone offset', () => {
    const { schema } = derive({ type: 'string', format: 'date-time' });
    expect(valid(schema, '2026-11-24T09:30:00.123456Z')).toBe(true);
    expect(valid(schema, '2026-11-24T09:30:00+01:00')).toBe(true);
    expect(valid(schema, '2026-11-24T09:30:00')).toBe(false);
    expect(valid(schema, '2026-11-24 09:30:00')).toBe(false);
  });

  test('an unknown keyword is refused rather than silently ignored', () => {
    expect(() => derive({ type: 'string', patternProperties: {} })).toThrow(
      /Unsupported schema keyword "patternProperties"/,
    );
  });
});
