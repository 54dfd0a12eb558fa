import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../selftest/harness';

/**
 * Just enough of a GitHub Actions runner to run the nightly workflow's own steps on this machine: each
 * job in a fresh copy of the checkout (at its runner machine's one workspace path), every `run:` step
 * through `bash -eo pipefail` with the job's and the step's `env`, `${{ }}` expressions, `if:`
 * conditions, step outputs and the job summary as GitHub gives them. The `uses:` steps (checkout,
 * setup-node, artifacts, cache) are the only ones simulated, with folders. Nothing here talks to GitHub.
 */

export interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly if?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string | number | boolean>;
}

export interface Job {
  readonly env?: Record<string, string>;
  readonly steps: readonly Step[];
}

export interface Workflow {
  readonly jobs: Record<string, Job>;
}

export function loadWorkflow(file = '.github/workflows/conformance.yml'): Workflow {
  return parse(readFileSync(path.join(ROOT, file), 'utf8')) as Workflow;
}

/** What a job's expressions can see. */
export interface Contexts {
  readonly github: Record<string, string>;
  readonly secrets: Record<string, string>;
  readonly inputs: Record<string, string>;
  readonly matrix: Record<string, unknown>;
  readonly needs: Record<string, { result: string; outputs: Record<string, string> }>;
}

/** Where artifacts and caches live between jobs and nights. */
export interface Store {
  /** Holds everything of the simulation, jobs' workspaces included: one folder to remove. */
  readonly root: string;
  readonly artifacts: string;
  readonly caches: string;
  /** The runner machines running a job now, by number (see `runJob`). */
  readonly busy: Set<number>;
}

/**
 * A store in `root`, a folder of its own: a fresh temporary one unless the caller keeps one path from run to run
 * (the nightly test: `fixedTestFolder`), as a real runner's workspace keeps its path, so that Playwright's compile
 * cache, keyed by path and content, serves the copied sources of the next `npm test` too.
 */
export function newStore(root = mkdtempSync(path.join(tmpdir(), 'meetbit-actions-'))): Store {
  const store = {
    root,
    artifacts: path.join(root, 'artifacts'),
    caches: path.join(root, 'caches'),
    busy: new Set<number>(),
  };
  mkdirSync(store.artifacts);
  mkdirSync(store.caches);
  return store;
}

export interface JobRun {
  readonly failed: boolean;
  readonly summary: string;
  /** The job's workspace, as the job left it, until its machine runs another job. */
  readonly workspace: string;
  readonly steps: Record<
    string,
    { outcome: 'success' | 'failure' | 'skipped'; outputs: Record<string, string> }
  >;
  readonly log: string;
  /** Exit codes of the run steps, by step name (or id). */
  readonly exits: Record<string, number | null>;
}

/** The checkout: the files a job reads, copied (node_modules linked, as setup-node's cache would give it). */
const CHECKOUT = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'playwright.config.ts',
  'merge.config.ts',
  'openapi.yaml',
  'conformance.waivers.yaml',
  'src',
  'specs',
  'docs',
];

export interface RunJobOptions {
  readonly store: Store;
  /** Files the checkout has besides the code, e.g. `.github/conformance-tenants.json`. */
  readonly files?: Record<string, string>;
  /** Set over the job's env: what a test must change (the pace of a loopback tenant, a fake `gh`). */
  readonly overlay?: Record<string, string>;
  /** A step's time bound. */
  readonly stepTimeoutMs?: number;
}

/**
 * Runs a job on the first runner machine that is free. A machine's workspace is at one path whatever it runs,
 * as GitHub's is (`/home/runner/work/<repo>/<repo>`), emptied and checked out afresh for each job. A path that
 * stays the same matters here: Playwright keys its cache of compiled TypeScript by path, so every night after
 * the first compiles nothing (measured: a shard's runner 3.8 s of CPU with a new path, 1.6 s with the same).
 */
export async function runJob(job: Job, contexts: Contexts, options: RunJobOptions): Promise<JobRun> {
  const { busy } = options.store;
  let machine = 1;
  while (busy.has(machine)) machine += 1;
  busy.add(machine);
  try {
    return await runJobOn(machine, job, contexts, options);
  } finally {
    busy.delete(machine);
  }
}

