import { lookup } from 'node:dns/promises';
import { isLoopbackAddress } from '../safety/loopback';

export type ResolveAll = (host: string) => Promise<readonly string[]>;

export const systemResolver: ResolveAll = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/** Plain http to a name whose resolution is not loopback: the key would leave the machine in clear text. */
export class InsecureTargetError extends Error {
  override readonly name = 'InsecureTargetError';
}

/**
 * The URL requests really go to. https: unchanged. http: a literal loopback address is kept; a name
 * (`localhost`, `anything.localhost`) is resolved here, every address it resolves to must be loopback,
 * and the URL is rewritten to the first of them, so the connection goes to the address that was
 * checked and not to whatever a second lookup returns.
 */
export async function pinnedUrl(url: string, resolve: ResolveAll = systemResolver): Promise<string> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:') return url;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isLoopbackAddress(host)) return url;
  let addresses: readonly string[];
  try {
    // A fully qualified `localhost.` is `localhost`; resolvers that read /etc/hosts know only the latter.
    addresses = await resolve(host.replace(/\.$/, ''));
  } catch {
    addresses = [];
  }
  if (addresses.length === 0 || !addresses.every(isLoopbackAddress)) {
    throw new InsecureTargetError(
      'MEETBIT_BASE_URL uses plain http to a name that does not resolve to loopback only; the access key would ' +
        'travel unencrypted off this machine. Use https, or 127.0.0.1.',
    );
  }
  const address = addresses[0]!;
  parsed.hostname = address.includes(':') ? `[${address}]` : address;
  return parsed.href;
}
