import { lookup } from 'node:dns/promises';
import type { Exchange } from '../contract/exchange';
import { mediaTypeOf } from '../contract/exchange';
import type { TenantClient } from './client';
import { FAULT_HINTS, InfrastructureError } from './errors';
import { InsecureTargetError } from './pinned-url';

export type PreflightProblem =
  | { readonly kind: 'infrastructure'; readonly message: string }
  | { readonly kind: 'configuration'; readonly message: string };

/** The requests the preflight sends to a reachable tenant; the plan (`--list`) counts them. */
export const PREFLIGHT_REQUESTS = 2;

export interface PreflightResult {
  readonly problem?: PreflightProblem;
  /** Things a person should know that do not stop the run, e.g. an empty body accepted without a key. */
  readonly warnings: readonly string[];
}

/**
 * Before the suite proper: is there an API at the address, and do the credentials work? Two requests
 * that create nothing on a conforming tenant (no credentials; then an empty body). Seconds, not minutes.
 */
export async function preflight(client: TenantClient, baseUrl: string): Promise<PreflightResult> {
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
  if (authenticated.response.status === 401) {
    return {
      warnings,
      problem: {
        kind: 'configuration',
        message:
          'The tenant rejected the access key (401 to an authenticated request): check MEETBIT_ACCESS_KEY_ID and ' +
          'MEETBIT_ACCESS_KEY_SECRET, and that the key has online_conferences.create.*.',
      },
    };
  }
  return { warnings };
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

/** One request with an empty body (nothing to create), or the problem that it shows. */
async function probe(
  client: TenantClient,
  auth: 'none' | 'full',
  baseUrl: string,
): Promise<Exchange | PreflightProblem> {
  try {
    const exchange = await client.sendOnce({ auth, json: {} });
    return notAnApi(exchange, baseUrl) ?? exchange;
  } catch (error) {
    if (error instanceof InfrastructureError) return infrastructure(error.summary);
    if (error instanceof InsecureTargetError) return { kind: 'configuration', message: error.message };
    throw error;
  }
}

function notAnApi(exchange: Exchange, baseUrl: string): PreflightProblem | undefined {
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
  if (status === 404 || status === 405) {
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