async function runJobOn(
  machine: number,
  job: Job,
  contexts: Contexts,
  options: RunJobOptions,
): Promise<JobRun> {
  const workspace = path.join(options.store.root, `machine-${machine}`, 'work');
  rmSync(workspace, { recursive: true, force: true, maxRetries: 3 });
  mkdirSync(workspace, { recursive: true });
  for (const name of CHECKOUT) cpSync(path.join(ROOT, name), path.join(workspace, name), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(workspace, 'node_modules'), 'dir');
  for (const [name, text] of Object.entries(options.files ?? {})) {
    mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
    writeFileSync(path.join(workspace, name), text);
  }
  const runner = mkdtempSync(path.join(options.store.root, 'runner-'));
  const summaryFile = path.join(runner, 'summary.md');
  writeFileSync(summaryFile, '');
  const steps: JobRun['steps'] = {};
  const exits: JobRun['exits'] = {};
  let failed = false;
  let log = '';
  const scope = () => ({ ...contexts, steps, job: { status: failed ? 'failure' : 'success' } });
  const jobEnv = evaluateEnv(job.env ?? {}, scope());

  for (const [index, step] of job.steps.entries()) {
    const key = step.id ?? `step-${index}`;
    const condition = step.if ?? 'success()';
    if (!truthy(evaluate(condition, scope(), failed))) {
      steps[key] = { outcome: 'skipped', outputs: {} };
      continue;
    }
    if (step.uses) {
      simulateUses(step, workspace, options.store, scope());
      steps[key] = { outcome: 'success', outputs: {} };
      continue;
    }
    if (!step.run || /^npm ci\b/.test(step.run)) {
      // The install is the one command not run: this checkout links the project's node_modules.
      steps[key] = { outcome: 'success', outputs: {} };
      continue;
    }
    const outputFile = path.join(runner, `output-${index}`);
    writeFileSync(outputFile, '');
    const script = path.join(runner, `step-${index}.sh`);
    writeFileSync(script, interpolate(step.run, scope()));
    const env = {
      ...baseEnv(),
      ...jobEnv,
      ...evaluateEnv(step.env ?? {}, scope()),
      ...options.overlay,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_WORKSPACE: workspace,
      CI: 'true',
    };
    const result = await bash(script, workspace, env, options.stepTimeoutMs ?? 240_000);
    log += `\n── ${step.name ?? step.run.split('\n')[0]} (exit ${result.code})\n${result.output}`;
    exits[step.name ?? key] = result.code;
    const outcome = result.code === 0 ? 'success' : 'failure';
    steps[key] = { outcome, outputs: readOutputs(outputFile) };
    if (outcome === 'failure') failed = true;
  }
  return { failed, summary: readFileSync(summaryFile, 'utf8'), workspace, steps, log, exits };
}

/** The environment a runner starts with: this machine's, without Playwright's worker variables or MEETBIT_*. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(TEST_|PW_|PLAYWRIGHT_|FORCE_COLOR|NO_COLOR|MEETBIT_)/.test(name))
      env[name] = value;
  }
  return env;
}

function bash(
  script: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
  }
  return outputs;
}

type Scope = Contexts & { steps: JobRun['steps']; job: { status: string } };

/**
 * A GitHub expression of the kinds the workflow uses: property paths, 'strings', numbers, true/false,
 * ==, !=, &&, ||, !, parentheses and always(), success(), failure(), fromJSON(). Anything else throws, so
 * a workflow change this runner cannot read fails the test instead of being misread.
 */
