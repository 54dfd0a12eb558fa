import { isIP } from 'node:net';

/** A literal loopback address (127.0.0.0/8, ::1, ::ffff:127.x): the only place plain http may go. */
export function isLoopbackAddress(address: string): boolean {
  const host = address.replace(/^\[|\]$/g, '');
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || (isIP(host) === 6 && /^::ffff:127\./i.test(host));
}
