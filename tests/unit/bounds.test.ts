import { expect, test } from '@playwright/test';
import {
  checkResponse,
  formatFailure,
  loadSpec,
  operationContract,
  outcomeConformance,
  show,
} from '../../src/contract';
import { escaped } from '../../src/fuzz/judge';
import { fitMarkdown, fitReport, MARKDOWN_BUDGET } from '../../src/report/fit';
import { renderHtml } from '../../src/report/html';
import { renderMarkdown } from '../../src/report/markdown';
import { buildReport } from '../../src/report/model';
import { boundedJson, capDeep, TOO_DEEP } from '../../src/safety/bounds';
import { createSanitizer } from '../../src/safety/sanitize';
import { exchange, failedRecord, reportInput } from './report-fixtures';

/** Depth and size everywhere (issue 20): a walk of tenant data stops, a report has a size. */
const operation = operationContract(await loadSpec(), 'post', '/online_conferences');
const deepText = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepValue = (depth: number): unknown => JSON.parse(deepText(depth));
const manyKeys = (count: number) =>
  JSON.stringify({
    message: 'The given data was invalid.',
    errors: Object.fromEntries(Array.from({ length: count }, (_, i) => [`field_${i}`, ['is wrong']])),
  });

test('a body nested a million arrays deep is a MUST failure of the response shape, not a crash', () => {
  const body = deepText(1_000_000);
  const failures = checkResponse(operation, {
    status: 400,
    headers: { 'content-type': 'application/json' },
    body,
  }).failures;
  expect(failures).toHaveLength(1);
  expect(failures[0]).toMatchObject({
    check: 'response_schema_conformance',
    requirement: 'response.400.body',
    level: 'must',
    expected: 'a value of type object',
  });
  expect(failures[0]!.received.length).toBeLessThan(300);
  expect(formatFailure(failures[0]!)).toContain('Received: [[[[');
  // Nested inside where a string belongs: the same, at its place.
  const inside = checkResponse(operation, {
    status: 400,
    headers: { 'content-type': 'application/json' },
    body: `{"message":"x","errors":{"title":[${body}]}}`,
  }).failures;
  expect(inside.map((failure) => failure.location)).toEqual(['body/errors/title/0']);
});

test('deep_no_false_positive: a shallow, conforming 400 still conforms', () => {
  const failures = checkResponse(operation, {
    status: 400,
    headers: { 'content-type': 'application/json' },
    body: manyKeys(3),
  }).failures;
  expect(failures).toEqual([]);
});

test('show, escaped and boundedJson: the same as JSON.stringify when small, bounded when not', () => {
  for (const value of [null, 1, 'a "quoted" text', { a: [1, { b: 'c' }] }, [true, false], {}])
    expect(show(value)).toBe(JSON.stringify(value));
  expect(
    boundedJson({ a: 1, 'x-oas-pointer': '#/x' }, 100, { omitKey: (k) => k === 'x-oas-pointer' }).text,
  ).toBe('{"a":1}');
  const deep = deepValue(100_000);
  expect(show(deep).length).toBeLessThan(220);
  expect(escaped(deep).length).toBeLessThan(320);
  const wide = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
  expect(show(wide)).toMatch(/^\{"k0":0,"k1":1,.*… \(cut\)$/);
  expect(show('x'.repeat(5_000_000))).toMatch(/… \(5000000 characters\)$/);
});

test('20,000 error keys: the convention failure names 20 of them and the count', () => {
  const failures = outcomeConformance(
    operation,
    { ...exchange(400, manyKeys(20_000)), request: exchange(400, '').request },
    { status: 400, field: 'title', pointer: '#/x' },
  ).failures;
  expect(failures).toHaveLength(1);
  expect(failures[0]!.received).toMatch(/^keys "field_0", .* and 19980 more$/);
  expect(failures[0]!.received.length).toBeLessThan(1000);
});

test('the sanitizer and capDeep stop at a depth, whatever they are given', () => {
  const clean = createSanitizer(['canary-secret-0123456789']);
  const nested = deepValue(100_000);
  expect(() => JSON.stringify(clean.value(nested))).not.toThrow();
  expect(JSON.stringify(clean.value(nested))).toContain(TOO_DEEP);
  expect(JSON.stringify(capDeep({ a: nested, b: 'y'.repeat(100) }, { maxString: 10 }))).toContain(
    '"yyyyyyyyyy… (90 more characters, cut)"',
  );
});

test('conformance.json stays under 10 MB and conformance.md under 1 MiB with thousands of problems', () => {
  // Seconds of CPU (7 s quiet, beside another worker): a bound against a hang, not a claim about speed.
  test.setTimeout(180_000);
  const body = manyKeys(20_000);
  const tests = Array.from({ length: 100 }, (_, t) => {
    const record = failedRecord(`case.${t}`, ['response_schema_conformance'], 'x'.repeat(20_000));
    const big = exchange(400, body);
    return {
      ...record,
      exchanges: [big],
      evidence: {
        ...record.evidence,
        failureExchanges: [big],
        failures: Array.from({ length: 100 }, (_, f) => ({
          ...record.evidence.failures[0]!,
          title: `failure ${t}-${f} ${'t'.repeat(3000)}`,
          received: 'r'.repeat(50_000),
          location: `body/errors/field_${t}_${f}`,
        })),
      },
    };
  });
  const built = buildReport(reportInput({ tests }));
  expect(built.problems.length).toBe(10_000);
  const report = fitReport(built);
  const json = Buffer.byteLength(JSON.stringify(report, null, 2));
  expect(json).toBeLessThan(10 * 1024 * 1024);
  expect(report.cut?.length).toBeGreaterThan(0);
  const markdown = renderMarkdown(report);
  expect(Buffer.byteLength(markdown)).toBeLessThan(1024 * 1024);
  expect(renderHtml(report).length).toBeGreaterThan(0);
  // Nothing cut where nothing needed to be.
  const small = fitReport(buildReport(reportInput({ tests: [failedRecord('create.full', [])] })));
  expect(small.cut).toBeUndefined();
});

test('fitMarkdown keeps whole blocks and says where it cut', () => {
  const blocks = Array.from({ length: 50 }, (_, i) => [`### block ${i}`, 'x'.repeat(50_000), '']);
  const text = fitMarkdown(blocks);
  expect(Buffer.byteLength(text)).toBeLessThan(MARKDOWN_BUDGET + 1000);
  expect(text).toMatch(/\*\*Cut here\*\* \(\d+ more sections\)/);
  expect(text.match(/^### block/gm)?.length).toBe(Math.floor(MARKDOWN_BUDGET / 50_020));
});
