import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { EXIT } from '../../src/report/verdict-words';
import { API_BASE_PATH, REFERENCE_KEYS } from '../../src/tenant/defaults';
import { serve } from '../../src/tenant/http';
import { createReferenceTenant } from '../../src/tenant/tenant';
import { childEnv, ROOT } from '../selftest/harness';
import { endedByItself, runChild } from '../support/child';
import { runConformanceCli, tenantEnv } from '../support/cli';
import { testFolder } from '../support/test-folder';

/**
 * Each diagnosis names the cause a user can act on, as the CLI prints it: the wrong scheme, a misspelt
 * setting, an empty one, a key without the permission. None is blamed on something else.
 */
test.describe.configure({ mode: 'parallel', timeout: 240_000 });

test('https to a plain-http port: "the server answered in plain http", not a certificate problem', async () => {
  const plain = createServer((_req, res) => res.end('plain'));
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  const port = (plain.address() as AddressInfo).port;
  try {
    const run = await runConformanceCli(tenantEnv(`https://127.0.0.1:${port}${API_BASE_PATH}`));
    // The user's MEETBIT_BASE_URL, found before anything is judged: a configuration error, not the tenant's.
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.configuration);
    expect(run.stderr).toContain(
      'plain-http (the server answered in plain http: use http:// if it is a local server',
    );
    expect(run.stderr).not.toMatch(/certificate/i);
    expect(run.report?.verdict).toBe('configuration-error');
  } finally {
    plain.close();
  }
});

test('a misspelt setting in the environment is named with the one it most likely meant', async () => {
  const { MEETBIT_BASE_URL: baseUrl, ...keys } = tenantEnv('http://127.0.0.1:9/api/public/v2.0');
  const run = await runConformanceCli({ ...keys, MEETBIT_BASEURL: baseUrl! });
  expect(run.code, run.stdout + run.stderr).toBe(EXIT.configuration);
  expect(run.stderr).toContain(
    'MEETBIT_BASEURL (in the environment) is not a setting of this suite: did you mean MEETBIT_BASE_URL?',
  );
  expect(run.stderr).not.toContain(baseUrl);
  expect(run.report?.verdict).toBe('configuration-error');
});

test('a misspelt setting in .env is named as coming from .env', async () => {
  // The CLI reads .env from its working folder: a folder of its own, with a script that reads the settings
  // the way every entry point does (src/config/env.ts).
  const folder = testFolder('dotenv');
  writeFileSync(path.join(folder, '.env'), 'MEETBIT_FUZZ_REQUEST=0\n');
  writeFileSync(
    path.join(folder, 'load.ts'),
    `import { loadConfig } from ${JSON.stringify(path.join(ROOT, 'src/config/env.ts'))};\n` +
      'try { loadConfig(); } catch (error) { console.error((error as Error).message); process.exit(2); }\n',
  );
  const run = endedByItself(
    await runChild(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'load.ts'], {
      cwd: folder,
      env: childEnv({}),
      timeoutMs: 60_000,
    }),
    'reading a .env with a typo',
  );
  expect(run.code, run.stdout + run.stderr).toBe(2);
  expect(run.stderr).toContain(
    'MEETBIT_FUZZ_REQUEST (in .env) is not a setting of this suite: did you mean MEETBIT_FUZZ_REQUESTS?',
  );
});

test('a required setting present but empty is "set but empty"; one absent is "not set"', async () => {
  const { MEETBIT_ACCESS_KEY_SECRET: _secret, ...env } = tenantEnv('http://127.0.0.1:9/api/public/v2.0', {
    MEETBIT_ACCESS_KEY_ID: '',
  });
  const run = await runConformanceCli(env);
  expect(run.code, run.stdout + run.stderr).toBe(EXIT.configuration);
  expect(run.stderr).toContain('MEETBIT_ACCESS_KEY_ID is set but empty');
  expect(run.stderr).toContain('MEETBIT_ACCESS_KEY_SECRET is not set');
});

test("a key the tenant recognises but refuses the permission: the tenant's 401 quoted, online_conferences.create.* named", async () => {
  const tenant = await serve(createReferenceTenant().handle);
  try {
    const run = await runConformanceCli(
      tenantEnv(tenant.baseUrl, {
        MEETBIT_ACCESS_KEY_ID: REFERENCE_KEYS.restricted.id,
        MEETBIT_ACCESS_KEY_SECRET: REFERENCE_KEYS.restricted.secret,
        MEETBIT_RESTRICTED_ACCESS_KEY_ID: REFERENCE_KEYS.full.id,
        MEETBIT_RESTRICTED_ACCESS_KEY_SECRET: REFERENCE_KEYS.full.secret,
      }),
    );
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.configuration);
    // The reference tenant says "Access denied." to a known key without the permission, and
    // "Invalid or missing access key." to no key: the two differ, so the key was recognised.
    expect(run.stderr).toContain(
      'The tenant recognised the access key but refused it (401: "Access denied.")',
    );
    expect(run.stderr).toContain('online_conferences.create.*');
    expect(run.stderr).not.toContain('rejected the access key');
    expect(run.report?.verdict).toBe('configuration-error');
  } finally {
    await tenant.close();
  }
});
