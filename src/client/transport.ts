import http from 'node:http';
import https from 'node:https';

export interface TransportRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer | undefined;
  /** The whole exchange, from connecting to the last byte of the body. */
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

export interface TransportResponse {
  readonly status: number;
  /** Names in lower case, sorted; repeated fields joined by ", ", Set-Cookie by newlines (one per line). */
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The request outlived MEETBIT_REQUEST_TIMEOUT_MS. Named as fetch names the error of AbortSignal.timeout. */
export class RequestTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** The response body grew past the bound; reading stopped there. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
}

const IDLE_CONNECTION_MS = 4000;

/**
 * Exactly one HTTP/1.1 exchange over Node's own http and https modules: no redirect followed, no retry, no
 * decompression (no Accept-Encoding is sent, as curl sends none), keep-alive connections per client. Node's
 * fetch did the same job at about three times the CPU: 0.85–0.9 ms a loopback POST against 0.27–0.30 ms
 * (its web streams and abort signals), which the self-test's thousands of requests felt. Nothing here is
 * traced or logged.
 */
export class HttpTransport {
  /**
   * A kept connection idle for 4 s is closed by this side, or a second before the server's announced
   * `Keep-Alive: timeout=` (Node's agent reads that hint only when it has a timeout of its own): reusing one
   * the server is closing at that moment fails as a reset, and a create is never sent twice. fetch's undici
   * kept connections the same way: 4 s by default, less than the server's hint.
   */
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
    'https:': new https.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
  };

  send(url: string, request: TransportRequest): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      let settled = false;
      const settle = (error: Error | undefined, response?: TransportResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(response!);
      };
      const headers: Record<string, string> = { ...request.headers };
      if (request.body !== undefined) headers['content-length'] = String(request.body.length);
      let outgoing: http.ClientRequest;
      try {
        outgoing = (secure ? https : http).request(target, {
          method: request.method,
          headers,
          agent: secure ? this.agents['https:'] : this.agents['http:'],
        });
      } catch (error) {
        // A header value Node refuses to send (a control character): said before anything is sent.
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      const stop = (error: Error) => {
        settle(error);
        outgoing.destroy();
      };
      const timer = setTimeout(
        () => stop(new RequestTimeoutError(`no complete response within ${request.timeoutMs} ms`)),
        request.timeoutMs,
      );
      let responded = false;
      // Once an answer has begun, its own end or error decides: a server may answer, then close while the
      // rest of the request is still being written.
      outgoing.on('error', (error) => {
        if (!responded) settle(error);
      });
      outgoing.on('response', (incoming) => {
        responded = true;
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > request.maxResponseBytes)
            stop(new ResponseTooLargeError(`the body exceeded ${request.maxResponseBytes} bytes`));
          else chunks.push(chunk);
        });
        incoming.on('error', (error) => settle(error));
        incoming.on('end', () =>
          settle(undefined, {
            status: incoming.statusCode ?? 0,
            headers: headersOf(incoming.rawHeaders),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
      outgoing.end(request.body);
    });
  }
}

/** The fields as fetch's Headers reads them (WHATWG "sort and combine"), Set-Cookie kept one per line. */
export function headersOf(raw: readonly string[]): Record<string, string> {
  const fields = new Map<string, string[]>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const values = fields.get(name);
    if (values) values.push(raw[i + 1]!);
    else fields.set(name, [raw[i + 1]!]);
  }
  const headers: Record<string, string> = {};
  for (const name of [...fields.keys()].sort())
    headers[name] = fields.get(name)!.join(name === 'set-cookie' ? '\n' : ', ');
  return headers;
}
