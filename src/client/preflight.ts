import { lookup } from 'node:dns/promises';
import type { Exchange } from '../contract/exchange';
import { mediaTypeOf } from '../contract/exchange';
import { keyNamesField, rejectionNames } from '../contract/error-keys';
import { dispositionOf, errorKeysOf, parseJsonBody } from '../contract/semantics';
import type { TenantClient } from './client';
import { FAULT_HINTS, InfrastructureError } from './errors';
import { InsecureTargetError } from './pinned-url';

export type PreflightProblem =
  | { readonly kind: 'infrastructure'; readonly message: string }
  | { readonly kind: 'configuration'; readonly message: string };

/** The requests the preflight sends to a reachable tenant, and what they create; the plan counts them. */
export const PREFLIGHT_REQUESTS = 3;
export const PREFLIGHT_CREATES = 1;

export interface PreflightResult {
  readonly problem?: PreflightProblem;
  /** Things a person should know that do not stop the run, e.g. an empty body accepted without a key. */
  readonly warnings: readonly string[];
  /** The setup create, when the tenant accepted it: it belongs in the run's list of created conferences. */
  readonly created?: Exchange;
}

/** A valid create under the user's settings: the one request that proves them before anything is judged. */
export interface SetupProbe {
  readonly body: Record<string, unknown>;
  /** Which setting gave which field of the body: named when the tenant refuses that field. */
  readonly settings: readonly {
    readonly field: string;
    readonly setting: string;
    /** Words a refusal of it may use instead of the field's name ("Unknown account."). */
    readonly words: readonly string[];
  }[];
}

/**
 * Before the suite proper: is there an API at the address, do the credentials work, and do the settings
 * describe this tenant? Three requests: no credentials and an empty body, the key and an empty body (both
 * create nothing on a conforming tenant), then one valid create with the configured account (one private,
 * labelled conference). A refusal of the user's own settings is their configuration, found in seconds and
 * blamed on no one; anything else the tenant does wrong is left to the tests.
 */
export async function preflight(
  client: TenantClient,
  baseUrl: string,
  setup?: SetupProbe,
): Promise<PreflightResult> {
  const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
  try {
    await withTimeout(lookup(host), 5000);
  } catch {
    return { problem: infrastructure(`${host} does not resolve: ${FAULT_HINTS.dns}.`), warnings: [] };
  }

  const anonymous = await probe(client, 'none', baseUrl);
  if ('kind' in anonymous) return { problem: anonymous, warnings: [] };
  const authenticated = await probe(client, 'full', baseUrl);
  if ('kind' in authenticated) return { problem: authenticated, warnings: [] };
  const warnings = [
    acceptedEmptyBody(anonymous, 'without credentials'),
    acceptedEmptyBody(authenticated, 'with the access key'),
  ].filter((warning) => warning !== undefined);
  if (dispositionOf(authenticated.response.status) === 'unauthorized') {
    return { warnings, problem: keyRefused(anonymous, authenticated) };
  }
  if (!setup) return { warnings };
  // The address has just answered as the API twice: a 404 now is about what the create refers to.
  const created = await probe(client, 'full', baseUrl, setup.body, { operationFound: true });
  if ('kind' in created) return { problem: created, warnings };
  const problem = setupRefused(created, setup, anonymous);
  if (problem) return { problem, warnings };
  if (dispositionOf(created.response.status) === 'accepted') return { warnings, created };
  return {
    warnings: [
      ...warnings,
      `The tenant answered ${created.response.status} to a valid create under your settings, for a reason that ` +
        `names none of them (${quote(created.response.body)}): the suite runs, and its tests will say what does not conform.`,
    ],
  };
}

/**
 * A 401 (or 403) to the key with an empty body. When it differs from the 401 without credentials, the
 * tenant recognised the key and refused it something: most likely the permission.
 */
