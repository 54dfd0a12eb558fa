import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { searchBytes } from '../reports/leak-search';

/** The canary test is only as good as its search: each hiding place must be found. */
const CANARY = 'CANARY-SECRET-0123456789';
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

for (const [name, bytes] of [
  ['plain text', Buffer.from(`header: ${CANARY}\n`)],
  ['base64 inside JSON, padded', Buffer.from(JSON.stringify({ body: b64(`x:${CANARY}`) }))],
  ['base64 glued to other letters', Buffer.from(`abc${b64(`--${CANARY}--`)}`)],
  ['URL-safe base64', Buffer.from(b64(`??>${CANARY}`).replace(/\+/g, '-').replace(/\//g, '_'))],
  ['gzip', gzipSync(`{"k":"${CANARY}"}`)],
  [
    'base64 of gzip of base64',
    Buffer.from(`data:application/gzip;base64,${b64(gzipSync(b64(`{"s":"${CANARY}"}`)))}`),
  ],
] as const) {
  test(`finds the canary in ${name}`, () => {
    expect(searchBytes(bytes, [CANARY], name).length).toBeGreaterThan(0);
  });
}

test('finds nothing where there is nothing', () => {
  expect(
    searchBytes(Buffer.from(`${b64('harmless text that is long enough')} plain words`), [CANARY], 'x'),
  ).toEqual([]);
});
