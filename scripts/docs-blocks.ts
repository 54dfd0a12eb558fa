import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as prettier from 'prettier';
import { EXIT_MEANINGS } from '../src/cli/help';
import type { Requirement } from '../src/contract/requirements';
import { SETTING_GROUPS, SETTINGS, type Setting } from '../src/config/settings';
import type { Plan } from '../src/playwright/plan';
import { duration } from '../src/playwright/progress';
import { verdictPasses } from '../src/report/verdict';
import { EXIT, exitCodeFor, type Verdict } from '../src/report/verdict-words';

/**
 * What README.md, docs/*.md and .env.example say that the code knows: written by `npm run docs`
 * (scripts/docs.ts) between markers, and checked by tests/unit/docs.test.ts (settings, verdicts, the
 * catalogue's counts) and tests/cli/docs.test.ts (the plan's footprint), which fail when a file differs.
 *
 *   <!-- generated: settings (npm run docs) -->
 *   ...
 *   <!-- /generated: settings -->
 */
export const ROOT = path.resolve(import.meta.dirname, '..');

/** The Markdown files that may hold generated blocks. */
export const MARKDOWN_FILES = [
  'README.md',
  'docs/settings.md',
  'docs/verdicts.md',
  'docs/checks.md',
  'docs/plan.md',
  'docs/safety.md',
  'docs/selftest.md',
  'docs/benchmarks.md',
];

/** A block, its markers indented alike (inside a list item, its content takes their indentation). */
const BLOCK =
  /^([ \t]*)<!-- generated: ([a-z-]+) \(npm run docs\) -->\n[\s\S]*?^\1<!-- \/generated: \2 -->/gm;

/** The names of the blocks a file holds, in order. */
export function blockNames(text: string): string[] {
  return [...text.matchAll(BLOCK)].map((match) => match[2]!);
}

/** `text` with each named block's content replaced; blocks not named are left as they are. */
export function replaceBlocks(text: string, blocks: Readonly<Record<string, string>>): string {
  return text.replace(BLOCK, (whole, indent: string, name: string) => {
    const content = blocks[name];
    if (content === undefined) return whole;
    const body = content
      .trimEnd()
      .split('\n')
      .map((line) => (line ? indent + line : line))
      .join('\n');
    return `${indent}<!-- generated: ${name} (npm run docs) -->\n${body}\n${indent}<!-- /generated: ${name} -->`;
  });
}

/** As `prettier --write` would leave it, so the format check and the drift check agree. */
export async function formatted(file: string, text: string): Promise<string> {
  const options = await prettier.resolveConfig(path.join(ROOT, file));
  return prettier.format(text, { ...options, filepath: path.join(ROOT, file) });
}

/** A file as `npm run docs` would write it from these blocks. */
export async function regenerated(file: string, blocks: Readonly<Record<string, string>>): Promise<string> {
  return formatted(file, replaceBlocks(readFileSync(path.join(ROOT, file), 'utf8'), blocks));
}

const code = (text: string) => `\`${text}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** docs/settings.md: every setting, by group, from src/config/settings.ts. */
export function settingsBlock(): string {
  return Object.entries(SETTING_GROUPS)
    .map(([group, title]) => {
      const rows = SETTINGS.filter((setting) => setting.group === group).map(
        (setting) =>
          `| ${code(setting.name)} | ${cell(setting.default || '–')} | ${cell(setting.meaning)}${setting.namesTenant ? ' · names a tenant' : ''} |`,
      );
      return [
        `### ${title}`,
        '',
        '| setting | default | what it does |',
        '| --- | --- | --- |',
        ...rows,
      ].join('\n');
    })
    .join('\n\n');
}

/** The value `.env.example` shows: the example, or a default that is one plain token, else nothing. */
function exampleValue(setting: Setting): string {
  if (setting.example !== undefined) return setting.example;
  return /^[\w.-]+$/.test(setting.default) ? setting.default : '';
}

