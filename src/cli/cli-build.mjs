// @ts-check
/**
 * The CLI (src/cli/conformance.ts and what it imports) as one JavaScript file, built by esbuild and kept in
 * node_modules/.cache/meetbit-conformance/cli/, so `npm run conformance` starts without tsx. Through tsx every
 * start compiles and resolves the CLI's 44 TypeScript modules through Node's loader hooks: 0.42 s of CPU for a
 * run that ends at its preflight, against 0.17 s from the built file (medians of 5, interleaved; `npm test`
 * starts the CLI ~60 times).
 *
 * The built file is used only while every file that shapes it is byte for byte what it was at the build: the
 * sources esbuild read, tsconfig.json, esbuild's package.json (its version) and this file (the options). Its
 * name carries a digest of them, and inputs.json beside it lists them; any edit gives another digest, so
 * another file, built then in ~0.1 s. A file is written under a temporary name and renamed, so a run never
 * reads half of one, and two runs that build at once each write a whole one.
 *
 * What is not bundled: packages (Node loads them as before) and the plain JavaScript modules (`.mjs`), which
 * the preload (src/cli/prestart.mjs) already loaded; one copy of each, so the runner the preload holds at the
 * gate (src/cli/gate.mjs) is the one the CLI releases. `import.meta.url` and `import.meta.dirname` keep the
 * source file's values, so every path the CLI works out is the one it worked out from source.
 *
 * When nothing can be built (no esbuild, a cache that cannot be written, a build error), the CLI runs from
 * source through tsx, as before: slower, never different.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Bundles kept besides the newest: the runs of a few recent edits; older ones are removed after a build. */
const KEEP = 8;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The CLI's entry point, as tsx runs it. */
export const CLI_SOURCE = fileURLToPath(new URL('./conformance.ts', import.meta.url));

/**
 * @typedef {object} Built
 * @property {string} file the module to import: the built file, or the source when `fromSource`
 * @property {boolean} fromSource nothing could be built: import `file` through tsx
 * @property {boolean} built this call built it (false: an earlier run had)
 * @property {string} [why] why it runs from source
 */

/**
 * The built form of `entry`, building it when no up-to-date one is kept in `cacheDir`.
 * @param {{ entry?: string, cacheDir?: string, root?: string }} [where] the tests' fixtures; the CLI's by default
 * @returns {Promise<Built>}
 */
