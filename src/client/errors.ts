export type InfrastructureFault =
  'timeout' | 'connection-refused' | 'dns' | 'tls' | 'reset' | 'blocked-port' | 'too-large' | 'network';

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

export function classifyFetchError(error: unknown): InfrastructureFault {
  const err = error as {
    name?: string;
    code?: string;
    cause?: { code?: string; name?: string; message?: string };
  };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
  const code = err.cause?.code ?? err.code ?? '';
  if (err.cause?.message === 'bad port') return 'blocked-port';
  if (code === 'ECONNREFUSED') return 'connection-refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (
    /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code) ||
    /certificate|tls|ssl/i.test(err.cause?.message ?? '')
  )
    return 'tls';
  if (
    code === 'ECONNRESET' ||
    code === 'UND_ERR_SOCKET' ||
    code === 'EPIPE' ||
    /other side closed/i.test(err.cause?.message ?? '')
  ) {
    return 'reset';
  }
  if (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  )
    return 'timeout';
  return 'network';
}

export const FAULT_HINTS: Record<InfrastructureFault, string> = {
  timeout:
    'the tenant did not answer in time (MEETBIT_REQUEST_TIMEOUT_MS); check that it is up and not overloaded',
  'connection-refused':
    'nothing listens at that address; check MEETBIT_BASE_URL / MEETBIT_PRIMARY_DOMAIN and the port',
  dns: 'the host name does not resolve; check MEETBIT_BASE_URL / MEETBIT_PRIMARY_DOMAIN',
  tls: 'the TLS handshake failed (certificate not trusted, expired, or for another host); fix the certificate or the host name',
  reset: 'the connection was closed before a complete response arrived (a proxy, a crash or a load balancer)',
  'blocked-port':
    'fetch refuses this port (the WHATWG "bad ports" list, e.g. 9, 25, 6000); serve the tenant on another port',
  'too-large': 'the response body was larger than the suite accepts',
  network: 'the request failed at the network level',
};
