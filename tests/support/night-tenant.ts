import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_BASE_PATH } from '../../src/tenant/defaults';
import type { Handler } from '../../src/tenant/tenant';

/** What a tenant does tonight: its behaviour (a reference tenant, maybe with a defect) and how slowly. */
export interface Night {
  readonly handler: Handler;
  /** Added before one answer in `every` (every answer without it), as a deployment with a slower tail would. */
  readonly slow?: { readonly delayMs: number; readonly every?: number };
}

export interface NightTenant {
  readonly baseUrl: string;
  /** From now on, the tenant behaves as `night` says. */
  tonight(night: Night): void;
  close(): Promise<void>;
}

/** One address whose behaviour changes from night to night: a monitored tenant, redeployed. Loopback only. */
export async function serveNights(first: Night): Promise<NightTenant> {
  let current = first;
  let answers = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 1024 * 1024) chunks.push(chunk);
    });
    req.on('end', () => {
      const night = current;
      const slow = night.slow && answers++ % (night.slow.every ?? 1) === 0 ? night.slow.delayMs : 0;
      setTimeout(() => {
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(req.headers))
          headers[name] = Array.isArray(value) ? value.join(', ') : value;
        const response = night.handler({
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          headers,
          body: Buffer.concat(chunks).toString('utf8'),
          bodyTooLarge: size > 1024 * 1024,
          remoteAddress: req.socket.remoteAddress ?? 'unknown',
        });
        res.writeHead(response.status, {
          ...response.headers,
          'content-length': Buffer.byteLength(response.body),
        });
        res.end(response.body);
      }, slow);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${API_BASE_PATH}`,
    tonight: (night) => {
      current = night;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
