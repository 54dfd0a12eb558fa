import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';

export interface Machine {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly npm: string;
  readonly versions: Record<string, string>;
}

const PACKAGES = ['@playwright/test', 'autocannon', '@stoplight/prism-cli', 'tsx'];

export function describeMachine(): Machine {
  const versions: Record<string, string> = {};
  for (const name of PACKAGES) versions[name] = packageVersion(name);
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: totalmem() / 2 ** 30,
    os: `${type()} ${release()}`,
    node: process.version,
    npm: commandOutput('npm', ['--version']),
    versions,
  };
}

export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
}

export interface Background {
  readonly at: string;
  readonly load: string;
  /** CPU busy over one second while the bench itself was idle: the other users of this machine. */
  readonly busyPercent: number;
  readonly busiest: string[];
}

/** One second of `top` while the bench waits: how busy the machine is without us. */
export function backgroundLoad(): Background {
  const output = commandOutput('top', ['-b', '-n', '2', '-d', '1', '-o', '%CPU', '-w', '200']);
  const second = output.split(/^top - /m)[2] ?? '';
  const idle = /([\d.]+)\s*id,/.exec(second)?.[1];
  const table = second.split('\n').slice(second.split('\n').findIndex((line) => /PID\s+USER/.test(line)) + 1);
  const busiest = table
    .map((line) => line.trim().split(/\s+/))
    .filter((cells) => Number(cells[8]) >= 5 && cells[11] !== 'top')
    .slice(0, 5)
    .map((cells) => `${cells.slice(11).join(' ')} ${cells[8]}%`);
  return {
    at: new Date().toISOString(),
    load: loadAverage(),
    busyPercent: idle === undefined ? NaN : 100 - Number(idle),
    busiest,
  };
}

function packageVersion(name: string): string {
  try {
    const file = new URL(`../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function commandOutput(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}
