import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { RUNNER_NODE_ARGS } from '../../src/cli/gate.mjs';
import { ROOT } from '../selftest/harness';
import { runConformanceCli } from '../support/cli';

/**
 * The code cache preloaded into Playwright's runner and workers (src/cli/compile-cache.cjs): a cached module
 * behaves as Node's loader would load it, never runs code older than its file, and is what the preload
 * actually applies to Playwright's bundles. Each case runs node in a child: the cache installs per process.
 */
const COMPILE_CACHE = path.join(ROOT, 'src/cli/compile-cache.cjs');
const MIN_BYTES = 2000;
const PADDING = `// ${'x'.repeat(MIN_BYTES)}\n`;

interface Loaded {
  readonly answer: number;
  readonly info: Record<string, unknown>;
  readonly thrownAtLine: string | undefined;
  readonly small: string;
  readonly other: string;
  readonly loads: readonly (readonly [string, string])[];
  readonly dynamic: number | string;
}

const made: string[] = [];
test.afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A folder with a driver and two packages: `fixture-pkg` is cached (its large file), `other-pkg` is not. */
function fixture(answer = '41 + 1'): { root: string; big: string; cacheDir: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'meetbit-compile-cache-'));
  made.push(root);
  const pkg = path.join(root, 'node_modules/fixture-pkg');
  const other = path.join(root, 'node_modules/other-pkg');
  mkdirSync(pkg, { recursive: true });
  mkdirSync(other, { recursive: true });
  writeFileSync(path.join(pkg, 'sibling.js'), "exports.name = 'sibling';\n");
  writeFileSync(path.join(pkg, 'small.js'), "exports.x = 'small';\n");
  writeFileSync(path.join(pkg, 'target.mjs'), 'export const x = 42;\n');
  const big = path.join(pkg, 'big.js');
  writeFileSync(
    big,
    [
      "'use strict';",
      "const sibling = require('./sibling.js');",
      `exports.answer = () => ${answer};`,
      'exports.info = {',
      '  sibling: sibling.name,',
      "  resolved: require.resolve('./sibling.js'),",
      "  paths: require.resolve.paths('anything') !== null,",
      '  dirname: __dirname,',
      '  filename: __filename,',
      '  thisIsExports: this === exports,',
      '  moduleIsItself: module.exports === exports && module.filename === __filename,',
      '  main: require.main === process.mainModule,',
      "  inCache: require.cache[require.resolve('./sibling.js')] !== undefined,",
      '};',
      "exports.fail = () => { throw new Error('thrown in big.js'); };",
      "exports.load = () => import('./target.mjs');",
      PADDING,
    ].join('\n'),
  );
  writeFileSync(path.join(other, 'big.js'), `exports.x = 'other';\n${PADDING}`);
  writeFileSync(
    path.join(root, 'driver.cjs'),
    [
      "const path = require('node:path');",
      `const { installCompileCache } = require(${JSON.stringify(COMPILE_CACHE)});`,
      `const { loads } = installCompileCache({ dir: process.argv[2], packages: ['fixture-pkg'], minBytes: ${MIN_BYTES} });`,
      "const big = require('fixture-pkg/big.js');",
      '(async () => {',
      'const dynamic = await big.load().then((target) => target.x, (error) => error.code);',
      'let thrownAtLine;',
      'try { big.fail(); } catch (error) { thrownAtLine = /big\\.js:(\\d+)/.exec(error.stack)?.[1]; }',
      'console.log(JSON.stringify({',
      '  answer: big.answer(),',
      '  info: big.info,',
      '  thrownAtLine,',
      "  small: require('fixture-pkg/small.js').x,",
      "  other: require('other-pkg/big.js').x,",
      '  loads: loads.map(({ filename, cached }) => [path.relative(__dirname, filename), cached]),',
      '  dynamic,',
      '}));',
      '})();',
    ].join('\n'),
  );
  return { root, big, cacheDir: path.join(root, 'cache') };
}

