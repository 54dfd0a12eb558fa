import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { catalogueOf } from '../src/cases/catalogue';
import { loadSuiteOperation } from '../src/contract';
import {
  blockNames,
  envExample,
  footprintBlocks,
  footprintPlans,
  MARKDOWN_FILES,
  regenerated,
  ROOT,
  staticBlocks,
} from './docs-blocks';

/**
 * `npm run docs`: rewrites what README.md, docs/*.md and .env.example say that the code knows (the settings
 * table, the verdicts and exit codes, the catalogue's counts, each kind of run's footprint), so none of it
 * is typed twice. The tests fail when a file differs from what this writes.
 */
const { requirements } = catalogueOf(await loadSuiteOperation());
const blocks = { ...staticBlocks(requirements), ...footprintBlocks(await footprintPlans()) };
const changed: string[] = [];
for (const file of MARKDOWN_FILES) {
  const before = readFileSync(path.join(ROOT, file), 'utf8');
  const unknown = blockNames(before).filter((name) => !(name in blocks));
  if (unknown.length > 0) throw new Error(`${file}: no generator for block ${unknown.join(', ')}`);
  const after = await regenerated(file, blocks);
  if (after !== before) {
    writeFileSync(path.join(ROOT, file), after);
    changed.push(file);
  }
}
const env = envExample();
if (readFileSync(path.join(ROOT, '.env.example'), 'utf8') !== env) {
  writeFileSync(path.join(ROOT, '.env.example'), env);
  changed.push('.env.example');
}
console.log(changed.length ? `Rewrote ${changed.join(', ')}.` : 'Every generated block is up to date.');
