import { createServer, type AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { parse } from 'dotenv';
import { parseConfig } from '../../src/config/config';
import { childEnv, ROOT } from '../selftest/harness';
import { endedByItself, runChild, type ChildOptions } from '../support/child';

/** `npm run tenant [-- args]`, as a child process. */
async function runTenant(args: readonly string[], options: Partial<ChildOptions> = {}) {
  return endedByItself(
    await runChild(process.execPath, ['--import', 'tsx', 'src/tenant/main.ts', ...args], {
      cwd: ROOT,
      env: childEnv({}),
      timeoutMs: 60_000,
      ...options,
    }),
    `npm run tenant ${args.join(' ')}`,
  );
}

test('npm run tenant on a busy port: one actionable line, no stack trace', async () => {
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const port = (busy.address() as AddressInfo).port;
  try {
    const { code, stderr } = await runTenant(['--port', String(port)]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      `Port ${port} on 127.0.0.1 is already in use (another tenant still running?). Stop it, or pick another port: npm run tenant -- --port ${port + 1}`,
    ]);
  } finally {
    busy.close();
  }
});

test('npm run tenant -- --help prints its usage; an unknown option is named with the usage, no stack trace', async () => {
  const help = await runTenant(['--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('--port <n>');
  expect(help.stdout).toContain('--no-rate-limit');
  const unknown = await runTenant(['--prot', '4011']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("Unknown option '--prot'");
  expect(unknown.stderr).toContain('--port <n>');
  expect(unknown.stderr).not.toMatch(/\n\s+at /);
});

test('the sandbox prints MEETBIT_* lines ready to paste: as .env they configure a run against it', async () => {
  const run = await runTenant(['--port', '0'], {
    stopWhen: (stdout) => stdout.includes('MEETBIT_MAX_RPS='),
  });
  expect(run.code, run.stderr).toBe(0);
  const settings = parse(run.stdout);
  expect(Object.keys(settings).every((name) => name.startsWith('MEETBIT_'))).toBe(true);
  const config = parseConfig(settings);
  if (!config.ok) throw new Error(config.problems.join('\n'));
  expect(config.config.target).toEqual({
    kind: 'remote',
    baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/public\/v2\.0$/),
  });
  expect(config.config.restrictedCredentials).toBeDefined();
  expect(config.config.disposable).toBe(true);
});