/** Comment lines of at most 110 characters, broken between words. */
function comment(text: string): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(' ')) {
    if (line.length + 1 + word.length > 110 && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

/** `.env.example`, whole, from src/config/settings.ts. */
export function envExample(): string {
  const header = [
    '# MeetBit conformance suite settings, generated from src/config/settings.ts by `npm run docs`: edit that',
    '# file, not this one. Copy it to .env (git-ignored) or set the variables in the environment; real',
    '# environment variables win over .env. `npm run conformance -- --help` and docs/settings.md list the same.',
    '#',
    '# With no tenant setting, the suite tests the bundled reference tenant and needs nothing else. A tenant',
    '# setting that is present, even empty (MEETBIT_BASE_URL=), without a usable URL is a configuration error',
    '# (exit 2): the suite never falls back to the bundled tenant when one is named. A MEETBIT_* name that is',
    '# not below is an error too: a typo is named, with the setting it most likely meant.',
  ];
  const groups = Object.entries(SETTING_GROUPS).map(([group, title]) => [
    '',
    `# --- ${title} ${'-'.repeat(Math.max(3, 100 - title.length - 7))}`,
    ...SETTINGS.filter((setting) => setting.group === group).flatMap((setting) => [
      ...comment(
        `${setting.meaning[0]!.toUpperCase()}${setting.meaning.slice(1)}` +
          `${setting.default ? ` (default: ${setting.default})` : ''}.`,
      ),
      `# ${setting.name}=${exampleValue(setting)}`,
    ]),
  ]);
  return `${[...header, ...groups.flat()].join('\n')}\n`;
}

/** What each verdict means; a verdict added to verdict-words.ts does not compile until it is said here. */
const VERDICT_MEANING: Record<Verdict, string> = {
  conforms: 'every MUST requirement was verified and held; no warning',
  'conforms-with-warnings': 'every MUST held; some SHOULD did not (listed, with the same evidence)',
  incomplete:
    'nothing failed, but some MUST was not verified: filtered out, skipped for a setting (named), inconclusive, or a test cut short',
  'does-not-conform': 'at least one MUST problem',
  'configuration-error':
    'a setting is missing or malformed, or the tenant refused the key, account or backer event: nothing was judged',
  'infrastructure-error':
    'the tenant could not be reached, or some requests got no usable response: not a verdict on the tenant',
};

/** Verdicts with their exit codes, from the code that decides them. */
export function verdictBlock(): string {
  const rows = (Object.keys(VERDICT_MEANING) as Verdict[]).map((verdict) => {
    const plain = exitCodeFor(verdict);
    const strict = exitCodeFor(verdict, verdictPasses(verdict, true) ? 'passed' : 'failed');
    return `| ${code(verdict)} | ${VERDICT_MEANING[verdict]} | ${plain} | ${strict} |`;
  });
  return [
    '| verdict | meaning | exit | with `--strict` |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `Exit code ${EXIT.suiteError} means ${EXIT_MEANINGS.suiteError}.`,
  ].join('\n');
}

/** README: the exit codes, as `--help` says them. */
export function exitCodesBlock(): string {
  return (Object.keys(EXIT) as (keyof typeof EXIT)[])
    .map((name) => `- \`${EXIT[name]}\`: ${EXIT_MEANINGS[name]}`)
    .join('\n');
}

/** The catalogue's counts, as `--requirements` prints them and a run counts them. */
export function catalogueBlock(requirements: readonly Requirement[]): string {
  const must = requirements.filter((requirement) => requirement.level === 'must');
  const whenItHappens = must.filter((requirement) => requirement.when !== undefined);
  const verifiable = must.length - whenItHappens.length;
  const counts =
    `The catalogue holds **${requirements.length} requirements**: ${must.length} MUST and ` +
    `${requirements.length - must.length} SHOULD.`;
  if (whenItHappens.length === 0) return counts;
  return (
    `${counts} Of the MUSTs, ${whenItHappens.map((r) => code(r.id)).join(', ')} ${whenItHappens.length === 1 ? 'is' : 'are'} ` +
    `checked only when a tenant answers that way, which a correct one never does; so a run on a correct tenant ` +
    `verifies ${verifiable} MUST requirements and says "${verifiable} of ${verifiable} MUST requirements verified".`
  );
}

/** The runs whose plans docs/plan.md shows, each with the settings that make it. */
export const FOOTPRINT_RUNS: readonly {
  readonly label: string;
  readonly env: Readonly<Record<string, string>>;
}[] = [
  { label: 'the bundled reference tenant', env: {} },
  { label: 'a configured tenant, the safe defaults', env: {} },
  {
    label: '… with a restricted key',
    env: {
      MEETBIT_RESTRICTED_ACCESS_KEY_ID: 'rk4Qz9Wm',
      MEETBIT_RESTRICTED_ACCESS_KEY_SECRET: 's9Xv2LpQ7tNc',
    },
  },
  { label: '… with the burst opted in', env: { MEETBIT_ALLOW_RATE_LIMIT_TEST: '1' } },
  { label: '… with `MEETBIT_DISPOSABLE_TENANT=1`', env: { MEETBIT_DISPOSABLE_TENANT: '1' } },
];

/** A configured tenant's settings for `--list`: an address nothing listens on, since the plan sends nothing. */
export const CONFIGURED = {
  MEETBIT_BASE_URL: 'https://tenant.example/api/public/v2.0',
  MEETBIT_ACCESS_KEY_ID: 'id',
  MEETBIT_ACCESS_KEY_SECRET: 'secret',
  MEETBIT_ACCOUNT_ID: '1',
};

/** The environment `--list --json` runs with for a footprint run. */
export function footprintEnv(index: number): Record<string, string> {
  const run = FOOTPRINT_RUNS[index]!;
  return index === 0 ? { ...run.env } : { ...CONFIGURED, ...run.env };
}

/** docs/plan.md: what each kind of run sends, creates and takes, from its plan. */
export function footprintBlock(plans: readonly Plan[]): string {
  const rows = plans.map((plan, index) => {
    const created = plan.conferencesPublicAtMost
      ? `${plan.conferencesCreated} (up to ${plan.conferencesPublicAtMost} public)`
      : `${plan.conferencesCreated}, all private`;
    return (
      `| ${FOOTPRINT_RUNS[index]!.label} | ${plan.requests} | ${plan.pacedRequests} | ${created} | ` +
      `${duration(plan.estimatedSeconds * 1000)} at ${plan.pace.rps} requests/s |`
    );
  });
  return [
    '| run | requests | of them paced | conferences created | paced requests take |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** README: one sentence on what a default run against a configured tenant leaves and takes. */
export function footprintSentence(plan: Plan): string {
  return (
    `With the safe defaults a run sends ${plan.requests} requests, creates ${plan.conferencesCreated} conferences, ` +
    `all private and labelled, and takes about ${duration(plan.estimatedSeconds * 1000)} at the default pace of ` +
    `${plan.pace.rps} requests/s (a tenant that announces its rate limit is paced from it).`
  );
}

/**
 * `npm run conformance -- --list --json` with exactly these settings: none from the shell, none from a
 * developer's .env (dotenv's own DOTENV_CONFIG_PATH points it at a file that does not exist).
 */
export async function planFor(env: Readonly<Record<string, string>>): Promise<Plan> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(MEETBIT_|TEST_|PW_|PLAYWRIGHT_)/i.test(name)),
  );
  const timeout = 300_000;
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli/conformance.ts', '--list', '--json'],
      {
        cwd: ROOT,
        env: {
          ...inherited,
          DOTENV_CONFIG_PATH: path.join(ROOT, 'no-such.env'),
          MEETBIT_RUN_ID: 'docs',
          ...env,
        },
        timeout,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return JSON.parse(stdout) as Plan;
  } catch (error) {
    const failed = error as { killed?: boolean; stderr?: string };
    throw new Error(
      failed.killed
        ? `Timeout: --list did not end within ${timeout / 1000} s and was stopped (a busy machine, or a hang).`
        : `--list failed: ${failed.stderr ?? String(error)}`,
    );
  }
}

/** The plans docs/plan.md and README.md show, one per FOOTPRINT_RUNS entry. */
export async function footprintPlans(): Promise<Plan[]> {
  const plans: Plan[] = [];
  // One after the other: each is a Playwright process, and the machine may be busy.
  for (const index of FOOTPRINT_RUNS.keys()) plans.push(await planFor(footprintEnv(index)));
  return plans;
}

/** The blocks that need no child process: from the settings table, the verdict words and the catalogue. */
export function staticBlocks(requirements: readonly Requirement[]): Record<string, string> {
  return {
    settings: settingsBlock(),
    verdicts: verdictBlock(),
    'exit-codes': exitCodesBlock(),
    catalogue: catalogueBlock(requirements),
  };
}

/** The blocks from the plan. */
export function footprintBlocks(plans: readonly Plan[]): Record<string, string> {
  return { footprint: footprintBlock(plans), 'footprint-sentence': footprintSentence(plans[1]!) };
}
