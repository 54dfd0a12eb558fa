import { BlockList, isIP } from 'node:net';

/** 127.0.0.0/8 and ::1; Node's BlockList also matches IPv4-mapped IPv6 (`::ffff:7f00:1`) against the IPv4 range. */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * A literal loopback address: 127.0.0.0/8, ::1 in any spelling, or IPv4-mapped loopback (`::ffff:127.0.0.1`,
 * which a URL writes as `[::ffff:7f00:1]`): the only place plain http may go.
 */
export function isLoopbackAddress(address: string): boolean {
  const host = address.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  if (family === 4) return LOOPBACK.check(host, 'ipv4');
  return family === 6 && LOOPBACK.check(host, 'ipv6');
}