function keyRefused(anonymous: Exchange, authenticated: Exchange): PreflightProblem {
  const said = authenticated.response.body.trim();
  const recognised = said !== '' && said !== anonymous.response.body.trim();
  return {
    kind: 'configuration',
    message: recognised
      ? `The tenant recognised the access key but refused it (${authenticated.response.status}: ${quote(said)}): ` +
        'the key needs the permission online_conferences.create.* (the spec states it). Grant it, or set ' +
        'MEETBIT_ACCESS_KEY_ID and MEETBIT_ACCESS_KEY_SECRET to a key that has it.'
      : `The tenant rejected the access key (${authenticated.response.status} to an authenticated request): check ` +
        'MEETBIT_ACCESS_KEY_ID and MEETBIT_ACCESS_KEY_SECRET, and that the key has online_conferences.create.*.',
  };
}

/**
 * A valid create refused for a field the user configured (the account, the backer event), or refused to
 * the key after an empty body with it was not: the settings do not fit this tenant. Quotes the tenant's
 * words. The empty body's 400 does not prove the key was accepted: a tenant that validates before it
 * authenticates (express-openapi-validator's order) answers it 400 whatever the key.
 */
function setupRefused(
  exchange: Exchange,
  setup: SetupProbe,
  anonymous: Exchange,
): PreflightProblem | undefined {
  const { status, body } = exchange.response;
  const disposition = dispositionOf(status);
  if (disposition === 'unauthorized') {
    const said = body.trim();
    const asAnonymous = said !== '' && said === anonymous.response.body.trim();
    return {
      kind: 'configuration',
      message: asAnonymous
        ? `The tenant refused a valid create with the access key (${status}: ${quote(body)}), the answer it gives ` +
          'without credentials: the key was not recognised (its 400 to an empty body came before authentication). ' +
          'Check MEETBIT_ACCESS_KEY_ID and MEETBIT_ACCESS_KEY_SECRET.'
        : `The tenant refused a valid create with the access key (${status}: ${quote(body)}) after answering an ` +
          'empty body with it 400: either the key was refused (a tenant that validates before it authenticates ' +
          'answers an empty body 400 whatever the key) or it lacks online_conferences.create.* for this account. ' +
          'Check MEETBIT_ACCESS_KEY_ID and MEETBIT_ACCESS_KEY_SECRET, the key’s permission, and MEETBIT_ACCOUNT_ID.',
    };
  }
  if (disposition !== 'rejected') return undefined;
  if (status === 404) return notFound(exchange, setup);
  const named = setup.settings.find(
    ({ field, words }) => rejectionNames(exchange.response.body, field, words) === true,
  );
  if (!named) return undefined;
  return {
    kind: 'configuration',
    message:
      `The tenant refused a valid create for its ${named.field} (${status}: ${quote(messageFor(exchange, named.field))}): ` +
      `${named.setting} does not name one this key may use on this tenant. Check ${named.setting}; nothing was ` +
      'judged, and this is not the tenant failing a requirement.',
  };
}

/**
 * A 404 to a valid create from an address that answered the probes before it: NestJS's NotFoundException,
 * Rails' RecordNotFound and the like for an id that names nothing. The ids in it are the user's settings.
 */
function notFound(exchange: Exchange, setup: SetupProbe): PreflightProblem {
  const named = setup.settings.filter(
    ({ field, words }) => rejectionNames(exchange.response.body, field, words) === true,
  );
  const settings = (named.length > 0 ? named : setup.settings).map(({ setting }) => setting);
  return {
    kind: 'configuration',
    message:
      `The tenant answered 404 to a valid create under your settings (${quote(exchange.response.body)}), at the ` +
      `address that answered the probes before it: something the create refers to does not exist. Check ` +
      `${settings.join(' and ')}; nothing was judged, and this is not the tenant failing a requirement.`,
  };
}

