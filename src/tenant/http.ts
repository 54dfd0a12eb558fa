import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_BASE_PATH } from './defaults';
import type { Handler, TenantRequest } from './tenant';

export interface RunningTenant {
  readonly origin: string;
  readonly baseUrl: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Serves a handler on loopback. Bodies beyond `maxBodyBytes` are drained, not kept. */
export async function serve(
  handler: Handler,
  { port = 0, host = '127.0.0.1', maxBodyBytes = 1024 * 1024 } = {},
): Promise<RunningTenant> {
  const server = createServer((req, res) => {
    void respond(handler, req, res, maxBodyBytes);
  });
  server.keepAliveTimeout = 5000;
  server.headersTimeout = 10000;
  server.requestTimeout = 30000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    origin,
    baseUrl: `${origin}${API_BASE_PATH}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function respond(
  handler: Handler,
  req: IncomingMessage,
  res: ServerResponse,
  maxBodyBytes: number,
): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    }
    const request: TenantRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: flattenHeaders(req.headers),
      body: Buffer.concat(chunks).toString('utf8'),
      bodyTooLarge: size > maxBodyBytes,
      remoteAddress: req.socket.remoteAddress ?? 'unknown',
    };
    const response = handler(request);
    res.writeHead(response.status, {
      ...response.headers,
      'content-length': Buffer.byteLength(response.body),
    });
    res.end(response.body);
  } catch {
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('An unexpected error occurred.');
    } else res.destroy();
  }
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers))
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}
