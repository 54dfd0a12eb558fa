import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { childEnv, ROOT } from '../selftest/harness';
import { endedByItself, runChild } from '../support/child';

test('npm run tenant on a busy port: one actionable line, no stack trace', async () => {
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const port = (busy.address() as AddressInfo).port;
  try {
    const { code, stderr } = endedByItself(
      await runChild(
        process.execPath,
        [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/tenant/main.ts', '--port', String(port)],
        { cwd: ROOT, env: childEnv({}), timeoutMs: 60_000 },
      ),
      'npm run tenant on a busy port',
    );
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      `Port ${port} on 127.0.0.1 is already in use (another tenant still running?). Stop it, or pick another port: npm run tenant -- --port ${port + 1}`,
    ]);
  } finally {
    busy.close();
  }
});
