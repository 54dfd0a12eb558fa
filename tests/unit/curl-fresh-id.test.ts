import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { FRESH_PUBLIC_ID_NOTE, INVISIBLE_NOTE, toCurl } from '../../src/report/curl';

const request = (body: string) => ({
  method: 'POST',
  url: 'http://127.0.0.1:4010/api/public/v2.0/online_conferences',
  headers: { 'content-type': 'application/json' },
  body,
});

/** What the shell would send: the curl run through printf instead. */
function sentBody(curl: string): string {
  const out = execFileSync('sh', ['-c', curl.replace(/^curl /, 'printf "%s\\n" ')], { encoding: 'utf8' });
  return out.split('\n').at(-2)!;
}

test('a suite public_id is replaced by a fresh one of the same length and characters, and the report says so', () => {
  const sent = '{"public_id":"mbct-20261201-ab12-s1w0-007","title":"[conformance test 20261201-ab12] x"}';
  const curl = toCurl(request(sent), () => 9);
  expect(curl.endsWith(`\n${FRESH_PUBLIC_ID_NOTE}`)).toBe(true);
  const replayed = sentBody(curl);
  expect(replayed).toBe(
    '{"public_id":"mbct-99999999-ab99-s9w9-999","title":"[conformance test 20261201-ab12] x"}',
  );
  expect((JSON.parse(replayed) as { public_id: string }).public_id).toHaveLength(
    'mbct-20261201-ab12-s1w0-007'.length,
  );
});

test('a boundary value built on the id keeps its defect: the appended characters stay', () => {
  const curl = toCurl(request('{"public_id":"mbct-run-w0-025 x"}'), () => 3);
  expect(sentBody(curl)).toBe('{"public_id":"mbct-run-w3-333 x"}');
});

test('a body cut short still gets a fresh id; a body without one is replayed as sent, with no note', () => {
  expect(sentBody(toCurl(request('{"public_id":"mbct-run-w0-001","ti'), () => 5))).toBe(
    '{"public_id":"mbct-run-w5-555","ti',
  );
  const other = toCurl(request('{"public_id":"customer-id-1"}'));
  expect(other).not.toContain(FRESH_PUBLIC_ID_NOTE);
  expect(sentBody(other)).toBe('{"public_id":"customer-id-1"}');
});

test('without an injected source the digits are random: two curls of one request differ', () => {
  const body = '{"public_id":"mbct-20261201160907-c2c28c-w0-001"}';
  expect(toCurl(request(body))).not.toBe(toCurl(request(body)));
});

test('invisible characters in a JSON body are written as \\u escapes: the shell sends the same JSON value', () => {
  const title = 'a\u200bb\u00a0c\ufe0fd\u0007e\u{e0101}f';
  const sent = JSON.stringify({ public_id: 'x', title });
  const curl = toCurl(request(sent));
  expect(curl).toContain(INVISIBLE_NOTE);
  for (const invisible of ['\u200b', '\u00a0', '\ufe0f']) expect(curl).not.toContain(invisible);
  const replayed = sentBody(curl.split('\n# ')[0]!);
  expect((JSON.parse(replayed) as { title: string }).title).toBe(title);
  // A body that is not JSON says something else escaped: left as it is.
  expect(toCurl(request('{"title":"a\u200b'))).not.toContain(INVISIBLE_NOTE);
  expect(toCurl(request('{"title":"plain"}'))).not.toContain(INVISIBLE_NOTE);
});