function evaluate(expression: string, scope: Scope, failed = false): unknown {
  const source = expression.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const tokens = source.match(/'[^']*'|\d+|[A-Za-z_][\w-]*|==|!=|&&|\|\||[!().]|\S/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const token = tokens[at++];
    if (expected !== undefined && token !== expected)
      throw new Error(`Expected ${expected} in \`${source}\`, found ${token ?? 'the end'}`);
    return token;
  };
  const functions: Record<string, (arg?: unknown) => unknown> = {
    always: () => true,
    success: () => !failed,
    failure: () => failed,
    fromJSON: (arg) => JSON.parse(String(arg)) as unknown,
  };
  const primary = (): unknown => {
    const token = take();
    if (token === undefined) throw new Error(`Unexpected end of \`${source}\``);
    if (token === '(') {
      const value = or();
      take(')');
      return value;
    }
    if (token === '!') return !truthy(primary());
    if (token.startsWith("'")) return token.slice(1, -1);
    if (/^\d+$/.test(token)) return Number(token);
    if (token === 'true' || token === 'false') return token === 'true';
    if (peek() === '(') {
      take('(');
      const arg = peek() === ')' ? undefined : or();
      take(')');
      const fn = functions[token];
      if (!fn) throw new Error(`Unknown function ${token} in \`${source}\``);
      return fn(arg);
    }
    let value: unknown = (scope as unknown as Record<string, unknown>)[token];
    if (value === undefined) throw new Error(`Unknown context ${token} in \`${source}\``);
    while (peek() === '.') {
      take('.');
      const name = take()!;
      value =
        value !== null && typeof value === 'object' ? ((value as Record<string, unknown>)[name] ?? '') : '';
    }
    return value;
  };
  const equality = (): unknown => {
    let left = primary();
    while (peek() === '==' || peek() === '!=') {
      const op = take();
      const right = primary();
      // GitHub compares loosely: numbers and strings by value.
      const same = String(left) === String(right);
      left = op === '==' ? same : !same;
    }
    return left;
  };
  const and = (): unknown => {
    let left = equality();
    while (peek() === '&&') {
      take();
      const right = equality();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const or = (): unknown => {
    let left = and();
    while (peek() === '||') {
      take();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`Cannot read \`${source}\` past ${tokens[at]}`);
  return value;
}

function truthy(value: unknown): boolean {
  return value !== '' && value !== false && value !== null && value !== undefined && value !== 0;
}

function interpolate(text: string, scope: Scope): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => {
    const value = evaluate(expression, scope);
    if (typeof value === 'object' && value !== null) return JSON.stringify(value);
    return typeof value === 'string' ? value : String(value);
  });
}

function evaluateEnv(env: Record<string, string>, scope: Scope): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, interpolate(String(value), scope)]),
  );
}

function simulateUses(step: Step, workspace: string, store: Store, scope: Scope): void {
  const action = step.uses!.split('@')[0]!;
  const input = (name: string) => interpolate(String(step.with?.[name] ?? ''), scope);
  switch (action) {
    case 'actions/checkout':
    case 'actions/setup-node':
      return;
    case 'actions/upload-artifact': {
      // Like the action: every path that exists, relative to the folder they share.
      const paths = input('path')
        .split('\n')
        .map((entry) => entry.trim())
        .filter((entry) => entry && existsSync(path.join(workspace, entry)));
      if (paths.length === 0) return;
      const common = commonFolder(paths);
      const into = path.join(store.artifacts, input('name'));
      for (const entry of paths)
        cpSync(path.join(workspace, entry), path.join(into, path.relative(common, entry)), {
          recursive: true,
        });
      return;
    }
    case 'actions/download-artifact': {
      const pattern = new RegExp(
        `^${input('pattern')
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')}$`,
      );
      for (const name of readdirSync(store.artifacts).filter((entry) => pattern.test(entry)))
        cpSync(path.join(store.artifacts, name), path.join(workspace, input('path'), name), {
          recursive: true,
        });
      return;
    }
    case 'actions/cache/restore': {
      const exact = path.join(store.caches, input('key'));
      const prefix = input('restore-keys');
      // The newest cache whose key starts with the prefix (names sort by night here).
      const found = existsSync(exact)
        ? exact
        : readdirSync(store.caches)
            .filter((name) => prefix && name.startsWith(prefix))
            .sort()
            .map((name) => path.join(store.caches, name))
            .at(-1);
      if (found) cpSync(found, path.join(workspace, input('path')), { recursive: true });
      return;
    }
    case 'actions/cache/save': {
      const source = path.join(workspace, input('path'));
      if (existsSync(source)) cpSync(source, path.join(store.caches, input('key')), { recursive: true });
      return;
    }
    default:
      throw new Error(
        `The simulated runner does not know ${step.uses}: teach tests/support/actions-runner.ts.`,
      );
  }
}

function commonFolder(paths: readonly string[]): string {
  const parts = paths.map((entry) => path.dirname(path.normalize(entry)).split(path.sep));
  const common: string[] = [];
  for (let i = 0; parts.every((p) => p[i] !== undefined && p[i] === parts[0]![i]); i++)
    common.push(parts[0]![i]!);
  return common.join(path.sep) || '.';
}
