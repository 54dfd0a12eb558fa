// @ts-check
/**
 * The CLI's command line, read the same way by the preload (src/cli/prestart.mjs, plain JavaScript: it runs
 * before the CLI's modules) and by the CLI itself (src/cli/conformance.ts). Suite options are ours; everything
 * else passes through to Playwright.
 */

/** Our options that take a value (`--baseline <file>`, `--merge <dir>`). */
const VALUED = /** @type {const} */ (['baseline', 'merge']);

/**
 * Our options taken out of what Playwright gets. `missing` names an option given without its value.
 * @param {readonly string[]} raw the arguments after the script
 * @returns {{ argv: string[]; baseline?: string; merge?: string; missing?: 'baseline' | 'merge' }}
 */
export function suiteOptions(raw) {
  /** @type {string[]} */
  const argv = [];
  /** @type {{ baseline?: string; merge?: string; missing?: 'baseline' | 'merge' }} */
  const found = {};
  for (let i = 0; i < raw.length; i++) {
    const arg = /** @type {string} */ (raw[i]);
    const name = VALUED.find((option) => arg === `--${option}` || arg.startsWith(`--${option}=`));
    if (!name) {
      argv.push(arg);
      continue;
    }
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : raw[++i];
    if (!value) return { argv, ...found, missing: name };
    found[name] = value;
  }
  return { argv, ...found };
}

/**
 * What Playwright's runner gets for a run: the arguments without our flags.
 * @param {readonly string[]} argv `suiteOptions(raw).argv`
 * @returns {string[]}
 */
export function playwrightArgs(argv) {
  return argv.filter((arg) => arg !== '--strict' && arg !== '--requirements');
}

/**
 * Whether the command line asks for a run of the suite, not help, a plan, the catalogue or a merge.
 * @param {readonly string[]} raw the arguments after the script
 * @returns {boolean}
 */
export function asksForARun(raw) {
  const options = suiteOptions(raw);
  if (options.missing || options.merge !== undefined) return false;
  return !options.argv.some((arg) => ['--help', '-h', '--list', '--requirements'].includes(arg));
}
