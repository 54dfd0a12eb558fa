import { parseArgs } from 'node:util';
import { REFERENCE_ACCOUNT_IDS, REFERENCE_BACKER_EVENT_IDS, REFERENCE_KEYS } from './defaults';
import { serve } from './http';
import { createReferenceTenant } from './tenant';

const USAGE = [
  'npm run tenant [-- options]: the bundled reference tenant as a local sandbox on 127.0.0.1.',
  '',
  'Options:',
  '  --port <n>         the port to listen on (default 4010; 0 picks a free one)',
  '  --no-rate-limit    never answer 429 (the sandbox otherwise allows 400 requests, refilled at 20/s)',
  '  --help, -h         this text',
  '',
  'It prints the MEETBIT_* lines that point `npm run conformance` at it, ready to paste into .env.',
].join('\n');

/** `npm run tenant -- --port 4010`: the reference tenant as a local sandbox. */
let values: { port: string; 'no-rate-limit': boolean; help: boolean };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      'no-rate-limit': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  // An unknown or malformed option: one line saying which, and the usage, never a stack trace.
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const tenant = createReferenceTenant(values['no-rate-limit'] ? { rateLimit: null } : {});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a whole number from 0 to 65535, got "${values.port}".`);
  process.exit(2);
}
const running = await serve(tenant.handle, { port }).catch((error: NodeJS.ErrnoException) => {
  // One actionable line instead of a stack trace: the usual cause is a sandbox still running.
  if (error.code === 'EADDRINUSE') {
    console.error(
      `Port ${port} on 127.0.0.1 is already in use (another tenant still running?). Stop it, or pick another port: npm run tenant -- --port ${port + 1}`,
    );
  } else if (error.code === 'EACCES') {
    console.error(
      `Not allowed to listen on port ${port}: pick one above 1023, e.g. npm run tenant -- --port 4010`,
    );
  } else throw error;
  process.exit(2);
});
// Stops cleanly from the moment it says where it listens: whoever reads that line may stop it at once.
const stop = (): void => void running.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
console.log(sandboxSettings(running.baseUrl));

/**
 * What to paste into .env (or a shell) to run the suite against this sandbox: its keys are published on
 * purpose (src/tenant/defaults.ts), and it is the one tenant a user may call disposable without thinking.
 */
function sandboxSettings(baseUrl: string): string {
  return [
    `# MeetBit reference tenant listening on ${baseUrl} (Ctrl+C stops it).`,
    '# Paste these lines into .env, then: npm run conformance',
    `MEETBIT_BASE_URL=${baseUrl}`,
    `MEETBIT_ACCESS_KEY_ID=${REFERENCE_KEYS.full.id}`,
    `MEETBIT_ACCESS_KEY_SECRET=${REFERENCE_KEYS.full.secret}`,
    `MEETBIT_ACCOUNT_ID=${REFERENCE_ACCOUNT_IDS[0]}`,
    `MEETBIT_BACKER_EVENT_ID=${REFERENCE_BACKER_EVENT_IDS[0]}`,
    `MEETBIT_RESTRICTED_ACCESS_KEY_ID=${REFERENCE_KEYS.restricted.id}`,
    `MEETBIT_RESTRICTED_ACCESS_KEY_SECRET=${REFERENCE_KEYS.restricted.secret}`,
    '# A throwaway sandbox: the full treatment (fuzz budget 200, public creates). Leave it out to see the',
    '# safe defaults every other tenant gets.',
    'MEETBIT_DISPOSABLE_TENANT=1',
    '# Its budget is 20 requests/s: a faster pace than the 0.8 assumed for a tenant that announces none.',
    'MEETBIT_MAX_RPS=10',
  ].join('\n');
}
