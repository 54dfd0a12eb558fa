import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { newStore, runJob, type Contexts, type Job } from '../support/actions-runner';

const contexts: Contexts = { github: {}, secrets: {}, inputs: {}, matrix: {}, needs: {} };

/** A job that leaves a file behind and says whether it found one, and whether its checkout is there. */
const job = (name: string): Job => ({
  steps: [
    {
      id: 'look',
      run: [
        `if [ -e left-behind ]; then echo "found=yes" >> "$GITHUB_OUTPUT"; else echo "found=no" >> "$GITHUB_OUTPUT"; fi`,
        `if [ -f openapi.yaml ]; then echo "checkout=yes" >> "$GITHUB_OUTPUT"; fi`,
        `echo "${name}" > left-behind`,
        // Long enough for two jobs started together to overlap.
        'sleep 0.3',
      ].join('\n'),
    },
  ],
});

/**
 * The nightly test's runner machines: jobs that run at once get workspaces of their own; a machine keeps its
 * workspace path from job to job (so Playwright's compile cache, keyed by path, serves every night after the
 * first), and each job still starts from a fresh checkout, never from what the machine's last job left.
 */
test('jobs run at once get their own workspaces; a later job reuses a path with a fresh checkout', async () => {
  const store = newStore();
  try {
    const [first, second] = await Promise.all([
      runJob(job('first'), contexts, { store }),
      runJob(job('second'), contexts, { store }),
    ]);
    expect(first.workspace).not.toBe(second.workspace);
    for (const run of [first, second]) {
      expect(run.failed, run.log).toBe(false);
      expect(run.steps.look!.outputs).toEqual({ found: 'no', checkout: 'yes' });
    }
    expect(readFileSync(path.join(first.workspace, 'left-behind'), 'utf8')).toBe('first\n');

    const later = await runJob(job('later'), contexts, { store });
    expect(later.workspace).toBe(first.workspace);
    expect(later.steps.look!.outputs).toEqual({ found: 'no', checkout: 'yes' });
    expect(readFileSync(path.join(later.workspace, 'left-behind'), 'utf8')).toBe('later\n');
    expect(path.dirname(path.dirname(later.workspace))).toBe(store.root);
  } finally {
    rmSync(store.root, { recursive: true, force: true });
  }
  expect(existsSync(store.root)).toBe(false);
});
