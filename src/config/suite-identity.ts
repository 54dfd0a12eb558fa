import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SuiteIdentity } from '../report/run-settings';

const ROOT = path.resolve(import.meta.dirname, '../..');

let identity: SuiteIdentity | undefined;

/** package.json's version and the checkout's commit, read once a process. */
export function suiteIdentity(): SuiteIdentity {
  identity ??= readSuiteIdentity();
  return identity;
}

/** `git` and `root` are for tests: a machine without git, or a folder that is not a checkout. */
export function readSuiteIdentity({ root = ROOT, git = 'git' } = {}): SuiteIdentity {
  return { version: packageVersion(root), commit: gitCommit(root, git) };
}

function packageVersion(root: string): string | null {
  try {
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}

function gitCommit(root: string, git: string): string | null {
  try {
    const out = execFileSync(git, ['rev-parse', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : null;
  } catch {
    // No git on the machine, not a checkout (an unpacked tarball), or git refused: the report says null.
    return null;
  }
}
