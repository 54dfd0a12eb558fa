import { lookup } from 'node:dns/promises';
import type { Exchange } from '../contract/exchange';
import { mediaTypeOf } from '../contract/exchange';
import type { TenantClient } from './client';
import { FAULT_HINTS, InfrastructureError } from './errors';
import { InsecureTargetError } from './loopback';

export type PreflightProblem =
  | { readonly kind: 'infrastructure'; readonly message: string }
  | { readonly kind: 'configuration'; readonly message: string };

/**
 * Before the suite proper: is there an API at the address, and do the credentials work? Two requests
 * that create nothing on a conforming tenant (no credentials; then an empty body). Seconds, not minutes.
 */
export async function preflight(
  client: TenantClient,
  baseUrl: string,
): Promise<PreflightProblem | undefined> {
  const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
  try {
    await withTimeout(lookup(host), 5000);
  } catch {
    return infrastructure(`${host} does not resolve: ${FAULT_HINTS.dns}.`);
  }

  const anonymous = await probe(client, 'none', baseUrl);
  if ('kind' in anonymous) return anonymous;
  const authenticated = await probe(client, 'full', baseUrl);
  if ('kind' in authenticated) return authenticated;
  if (authenticated.response.status === 401) {
    return {
      kind: 'configuration',
      message:
        'The tenant rejected the access key (401 to an authenticated request): check MEETBIT_ACCESS_KEY_ID and ' +
        'MEETBIT_ACCESS_KEY_SECRET, and that the key has online_conferences.create.*.',
    };
  }
  return undefined;
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
  const looksHtml = mediaType === 'text/html' || /^\s*<(!doctype html|html)/i.test(body);
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

function infrastructure(message: string): PreflightProblem {
  return { kind: 'infrastructure', message };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}