export async function builtModule({
  entry = CLI_SOURCE,
  cacheDir = path.join(ROOT, 'node_modules/.cache/meetbit-conformance/cli'),
  root = ROOT,
} = {}) {
  const name = path.basename(entry).replace(/\.[cm]?[jt]s$/, '');
  try {
    return { file: keptBuild(cacheDir, name), fromSource: false, built: false };
  } catch {
    // None kept for these inputs (or no inputs list): build.
  }
  try {
    return { file: await build(entry, cacheDir, root, name), fromSource: false, built: true };
  } catch (error) {
    return {
      file: entry,
      fromSource: true,
      built: false,
      why: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * Runs `cli`: the built file with its source maps on (stack traces name the TypeScript sources), or the source
 * through tsx.
 * @param {Built} cli
 */
export async function importModule(cli) {
  if (cli.fromSource) {
    const { register } = await import('tsx/esm/api');
    register();
  } else {
    process.setSourceMapsEnabled(true);
  }
  return /** @type {Promise<unknown>} */ (import(pathToFileURL(cli.file).href));
}

/**
 * The kept bundle whose inputs are unchanged; throws when there is none (no inputs list, an input gone, no
 * bundle of their digest).
 * @param {string} cacheDir
 * @param {string} name
 * @returns {string}
 */
function keptBuild(cacheDir, name) {
  /** @type {unknown} */
  const parsed = JSON.parse(readFileSync(path.join(cacheDir, `${name}.inputs.json`), 'utf8'));
  const { inputs } = /** @type {{ inputs: string[] }} */ (parsed);
  const digest = digestOf(inputs.map((file) => [file, readFileSync(file)]));
  const file = path.join(cacheDir, `${name}-${digest}.mjs`);
  statSync(file);
  return file;
}

/**
 * Builds `entry` into `cacheDir`, named by the digest of what esbuild read; returns the file.
 * @param {string} entry
 * @param {string} cacheDir
 * @param {string} root
 * @param {string} name
 * @returns {Promise<string>}
 */
async function build(entry, cacheDir, root, name) {
  const esbuild = await import('esbuild');
  const tsconfig = path.join(root, 'tsconfig.json');
  /** @type {Map<string, Buffer>} */
  const read = new Map();
  /** @type {import('esbuild').Plugin} */
  const sources = {
    name: 'meetbit-sources',
    setup(on) {
      // Plain JavaScript modules stay where they are: the preload loaded them, and their state is shared.
      on.onResolve({ filter: /\.mjs$/ }, (args) => ({
        path: pathToFileURL(path.resolve(args.resolveDir, args.path)).href,
        external: true,
      }));
      // What esbuild compiles is what was hashed: read here, once, with the source's own import.meta values.
      on.onLoad({ filter: /.*/ }, (args) => {
        const bytes = readFileSync(args.path);
        read.set(args.path, bytes);
        if (args.path.endsWith('.json')) return { contents: bytes, loader: 'json' };
        const contents = bytes
          .toString('utf8')
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)));
        return { contents, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' };
      });
    },
  };
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    tsconfig,
    // Inline, with the sources' paths relative to the file it is written to (`outdir`, though not written
    // by esbuild): Node maps a stack trace to the TypeScript line.
    sourcemap: 'inline',
    sourcesContent: false,
    outdir: cacheDir,
    write: false,
    logLevel: 'silent',
    plugins: [sources],
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error('esbuild wrote nothing');
  // What shapes the output besides the sources, read after the build as the check reads it before one.
  for (const file of [
    tsconfig,
    fileURLToPath(import.meta.url),
    fileURLToPath(import.meta.resolve('esbuild/package.json')),
  ])
    read.set(file, readFileSync(file));
  const inputs = [...read.keys()].sort();
  const digest = digestOf(inputs.map((file) => [file, /** @type {Buffer} */ (read.get(file))]));
  mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, `${name}-${digest}.mjs`);
  writeWhole(file, code);
  writeWhole(path.join(cacheDir, `${name}.inputs.json`), JSON.stringify({ inputs }));
  prune(cacheDir, name, file);
  return file;
}

/** @param {readonly (readonly [string, Buffer])[]} files */
function digestOf(files) {
  const hash = createHash('sha256');
  for (const [file, bytes] of files) hash.update(`\0${file}\0${bytes.length}\0`).update(bytes);
  return hash.digest('hex').slice(0, 24);
}

/**
 * Written under a name of its own, then renamed: a reader sees the old file or the whole new one.
 * @param {string} file
 * @param {string | Uint8Array} data
 */
function writeWhole(file, data) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}

/**
 * Removes all but the newest KEEP bundles of `name` (never `current`), and temporary files an hour old.
 * @param {string} cacheDir
 * @param {string} name
 * @param {string} current
 */
function prune(cacheDir, name, current) {
  const now = Date.now();
  const bundles = [];
  for (const entry of readdirSync(cacheDir)) {
    const file = path.join(cacheDir, entry);
    try {
      const { mtimeMs } = statSync(file);
      if (entry.endsWith('.tmp') && now - mtimeMs > 3_600_000) rmSync(file, { force: true });
      else if (entry.startsWith(`${name}-`) && entry.endsWith('.mjs') && file !== current)
        bundles.push({ file, mtimeMs });
    } catch {
      // Gone already: another run pruned it.
    }
  }
  bundles.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const { file } of bundles.slice(KEEP)) rmSync(file, { force: true });
}