function messageFor(exchange: Exchange, field: string): string {
  const errors = (parseJsonBody(exchange) as { errors?: Record<string, unknown> } | undefined)?.errors;
  const key =
    errors && typeof errors === 'object'
      ? errorKeysOf(exchange).find((k) => keyNamesField(k, field))
      : undefined;
  const said = key === undefined ? undefined : errors?.[key];
  return typeof said === 'string'
    ? said
    : Array.isArray(said) && typeof said[0] === 'string'
      ? said[0]
      : exchange.response.body;
}

/** Tenant text in a message: JSON-quoted, one line, cut (the output exit cleans the rest). */
function quote(text: string): string {
  return JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}…` : text);
}

/** An empty JSON object must be rejected (400, or 401 without a key); a 2xx may have created something. */
function acceptedEmptyBody(exchange: Exchange, how: string): string | undefined {
  const { status } = exchange.response;
  if (status < 200 || status >= 300) return undefined;
  return (
    `The tenant answered ${status} to an empty JSON object sent ${how}: it accepted a create it must reject, ` +
    'and may have created something. The suite runs; its tests will say what does not conform.'
  );
}

/** One request (an empty body unless given one), or the problem that it shows. */
async function probe(
  client: TenantClient,
  auth: 'none' | 'full',
  baseUrl: string,
  json: Record<string, unknown> = {},
  { operationFound = false } = {},
): Promise<Exchange | PreflightProblem> {
  try {
    const exchange = await client.sendOnce({ auth, json });
    return notAnApi(exchange, baseUrl, operationFound) ?? exchange;
  } catch (error) {
    if (error instanceof InfrastructureError) {
      // A scheme that does not fit the port is the user's setting, found before anything is judged.
      return error.fault === 'plain-http'
        ? { kind: 'configuration', message: error.summary }
        : infrastructure(error.summary);
    }
    if (error instanceof InsecureTargetError) return { kind: 'configuration', message: error.message };
    throw error;
  }
}

function notAnApi(
  exchange: Exchange,
  baseUrl: string,
  operationFound: boolean,
): PreflightProblem | undefined {
  const { status, headers, body } = exchange.response;
  const mediaType = mediaTypeOf(headers['content-type']) ?? '';
  // Only the body decides: a tenant that labels its own JSON or text errors text/html is the API, wrongly
  // labelled, which the suite reports as a conformance failure, not as a proxy page in the way.
  const looksHtml =
    /^\s*<(!doctype\s+html|html|head|body)[\s>]/i.test(body) ||
    (mediaType === 'text/html' && /<\/?(html|head|body|title|h1|p|div)[\s>]/i.test(body) && !isJson(body));
  if (looksHtml) {
    // Tenant text, shown as a JSON string: quoted, escaped, one line (the output exit escapes the rest).
    const title = /<title>([^<]{0,120})<\/title>/i.exec(body)?.[1]?.trim();
    return infrastructure(
      `The tenant answered ${status} with an HTML page${title ? ` (${JSON.stringify(title)})` : ''}, not the API: a proxy, load ` +
        `balancer, login or error page is in the way. Check that ${baseUrl} is the API's base URL (…/api/public/v2.0) ` +
        'and that the tenant is up.',
    );
  }
  if ((status === 404 && !operationFound) || status === 405) {
    return {
      kind: 'configuration',
      message: `The tenant answered ${status} for POST ${baseUrl}/online_conferences: no such operation there. Check the base URL (it should end in /api/public/v2.0).`,
    };
  }
  if (status >= 502 && status <= 504) {
    return infrastructure(
      `The tenant answered ${status} (a gateway error): it is down or unreachable behind its proxy.`,
    );
  }
  if (status >= 300 && status < 400) {
    return {
      kind: 'configuration',
      message: `The tenant redirects (${status} to ${JSON.stringify((headers.location ?? '?').slice(0, 300))}); the suite does not follow redirects. Use the final URL.`,
    };
  }
  return undefined;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function infrastructure(message: string): PreflightProblem {
  return { kind: 'infrastructure', message };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}
