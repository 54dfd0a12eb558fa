import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { builtModule, CLI_SOURCE } from '../../src/cli/cli-build.mjs';
import { testFolder } from '../support/test-folder';

/**
 * `npm run conformance` runs the CLI from a file esbuild built (src/cli/cli-build.mjs). What must hold: the
 * built file is used only while its sources are unchanged, behaves as the sources do (their own paths, one copy
 * of the shared plain-JavaScript modules, stack traces naming the sources), and when nothing can be built the
 * CLI runs from source.
 */
const CLI_BUILD = pathToFileURL(path.resolve(import.meta.dirname, '../../src/cli/cli-build.mjs')).href;

function fixture(): { root: string; entry: string; helper: string; shared: string; cacheDir: string } {
  const root = testFolder('cli-build');
  writeFileSync(path.join(root, 'tsconfig.json'), '{ "compilerOptions": { "target": "ES2022" } }\n');
  // As this project's package.json: its TypeScript is ECMAScript modules, for tsx too.
  writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }\n');
  const helper = path.join(root, 'helper.ts');
  writeFileSync(helper, "export const version: string = 'first';\n");
  const shared = path.join(root, 'shared.mjs');
  writeFileSync(shared, 'export const state = { started: [] };\n');
  const entry = path.join(root, 'entry.ts');
  writeFileSync(
    entry,
    [
      "import { version } from './helper';",
      "import { state } from './shared.mjs';",
      'export { state, version };',
      'export const dirname: string = import.meta.dirname;',
      'export const url: string = import.meta.url;',
      '',
      'export function fail(): never {',
      "  throw new Error('from the fixture');",
      '}',
      '',
    ].join('\n'),
  );
  return { root, entry, helper, shared, cacheDir: path.join(root, 'cache') };
}

type Fixture = { version: string; dirname: string; url: string; state: object };

test('built once, then reused while no source changes; an edit is a new build, undoing it finds the old one', async () => {
  const { root, entry, helper, cacheDir } = fixture();
  const first = await builtModule({ entry, cacheDir, root });
  expect(first).toMatchObject({ fromSource: false, built: true });
  expect(path.dirname(first.file)).toBe(cacheDir);
  expect(((await import(pathToFileURL(first.file).href)) as Fixture).version).toBe('first');

  expect(await builtModule({ entry, cacheDir, root })).toEqual({
    file: first.file,
    fromSource: false,
    built: false,
  });

  writeFileSync(helper, "export const version: string = 'second';\n");
  const second = await builtModule({ entry, cacheDir, root });
  expect(second.built).toBe(true);
  expect(second.file).not.toBe(first.file);
  expect(((await import(pathToFileURL(second.file).href)) as Fixture).version).toBe('second');

  writeFileSync(helper, "export const version: string = 'first';\n");
  expect(await builtModule({ entry, cacheDir, root })).toEqual({
    file: first.file,
    fromSource: false,
    built: false,
  });

  // tsconfig.json shapes the output too: edited, it is a new build.
  writeFileSync(path.join(root, 'tsconfig.json'), '{ "compilerOptions": { "target": "ES2020" } }\n');
  const third = await builtModule({ entry, cacheDir, root });
  expect(third.built).toBe(true);
  expect(third.file).not.toBe(first.file);
});

test('the built file keeps its sources: their paths, the one copy of a .mjs module, stack traces naming the .ts', async () => {
  const { root, entry, shared, cacheDir } = fixture();
  const { file } = await builtModule({ entry, cacheDir, root });
  const built = (await import(pathToFileURL(file).href)) as Fixture;
  expect(built.dirname).toBe(root);
  expect(built.url).toBe(pathToFileURL(entry).href);
  // Not a copy: the module the preload loaded is the one the CLI uses (a held runner is released by its owner).
  const own = (await import(pathToFileURL(shared).href)) as { state: object };
  expect(built.state).toBe(own.state);
  expect(readFileSync(file, 'utf8')).not.toContain('started: []');

  // As src/cli/main.mjs runs it: a thrown error's stack names entry.ts at the line of the throw.
  const script = `import(${JSON.stringify(CLI_BUILD)}).then(async (m) => { const cli = await m.importModule({ file: ${JSON.stringify(file)}, fromSource: false, built: false }); cli.fail(); })`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.status).not.toBe(0);
  expect(run.stderr).toContain('from the fixture');
  expect(run.stderr).toContain(`${entry}:8:`);
});

test('nothing can be built (a cache that cannot be written, a source esbuild rejects): the CLI runs from source', async () => {
  const { root, entry } = fixture();
  const blocked = path.join(root, 'a-file');
  writeFileSync(blocked, '');
  const unwritable = await builtModule({ entry, cacheDir: path.join(blocked, 'cache'), root });
  expect(unwritable).toMatchObject({ file: entry, fromSource: true, built: false });
  expect(unwritable.why).toMatch(/ENOTDIR|EEXIST|not a directory/);

  const broken = path.join(root, 'broken.ts');
  writeFileSync(broken, 'export const = ;\n');
  const rejected = await builtModule({ entry: broken, cacheDir: path.join(root, 'cache'), root });
  expect(rejected).toMatchObject({ file: broken, fromSource: true });

  // From source, as src/cli/main.mjs runs it: through tsx.
  const script = `import(${JSON.stringify(CLI_BUILD)}).then(async (m) => { const cli = await m.importModule(${JSON.stringify(unwritable)}); console.log(cli.version, cli.dirname); })`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd: path.resolve(import.meta.dirname, '../..'),
  });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout.trim()).toBe(`first ${root}`);
});

test("the CLI's own build bundles its TypeScript and leaves the preload's modules to Node", async () => {
  const cli = await builtModule();
  expect(cli.fromSource, cli.why).toBe(false);
  const inputs = (
    JSON.parse(readFileSync(path.join(path.dirname(cli.file), 'conformance.inputs.json'), 'utf8')) as {
      inputs: string[];
    }
  ).inputs;
  expect(inputs).toContain(CLI_SOURCE);
  // The CLI's TypeScript, and what else shapes the output: the options (cli-build.mjs), tsconfig.json, esbuild.
  const src = path.resolve(path.dirname(CLI_SOURCE), '..');
  const root = path.resolve(src, '..');
  const shaping = [
    path.join(src, 'cli/cli-build.mjs'),
    path.join(root, 'node_modules/esbuild/package.json'),
    path.join(root, 'tsconfig.json'),
  ];
  expect(inputs.filter((file) => !(file.startsWith(src) && file.endsWith('.ts')))).toEqual(shaping.sort());
  const code = readFileSync(cli.file, 'utf8');
  // gate.mjs holds the runner the preload started: imported by URL, its code not copied in.
  expect(code).toContain(pathToFileURL(path.join(path.dirname(CLI_SOURCE), 'gate.mjs')).href);
  expect(code).not.toContain('MEETBIT_CLI_GATE');
});
