import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { catalogueOf } from '../../src/cases/catalogue';
import { loadSuiteOperation } from '../../src/contract';
import {
  blockNames,
  catalogueBlock,
  envExample,
  exitCodesBlock,
  formatted,
  MARKDOWN_FILES,
  regenerated,
  replaceBlocks,
  ROOT,
  settingsBlock,
  verdictBlock,
} from '../../scripts/docs-blocks';

/**
 * What README.md, docs/ and .env.example say that the code knows is what `npm run docs` writes from the code:
 * the settings table (src/config/settings.ts), the verdicts and exit codes (src/report/verdict-words.ts), the
 * catalogue's counts (catalogueOf). The plan's footprint is checked in tests/cli/docs.test.ts (it runs --list).
 */
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** Every Markdown file holding the block is what `npm run docs` would write; at least one holds it. */
async function expectFresh(name: string, content: string, source: string): Promise<void> {
  const holders = MARKDOWN_FILES.filter((file) => blockNames(read(file)).includes(name));
  expect(holders, `some file shows the ${name} block`).not.toEqual([]);
  for (const file of holders) {
    expect(
      await regenerated(file, { [name]: content }),
      `${file} disagrees with ${source}: run npm run docs`,
    ).toBe(read(file));
  }
}

test('README and docs agree with src/config/settings.ts, and .env.example is generated from it', async () => {
  await expectFresh('settings', settingsBlock(), 'src/config/settings.ts');
  expect(read('.env.example'), '.env.example disagrees with src/config/settings.ts: run npm run docs').toBe(
    envExample(),
  );
});

test('README and docs agree with the verdicts and exit codes of src/report/verdict-words.ts', async () => {
  await expectFresh('verdicts', verdictBlock(), 'src/report/verdict-words.ts');
  await expectFresh('exit-codes', exitCodesBlock(), 'src/report/verdict-words.ts and src/cli/help.ts');
});

test("docs agree with the catalogue's counts", async () => {
  const { requirements } = catalogueOf(await loadSuiteOperation());
  await expectFresh('catalogue', catalogueBlock(requirements), 'the catalogue (catalogueOf)');
});

test('the check catches a drifted figure: a default typed by hand differs from what npm run docs writes', async () => {
  const file = 'docs/settings.md';
  const drifted = read(file).replace(/(\| `MEETBIT_CONCURRENCY` +\| )1 \(the self-test uses 2\)/, '$1 2');
  const reformatted = await formatted(file, drifted);
  expect(reformatted, 'the drift was made').not.toBe(read(file));
  expect(await formatted(file, replaceBlocks(reformatted, { settings: settingsBlock() }))).not.toBe(
    reformatted,
  );
  // ...and a block the generator does not know is refused by name, not silently kept.
  expect(blockNames('<!-- generated: mystery (npm run docs) -->\nx\n<!-- /generated: mystery -->')).toEqual([
    'mystery',
  ]);
});

test('README is a landing page: at most 150 lines, the first run and "your tenant in three steps" on its first screen', () => {
  const lines = read('README.md').split('\n');
  expect(lines.length).toBeLessThanOrEqual(150);
  const firstScreen = lines.slice(0, 50).join('\n');
  expect(firstScreen).toContain('npm ci && npm run conformance');
  expect(firstScreen).toContain('npm test');
  expect(firstScreen).toContain('## Your tenant in three steps');
  expect(firstScreen).toContain('3. **The run.**');
  // The dependency table stays in README, one line each, linked from the first screen.
  expect(firstScreen).toContain('(#dependencies)');
  const dependencies = JSON.parse(read('package.json')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const table = read('README.md').slice(read('README.md').indexOf('## Dependencies'));
  for (const name of [
    ...Object.keys(dependencies.dependencies),
    ...Object.keys(dependencies.devDependencies),
  ])
    expect(table, `${name} has its line in README's dependency table`).toContain(`\`${name}\``);
});
