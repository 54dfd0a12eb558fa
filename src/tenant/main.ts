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
const running = await serve(tenant.handle, { port: Number(values.port) });
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
