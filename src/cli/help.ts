import { SETTINGS } from '../config/settings';
import { EXIT } from '../report/verdict-words';

export const EXIT_MEANINGS: Record<keyof typeof EXIT, string> = {
  conforms:
    'conforms, conforms-with-warnings or incomplete: no MUST problem (the verdict says what was not verified)',
  doesNotConform:
    'does-not-conform: at least one MUST problem (with MEETBIT_FAIL_ON=new, a new one); or, with --strict, warnings or an incomplete run',
  configuration:
    'configuration problem (a setting missing, malformed or misspelt, https:// to a port that speaks plain http, the tenant refused the key, account or backer event, or a baseline refused): no verdict',
  infrastructure:
    'infrastructure error (unreachable, no answer, a TLS certificate problem, a proxy page): no verdict',
  suiteError: 'the suite itself failed: please report it',
};

/** `npm run conformance -- --help`: everything a first run needs, from the settings table itself. */
export function helpText(): string {
  const width = Math.max(...SETTINGS.map((setting) => setting.name.length));
  return [
    "MeetBit conformance suite: is this tenant's POST /online_conferences what openapi.yaml says?",
    '',
    'Usage: npm run conformance [-- options]',
    '',
    'With no tenant setting, it starts the bundled reference tenant on loopback and tests that.',
    'With MEETBIT_BASE_URL (or MEETBIT_PRIMARY_DOMAIN) and a key, it preflights the tenant (2 requests that',
    'create nothing, then 1 valid private create under your settings), runs every check, and writes',
    'reports/conformance.{json,md,html} and created.json.',
    'A tenant setting that is present (even empty) without a URL is a configuration error, never the reference tenant.',
    "A configured tenant is someone's system, whatever its address: private creates, a small fuzz budget;",
    'MEETBIT_DISPOSABLE_TENANT=1 treats a throwaway instance as disposable. --list says which, and how long.',
    '',
    'Options:',
    '  --help, -h         this text; sends nothing, needs no configuration',
    '  --list             the exact plan: every test, the requests it sends and the statuses it expects,',
    '                     and the totals; sends nothing',
    '  --list --json      the same as JSON (`requests`, `conferencesCreated`, `tests`)',
    '  --requirements     the requirements catalogue (id, level, source, statement, the tests that verify',
    '                     each); sends nothing',
    '  --strict           warnings and unverified MUST requirements fail the run (exit 1)',
    '  --baseline <file>  compare with a previous conformance.json of this tenant (MEETBIT_BASELINE)',
    '  --merge <dir>      merge the blob reports of a sharded run in <dir> into one report, judged and',
    '                     exiting like a run (baseline, MEETBIT_FAIL_ON, history); sends nothing',
    '',
    'Passed on to `playwright test`: test files or title filters, --grep/-g, --grep-invert, --project,',
    '--shard=i/n (public ids carry the shard; the rate-limit burst runs in shard 1 only), --max-failures/-x,',
    '--quiet. Browser options (--headed, --ui, --browser) do nothing: the suite opens no browser. Never',
    'pass --retries: a re-sent create could create twice.',
    '',
    'Settings (environment variables, or .env; the environment wins):',
    ...SETTINGS.map(
      (setting) =>
        `  ${setting.name.padEnd(width)}  ${setting.meaning}${setting.default ? ` (default: ${setting.default})` : ''}`,
    ),
    '',
    'Exit codes:',
    ...Object.entries(EXIT).map(([name, code]) => `  ${code}  ${EXIT_MEANINGS[name as keyof typeof EXIT]}`),
    '',
    'Every exit code comes from this run: the reports folder is cleared of the previous run first.',
    'See README.md and docs/ for reports, waivers and shards, and docs/nightly.md for monitoring a tenant every night.',
  ].join('\n');
}
