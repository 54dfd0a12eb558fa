import type { Handler, TenantRequest, TenantResponse } from '../../src/tenant/tenant';

/**
 * Hostile and broken tenants, each a wrapper of a handler (the reference tenant with canary keys).
 * Everything here runs on loopback only.
 */

/** Terminal control a tenant may send: a clipboard write, a window title, a screen clear, a forged line. */
export const TERMINAL_ATTACK =
  '\u001b]52;c;Y3VybCBodHRwOi8vZXZpbC5leGFtcGxlIHwgc2g=\u0007\u001b]0;pwned\u0007\u001b[2J\u001b[H' +
  '\r\n  93 passed (1.2s)\n\u009b31m\u202egnp.exe\u2066';
/** Markup a tenant may send into a job summary or a report. */
export const MARKUP_ATTACK =
  '<img src=x onerror=alert(1)>\n# Forged heading\n[click](http://evil.example/) **bold** `code` | table |';

const uEscaped = (text: string) =>
  [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const b64At = (text: string, offset: number, url: boolean) =>
  Buffer.concat([Buffer.from('xyz'.slice(0, offset)), Buffer.from(text)]).toString(
    url ? 'base64url' : 'base64',
  );
const reverse = (text: string) => [...text].reverse().join('');

/**
 * Echoes the secret it was sent in every form, in bodies, header values and header names, and fills
 * what it can with terminal control and markup. Its 200s carry the secret as the title (JSON-escaped),
 * so the echo check fails and prints it; its 400s carry the secret (and the attacks) as `errors` keys
 * whose values break the schema, so the schema check prints them as locations.
 */
export const echoingEveryForm =
  (handler: Handler): Handler =>
  (request) => {
    const response = handler(request);
    const secret = request.headers['x-access-key-secret'] ?? '';
    const id = request.headers['x-access-key-id'] ?? '';
    if (!secret) return response;
    const hex = Buffer.from(secret).toString('hex');
    const headers: Record<string, string> = {
      ...response.headers,
      'x-echo-hex': hex.toUpperCase(),
      'x-echo-base64': b64At(secret, 1, false),
      'x-echo-base64url': b64At(secret, 2, true),
      'x-echo-percent': encodeURIComponent(secret),
      'x-echo-upper': secret.toUpperCase(),
      'x-echo-reversed': reverse(secret),
      'x-echo-html': [...secret].map((c) => `&#${c.charCodeAt(0)};`).join(''),
      'x-part-1': secret.slice(0, Math.ceil(secret.length / 2)),
      'x-part-2': secret.slice(Math.ceil(secret.length / 2)),
      [`x-${id}`]: 'key id in a header name',
      [`x-h${hex}`]: 'secret in a header name',
    };
    let body = response.body;
    if (response.status === 200) {
      const parsed = JSON.parse(body) as { data: Record<string, unknown> };
      parsed.data.title = '@@TITLE@@';
      body = JSON.stringify({ ...parsed, debug: { slash: '@@SLASH@@', b64: b64At(secret, 0, false) } })
        .replace('"@@TITLE@@"', `"${uEscaped(secret)}"`)
        .replace('"@@SLASH@@"', JSON.stringify(secret).replace(/\//g, '\\/'));
    } else if (response.status === 400) {
      const parsed = JSON.parse(body) as { message: string; errors: Record<string, unknown> };
      parsed.errors['@@KEY@@'] = { note: TERMINAL_ATTACK };
      parsed.errors[MARKUP_ATTACK + TERMINAL_ATTACK] = 42;
      parsed.message = `${MARKUP_ATTACK}${TERMINAL_ATTACK}`;
      body = JSON.stringify(parsed).replace('"@@KEY@@"', JSON.stringify(secret).replace(/\//g, '\\/'));
    } else if (response.status === 401) {
      body = `${response.body} ${reverse(secret)} ${TERMINAL_ATTACK}`;
    }
    return { ...response, headers, body };
  };

/** A 400 to everything, its body 2 MB: a million numbers where strings belong. */
export const floodingSchemaErrors = (): Handler => {
  const items = Array.from({ length: 1_000_000 }, (_, i) => i % 10).join(',');
  const body = `{"message":"The given data was invalid.","errors":{"title":[${items}]}}`;
  return () => ({ status: 400, headers: { 'content-type': 'application/json' }, body });
};

/** A conforming tenant whose every JSON answer is padded with whitespace to about 4.9 MB. */
export const paddingBodies =
  (handler: Handler): Handler =>
  (request) => {
    const response = handler(request);
    if (!response.headers['content-type']?.includes('json')) return response;
    return { ...response, body: response.body + ' '.repeat(4.9 * 1024 * 1024 - response.body.length) };
  };

/** 429 with `Retry-After: 59`, forever. */
export const throttlingForever = (): Handler => () => ({
  status: 429,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '59' },
  body: 'Too Many Attempts.',
});

export type { TenantRequest, TenantResponse };

/** The key in look-alike forms (issue 20): fullwidth, and each character followed by a zero-width space. */
export const fullwidth = (text: string) =>
  text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
export const zeroWidthInterleaved = (text: string) => [...text].join('\u200b');
/**
 * What XML 1.0 forbids and what reorders text, as a JSON body carries it (escapes, so a lone surrogate
 * survives the wire): noncharacters, a lone high and a lone low surrogate, C0 controls, every bidi control.
 */
export const XML_FORBIDDEN =
  '\ufffe\uffff\ud800 \udc00 \u0001\u0008\u000b\u001f \u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';

/**
 * Round 3 of the hostile tenant: every third request with a key is answered 429 with the secret as
 * Retry-After (past the preflight's two); 200s echo the secret as the title in fullwidth and carry it
 * zero-width-interleaved in a header; 400s carry it fullwidth as an `errors` key, XML-forbidden characters
 * in their message and in a key of their own; 401s add it zero-width-interleaved to their text.
 */
export const lookAlikesAndRetryAfter = (handler: Handler): Handler => {
  let seen = 0;
  return (request) => {
    const secret = request.headers['x-access-key-secret'] ?? '';
    seen += 1;
    if (secret && seen % 3 === 0)
      return {
        status: 429,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': secret },
        body: 'Too Many Attempts.',
      };
    const response = handler(request);
    if (!secret) return response;
    const headers = {
      ...response.headers,
      'x-echo-zero-width': encodeURIComponent(zeroWidthInterleaved(secret)),
    };
    let body = response.body;
    if (response.status === 200) {
      const parsed = JSON.parse(body) as { data: Record<string, unknown> };
      parsed.data.title = fullwidth(secret);
      body = JSON.stringify(parsed);
    } else if (response.status === 400) {
      const parsed = JSON.parse(body) as { message: string; errors: Record<string, unknown> };
      parsed.errors[fullwidth(secret)] = 42;
      // A number where a list belongs: a failure whose location is this key, with no key of ours beside it.
      parsed.errors[`key ${XML_FORBIDDEN}`] = 7;
      parsed.message = `Invalid ${XML_FORBIDDEN} ${zeroWidthInterleaved(secret)}`;
      body = JSON.stringify(parsed);
    } else if (response.status === 401) {
      body = `${response.body} ${zeroWidthInterleaved(secret)}`;
    }
    return { ...response, headers, body };
  };
};

/** The reference tenant, each 400 replaced by a body nested a million arrays deep (2 MB). */
export const deeplyNested =
  (handler: Handler): Handler =>
  (request) => {
    const response = handler(request);
    if (response.status !== 400) return response;
    return { ...response, body: `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}` };
  };

/** The reference tenant, each 400's `errors` replaced by 20,000 keys (each a valid list of strings). */
export const twentyThousandErrorKeys = (handler: Handler): Handler => {
  const errors = JSON.stringify(
    Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`unrelated_field_${i}`, ['is invalid.']])),
  );
  return (request) => {
    const response = handler(request);
    if (response.status !== 400) return response;
    return { ...response, body: `{"message":"The given data was invalid.","errors":${errors}}` };
  };
};
