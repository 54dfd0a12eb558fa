import { parseArgs } from 'node:util';
import { REFERENCE_ACCOUNT_IDS, REFERENCE_BACKER_EVENT_IDS, REFERENCE_KEYS } from './defaults';
import { serve } from './http';
import { createReferenceTenant } from './tenant';

/** `npm run tenant -- --port 4010`: the reference tenant as a local sandbox. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    'no-rate-limit': { type: 'boolean', default: false },
  },
});
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
console.log(
  [
    `MeetBit reference tenant listening on ${running.baseUrl}`,
    `  full key:       X-Access-Key-Id: ${REFERENCE_KEYS.full.id}   X-Access-Key-Secret: ${REFERENCE_KEYS.full.secret}`,
    `  restricted key: X-Access-Key-Id: ${REFERENCE_KEYS.restricted.id}   X-Access-Key-Secret: ${REFERENCE_KEYS.restricted.secret}`,
    `  accounts: ${REFERENCE_ACCOUNT_IDS.join(', ')}   backer events: ${REFERENCE_BACKER_EVENT_IDS.join(', ')}`,
    'Press Ctrl+C to stop.',
  ].join('\n'),
);
const stop = (): void => void running.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
