import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { CORRECT_TENANTS, FAULTY_VARIANTS } from './catalogue';
import {
  killTable,
  ROOT,
  runSuiteAgainst,
  SELFTEST_SEED,
  selftestGrep,
  serveVariants,
  verdictFor,
} from './harness';
import type { TenantVariant } from './variant';

/** Contract checks every response passes through; each must be some variant's named catcher. */
const CONTRACT_CHECKS = [
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
  'expected_outcome',
  'error_names_field',
  'echo_conformance',
  'server_fields_plausibility',
  'no_server_error',
];

/** SELFTEST_ONLY=name,name narrows the run while working on a variant; never set in CI. */
const only = process.env.SELFTEST_ONLY?.split(',').filter(Boolean);
const pick = (variants: readonly TenantVariant[]) =>
  only ? variants.filter((v) => only.includes(v.name)) : variants;

test('the suite passes every correct tenant and catches every faulty variant with the check its catalogue names', async () => {
  test.setTimeout(240_000);
  const correct = pick(CORRECT_TENANTS);
  const faulty = pick(FAULTY_VARIANTS);
  const all = [...correct, ...faulty];
  expect(new Set(all.map((v) => v.name)).size, 'variant names are unique').toBe(all.length);

  const served = await serveVariants(all);
  let run;
  try {
    run = await runSuiteAgainst(served, 200_000, selftestGrep(all, CONTRACT_CHECKS));
  } finally {
    await Promise.all(served.map(({ tenant }) => tenant.close()));
  }
  expect(
    run.outcomes.length,
    `the suite ran no test; its output:\n${run.output.slice(-4000)}`,
  ).toBeGreaterThan(0);

  const correctVerdicts = correct.map((v) => verdictFor(v, run.outcomes));
  const faultyVerdicts = faulty.map((v) => verdictFor(v, run.outcomes));
  const killed = faultyVerdicts.filter((v) => v.killed).length;
  const summary = [
    `Self-test: ${faulty.length} faulty variants, ${killed} killed (kill rate ${((100 * killed) / Math.max(1, faulty.length)).toFixed(1)}%);`,
    `${correct.length} correct tenants, ${correctVerdicts.filter((v) => v.failedTests === 0).length} passed with no failure.`,
    `One Playwright invocation, ${run.outcomes.length} tests, wall time ${(run.wallMs / 1000).toFixed(1)} s.`,
  ].join(' ');
  const table = `${summary}\n\n## Faulty variants\n\n${killTable(faultyVerdicts)}\n\n## Correct tenants\n\n${killTable(correctVerdicts, 'correct')}\n`;
  const out = path.join(ROOT, 'reports/selftest');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'kill-table.md'), table);
  writeFileSync(
    path.join(out, 'kill-table.json'),
    JSON.stringify(
      { wallMs: run.wallMs, tests: run.outcomes.length, correct: correctVerdicts, faulty: faultyVerdicts },
      null,
      2,
    ),
  );
  console.log(`${table}\nWritten to reports/selftest/kill-table.md`);

  for (const verdict of correctVerdicts) {
    const failures = run.outcomes
      .filter((o) => o.target === verdict.name && ['failed', 'timedOut'].includes(o.status))
      .map((o) => `- ${o.project} › ${o.title}\n${(o.error ?? '').slice(0, 1500)}`);
    expect
      .soft(failures, `correct tenant "${verdict.name}" must pass: a failure here is a false positive`)
      .toEqual([]);
  }
  for (const verdict of faultyVerdicts) {
    expect
      .soft(
        verdict.killed,
        `variant "${verdict.name}" (${verdict.description}) must be caught by ${verdict.expected.join(' or ')}; failed: ${verdict.failedChecks.join(', ') || 'nothing'}`,
      )
      .toBe(true);
    if (verdict.fixedCases) {
      expect
        .soft(
          verdict.fixedCases.failed,
          `variant "${verdict.name}" is declared onlyGenerated: no fixed case may catch it, only the fuzz phase`,
        )
        .toBe(0);
    }
  }

  if (!only) {
    // Every check pays its way: some variant names it as the check that must catch its defect.
    const named = new Set(FAULTY_VARIANTS.flatMap((v) => v.catches));
    const testChecks = [...new Set(run.outcomes.flatMap((o) => o.checks))];
    const unproven = [...CONTRACT_CHECKS, ...testChecks].filter(
      (check) => !named.has(check) && !JUSTIFIED.has(check),
    );
    expect
      .soft(unproven, 'checks that no variant proves (add a variant, or justify in JUSTIFIED)')
      .toEqual([]);
  }
});

/** Besides the main run's seed: the correct tenants must pass the fuzz phase under each of these. */
const MORE_SEEDS = [2, 3, 5, 8, 13];

test('the correct tenants pass the fuzz phase under 5 more seeds', async () => {
  test.setTimeout(240_000);
  const correct = pick(CORRECT_TENANTS);
  const served = await serveVariants(correct);
  const failures: string[] = [];
  try {
    for (const seed of MORE_SEEDS) {
      expect(seed).not.toBe(SELFTEST_SEED);
      const run = await runSuiteAgainst(served, 60_000, /generated inputs \(fuzz phase\)/, {
        MEETBIT_SEED: String(seed),
      });
      const fuzzTests = run.outcomes.filter((o) => o.checks.some((c) => c.startsWith('fuzz.')));
      expect(fuzzTests.length, `seed ${seed}: ${run.output.slice(-2000)}`).toBe(2 * correct.length);
      for (const o of fuzzTests.filter((o) => o.status !== 'passed'))
        failures.push(`seed ${seed} · ${o.target} · ${o.title}\n${(o.error ?? o.status).slice(0, 1500)}`);
    }
  } finally {
    await Promise.all(served.map(({ tenant }) => tenant.close()));
  }
  expect(failures, 'a correct tenant failed the fuzz phase: a false positive').toEqual([]);
});

/**
 * Checks no variant is named for, each with the reason. Keep this short: an entry here is a check
 * whose ability to fail is argued, not shown.
 */
const JUSTIFIED = new Map<string, string>([]);