function load(root: string, cacheDir: string): Loaded {
  const out = execFileSync(process.execPath, [path.join(root, 'driver.cjs'), cacheDir], {
    cwd: root,
    encoding: 'utf8',
    // Node 20 warns that the dynamic-import option is experimental: kept out of the project's console (a
    // failure's error message still carries it).
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as Loaded;
}

test('a cached module behaves as Node loads it: its require, resolve, paths, this, and the line of an error', () => {
  const { root, big, cacheDir } = fixture();
  const first = load(root, cacheDir);
  const second = load(root, cacheDir);
  for (const run of [first, second]) {
    expect(run.answer).toBe(42);
    expect(run.info).toEqual({
      sibling: 'sibling',
      resolved: path.join(path.dirname(big), 'sibling.js'),
      paths: true,
      dirname: path.dirname(big),
      filename: big,
      thisIsExports: true,
      moduleIsItself: true,
      main: true,
      inCache: true,
    });
    // Line 15 of big.js: the wrapper adds no line, as Node's does not.
    expect(run.thrownAtLine).toBe('15');
    expect(run.small).toBe('small');
    expect(run.other).toBe('other');
  }
  // Only the large file of a named package; compiled the first time, from the cache the second.
  expect(first.loads).toEqual([['node_modules/fixture-pkg/big.js', 'missing']]);
  expect(second.loads).toEqual([['node_modules/fixture-pkg/big.js', 'used']]);
  expect(readdirSync(cacheDir)).toHaveLength(1);
  // Why the cache is kept to files whose import() the suite never reaches (the last test): compiled afresh, the
  // module's import() works; read from the cache, Node 20 has lost its callback.
  expect(first.dynamic).toBe(42);
  if (process.versions.node.startsWith('20.'))
    expect(second.dynamic).toBe('ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING');
});

test('a file changed to the same length runs its new code, not the cached old one', () => {
  const { root, big, cacheDir } = fixture('41 + 1');
  expect(load(root, cacheDir).answer).toBe(42);
  expect(load(root, cacheDir).loads).toEqual([['node_modules/fixture-pkg/big.js', 'used']]);
  const before = readFileSync(big, 'utf8');
  const after = before.replace('41 + 1', '40 + 3');
  expect(after.length).toBe(before.length);
  writeFileSync(big, after);
  const changed = load(root, cacheDir);
  // V8 itself checks only the length of the source: the cache is found by the file's bytes.
  expect(changed.answer).toBe(43);
  expect(changed.loads).toEqual([['node_modules/fixture-pkg/big.js', 'missing']]);
  expect(load(root, cacheDir).loads).toEqual([['node_modules/fixture-pkg/big.js', 'used']]);
});

test('a damaged cache is refused and rewritten; an unwritable one only costs the compile', () => {
  const { root, cacheDir } = fixture();
  load(root, cacheDir);
  const [file] = readdirSync(cacheDir);
  const cached = path.join(cacheDir, file!);
  writeFileSync(cached, Buffer.alloc(statSync(cached).size, 7));
  const damaged = load(root, cacheDir);
  expect(damaged.answer).toBe(42);
  expect(damaged.loads).toEqual([['node_modules/fixture-pkg/big.js', 'refused']]);
  expect(load(root, cacheDir).loads).toEqual([['node_modules/fixture-pkg/big.js', 'used']]);

  // A cache directory that cannot be created (a file stands in its place): the module loads all the same.
  const blocked = path.join(root, 'blocked');
  writeFileSync(blocked, '');
  for (let i = 0; i < 2; i++) {
    const run = load(root, path.join(blocked, 'cache'));
    expect(run.answer).toBe(42);
    expect(run.loads).toEqual([['node_modules/fixture-pkg/big.js', 'missing']]);
  }
  expect(readdirSync(root).filter((name) => name.includes('.bin'))).toEqual([]);
});

test("the preload applies to Playwright's bundles, so a runner started with it compiles them once", () => {
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'meetbit-compile-cache-pw-'));
  // What a runner loads first: the test runner's package, its Babel, and playwright-core's bundles with them.
  const script = [
    `const { installCompileCache, PLAYWRIGHT_BUNDLES } = require(${JSON.stringify(COMPILE_CACHE)});`,
    'const { loads } = installCompileCache({ ...PLAYWRIGHT_BUNDLES, dir: process.argv[1] });',
    "require('@playwright/test');",
    "require('playwright/lib/transform/babelBundle');",
    "console.log(JSON.stringify(loads.map(({ filename, cached }) => [filename.split('node_modules/').pop(), cached])));",
  ].join('\n');
  const run = () =>
    JSON.parse(
      execFileSync(process.execPath, ['-e', script, cacheDir], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ) as [string, string][];
  const bundles = [
    'playwright-core/lib/coreBundle.js',
    'playwright-core/lib/utilsBundle.js',
    'playwright/lib/transform/babelBundle.js',
  ];
  expect(run().sort()).toEqual(bundles.map((bundle) => [bundle, 'missing']));
  expect(run().sort()).toEqual(bundles.map((bundle) => [bundle, 'used']));
  // The runner's node options carry the preload, which installs exactly these options.
  expect(RUNNER_NODE_ARGS).toEqual(['--require', path.join(ROOT, 'src/cli/runner-preload.cjs')]);
  expect(readFileSync(path.join(ROOT, 'src/cli/runner-preload.cjs'), 'utf8')).toContain(
    'installCompileCache(PLAYWRIGHT_BUNDLES);',
  );
  rmSync(cacheDir, { recursive: true, force: true });
});

test('npm run conformance starts the runner it does not hold with the preload too (here for --list)', async () => {
  // Node's module log names the preload's parent; a runner started without it would not load it at all. The
  // held runner's node options are in tests/cli/prestart.test.ts.
  const run = await runConformanceCli({ NODE_DEBUG: 'module' }, ['--list']);
  expect(run.code, run.stdout).toBe(0);
  expect(run.stderr).toMatch(/Module\._load REQUEST \S*runner-preload\.cjs parent: internal\/preload/);
});

/**
 * Node 20 loses a cached script's dynamic-import callback (tried: `import()` in code read from the cache fails
 * with ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so the cache is only sound for files whose `import()` calls the
 * suite never reaches. These are all of them in the bundles it caches: if an upgrade of Playwright adds one,
 * this fails, and someone decides whether it is reachable before the list grows.
 */
test('every import() in the cached bundles is one the suite never reaches', () => {
  const require = createRequire(path.join(ROOT, 'package.json'));
  const found: string[] = [];
  for (const bundle of [
    'playwright-core/lib/coreBundle.js',
    'playwright-core/lib/utilsBundle.js',
    'playwright/lib/transform/babelBundle.js',
  ]) {
    const [name, ...rest] = bundle.split('/');
    const source = readFileSync(
      path.join(path.dirname(require.resolve(`${name}/package.json`)), ...rest),
      'utf8',
    );
    for (const match of source.matchAll(/(?<![\w$.])import\(/g)) {
      found.push(
        `${bundle}: ${source.slice(Math.max(0, match.index - 40), match.index + 24).replace(/\s+/g, ' ')}`,
      );
    }
  }
  // Three calls behind features the suite does not use (Vite for component tests, Kerberos for a Negotiate
  // proxy, Babel's loading of a config file: Playwright passes none), one for Node < 18, and the rest text.
  expect(found).toEqual([
    expect.stringMatching(/coreBundle\.js: .*new Function\('return import\("vite"\)'\)/),
    expect.stringMatching(/utilsBundle\.js: .*kerberos = await import\("kerberos"\)/),
    expect.stringMatching(/utilsBundle\.js: .*inline `import\(\)` of an ESM path/),
    expect.stringMatching(
      /utilsBundle\.js: .*globalThis\.crypto \?\? \/\/ Node\.js >18 import\("node:crypto"\)/,
    ),
    expect.stringMatching(/babelBundle\.js: .*ImportCallArity: `\\`import\(\)\\` requires exac/),
    expect.stringMatching(/babelBundle\.js: .*"Cannot use new with import\(\.\.\.\)\./),
    expect.stringMatching(/babelBundle\.js: .*"`\.\.\.` is not allowed in `import\(\)`/),
    expect.stringMatching(/babelBundle\.js: .*"`import` can only be used in `import\(\)` or `import\.met/),
    expect.stringMatching(/babelBundle\.js: .*_resultName \}; \} import\(\) \{ this\./),
    expect.stringMatching(/babelBundle\.js: .*nction import_\(filepath\) \{ return import\(filepath\); \};/),
  ]);
});
