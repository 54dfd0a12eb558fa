// @ts-check
'use strict';
/**
 * A V8 code cache for large CommonJS files of named packages: Playwright's own bundles (~10 MB of JavaScript),
 * which its runner and every worker otherwise parse and compile afresh, ~0.15 s of each process's start.
 *
 * Node ≥ 22.1 has this built in (`module.enableCompileCache`); Node 20, which this project supports, does not,
 * and v8-compile-cache, the package made for it, compiles without a dynamic-import callback, so Playwright's
 * `import()` of the config fails under it (tried: ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING). This is the same
 * idea, narrowed to what it was measured on: a file of one of `packages`, of at least `minBytes`, compiled as
 * Node's loader would (its wrapper, its `require`), with V8's cached data when there is some.
 *
 * Its one difference from Node's loader, and why it is kept to these files: Node 20 loses the dynamic-import
 * callback of code read from the cache, so an `import()` inside a cached file fails there (compiled afresh, it
 * works). Playwright's three bundles hold three such calls, none reached by the suite (Vite for component tests,
 * Kerberos for a Negotiate proxy, Babel loading a config file: Playwright passes none);
 * tests/cli/compile-cache.test.ts lists every `import(` in them, so an upgrade that adds one fails there first.
 *
 * Never stale: a cache file is named by the hash of the file's path, its bytes and V8's version tag (V8's
 * version, flags and CPU features), and V8 refuses data that does not fit. A missing, refused or unreadable
 * cache only costs the compile it would have saved; what was compiled is written when the process exits, after
 * it ran, so the data also holds the functions it called. Kept in node_modules/.cache, which `npm ci` empties.
 */
const Module = require('node:module');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

/**
 * @typedef {object} CompileCacheOptions
 * @property {string} dir where the cached data is kept
 * @property {readonly string[]} packages names of CommonJS packages whose large files are cached
 * @property {number} minBytes smaller files are left to Node's loader
 */

/**
 * Installs the cache in this process, from here on. Returns what it did, for tests: each cached file's
 * path and whether V8 took the data it found.
 * @param {CompileCacheOptions} options
 */
function installCompileCache({ dir, packages, minBytes }) {
  /** @type {{ filename: string, cached: 'used' | 'missing' | 'refused' }[]} */
  const loads = [];
  /** @type {{ script: vm.Script, file: string }[]} */
  const toWrite = [];
  const roots = packages.map((name) => `${path.sep}node_modules${path.sep}${name}${path.sep}`);
  const tag = String(v8.cachedDataVersionTag());
  // Node's loader's own table (Module._extensions): the hook Node 20 offers before compiling. Every other
  // extension, and every other file, stays Node's.
  const extensions = extensionsTable;
  const original = extensions['.js'];

  /**
   * @this {unknown}
   * @param {NodeJS.Module} module
   * @param {string} filename
   */
  extensions['.js'] = function compileWithCache(module, filename) {
    if (!roots.some((root) => filename.includes(root)) || sizeOf(filename) < minBytes) {
      original.call(this, module, filename);
      return;
    }
    const bytes = fs.readFileSync(filename);
    const key = createHash('sha256').update(`${tag}\0${filename}\0`).update(bytes).digest('hex');
    const file = path.join(dir, `${key.slice(0, 40)}.bin`);
    const cachedData = readOrUndefined(file);
    const script = new vm.Script(Module.wrap(stripBom(bytes.toString('utf8'))), {
      filename,
      ...(cachedData ? { cachedData } : {}),
      // What Node's loader gives a CommonJS module, `import()` by the process's ESM loader: compiled afresh.
      // Read from the cache, Node 20 loses it (above).
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    const cached = !cachedData ? 'missing' : script.cachedDataRejected ? 'refused' : 'used';
    loads.push({ filename, cached });
    if (cached !== 'used') toWrite.push({ script, file });
    /** @type {unknown} the wrapper function, as Node's own loader compiles it */
    const compiled = script.runInThisContext({ displayErrors: true });
    const wrapper = /** @type {(this: unknown, ...args: unknown[]) => void} */ (compiled);
    wrapper.call(module.exports, module.exports, requireOf(module), module, filename, path.dirname(filename));
  };

  process.once('exit', () => {
    for (const { script, file } of toWrite) {
      const partial = `${file}.${process.pid}`;
      try {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(partial, script.createCachedData());
        // Whole or not at all: a process reading it meanwhile sees the old file or the new one.
        fs.renameSync(partial, file);
      } catch {
        // A read-only checkout compiles every run: slower, never wrong. Nothing here may throw: an exit
        // handler's error would replace the runner's exit code.
        try {
          fs.rmSync(partial, { force: true });
        } catch {
          // No directory, so no partial file either.
        }
      }
    }
  });
  return { loads };
}

// This module's own `require` shares them with every module's (Module._extensions, Module._cache).
const extensionsTable = require.extensions;
const cacheTable = require.cache;

/**
 * Node's own resolver: internal, unchanged since Node 8, what `require.resolve` calls.
 * @typedef {object} Resolver
 * @property {(request: string, parent: NodeJS.Module, isMain: boolean, options?: { paths?: string[] }) => string} _resolveFilename
 * @property {(request: string, parent: NodeJS.Module) => string[] | null} _resolveLookupPaths
 */
const resolver = /** @type {Resolver} */ (/** @type {unknown} */ (Module));

/**
 * The `require` Node's loader hands a module (lib/internal/modules/helpers.js, makeRequireFunction).
 * @param {NodeJS.Module} module
 */
function requireOf(module) {
  /**
   * @param {string} id
   * @returns {unknown}
   */
  const require = (id) => module.require(id);
  /**
   * @param {string} request
   * @param {{ paths?: string[] }} [options]
   */
  const resolve = (request, options) => resolver._resolveFilename(request, module, false, options);
  /** @param {string} request */
  resolve.paths = (request) => resolver._resolveLookupPaths(request, module);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = extensionsTable;
  require.cache = cacheTable;
  return require;
}

/** @param {string} file */
function sizeOf(file) {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** @param {string} file */
function readOrUndefined(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** @param {string} source */
function stripBom(source) {
  return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
}

/**
 * What src/cli/runner-preload.cjs installs in Playwright's runner and workers: Playwright's bundles (its
 * core, its utilities and Babel: ~10 MB in three files of 2.8–3.6 MB), nothing else.
 * @type {Readonly<CompileCacheOptions>}
 */
const PLAYWRIGHT_BUNDLES = Object.freeze({
  dir: path.join(__dirname, '../../node_modules/.cache/meetbit-conformance/v8'),
  packages: Object.freeze(['playwright', 'playwright-core']),
  minBytes: 1024 * 1024,
});

module.exports = { installCompileCache, PLAYWRIGHT_BUNDLES };
