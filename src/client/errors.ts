export type InfrastructureFault =
  'timeout' | 'connection-refused' | 'dns' | 'plain-http' | 'tls' | 'reset' | 'too-large' | 'network';

/**
 * The tenant gave no usable response. This is not a conformance verdict: the suite cannot say
 * whether the tenant conforms. A create is never retried after it (it may have been processed).
 */
export class InfrastructureError extends Error {
  override readonly name = 'InfrastructureError';
  constructor(
    readonly fault: InfrastructureFault,
    /** What happened, without the explanation: "No response to POST …: timeout (…)". */
    readonly summary: string,
  ) {
    super(
      `${summary} This is an infrastructure error, not a conformance verdict; the request was not retried, ` +
        'since a create must never be sent twice.',
    );
  }
}

/**
 * The tenant kept throttling beyond the suite's bounds; the test ends instead of hanging. The message is
 * the suite's own words only: it reaches every report, and the tenant's Retry-After is tenant text, so it
 * is kept as data here (and in the recorded 429 exchange, which passes the output exit).
 */
export class RateLimitExhaustedError extends Error {
  override readonly name = 'RateLimitExhaustedError';
  constructor(
    message: string,
    /** The Retry-After the tenant sent with its last 429, as received. */
    readonly retryAfter?: string,
  ) {
    super(message);
  }
}

/** What kind of failure an error of the transport (transport.ts: Node's http, https, net, tls) is. */
export function classifyNetworkError(error: unknown): InfrastructureFault {
  const err = error as { name?: string; code?: string; message?: string };
  if (err.name === 'TimeoutError') return 'timeout';
  if (err.name === 'ResponseTooLargeError') return 'too-large';
  const code = err.code ?? '';
  const message = err.message ?? '';
  if (code === 'ECONNREFUSED') return 'connection-refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  // TLS spoken to a plain-http port: OpenSSL reads "HTTP/1.1 400" as a record of an unknown version. Not a
  // certificate problem, and the fix is the URL's scheme (or port), not the certificate.
  if (
    /WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST/i.test(code) ||
    /wrong version number|packet length too long/i.test(message)
  )
    return 'plain-http';
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code) || /certificate|tls|ssl/i.test(message))
    return 'tls';
  // "socket hang up" before any response, "aborted" in the middle of one.
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  return 'network';
}

export const FAULT_HINTS: Record<InfrastructureFault, string> = {
  timeout:
    'the tenant did not answer in time (MEETBIT_REQUEST_TIMEOUT_MS); check that it is up and not overloaded',
  'connection-refused':
    'nothing listens at that address; check MEETBIT_BASE_URL / MEETBIT_PRIMARY_DOMAIN and the port',
  dns: 'the host name does not resolve; check MEETBIT_BASE_URL / MEETBIT_PRIMARY_DOMAIN',
  'plain-http':
    'the server answered in plain http: use http:// if it is a local server (plain http goes to loopback only), ' +
    'or the port that serves https; check MEETBIT_BASE_URL',
  tls: 'the TLS handshake failed (certificate not trusted, expired, or for another host); fix the certificate or the host name',
  reset: 'the connection was closed before a complete response arrived (a proxy, a crash or a load balancer)',
  'too-large': 'the response body was larger than the suite accepts',
  network: 'the request failed at the network level',
};
