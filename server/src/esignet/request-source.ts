// The source of a sign-in attempt, as the attempt limits and authenticate's per-address rate limit
// both count it: the client address, IPv6 grouped by /56; and whether the operator listed it as
// shared by many residents (limits.sharedSources), which multiplies its per-source limits.
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { Request } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Config } from '../config.js';

/**
 * IPv6 clients are one source per /56, the block an ISP commonly gives one customer: counted by
 * /64, one customer would hold 256 sources.
 */
export const IPV6_SOURCE_PREFIX = 56;

/** The client address (Express `req.ip`, which follows `trustProxyHops`); an IPv4-mapped IPv6 address as IPv4. */
function clientAddress(req: Request): string {
  const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  return ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
}

/** The source of a request for the attempt limits: its client address, an IPv6 address by its /56. */
export function requestSource(req: Request): string {
  return ipKeyGenerator(clientAddress(req), IPV6_SOURCE_PREFIX);
}

/** The addresses of limits.sharedSources. */
export class SharedSources {
  private readonly list = new BlockList();

  constructor(private readonly limits: Pick<Config['limits'], 'sharedSources' | 'sharedSourceFactor'>) {
    for (const entry of limits.sharedSources) {
      const [address, prefix] = entry.split('/') as [string, string | undefined];
      const family = isIPv4(address) ? 'ipv4' : 'ipv6';
      if (prefix === undefined) this.list.addAddress(address, family);
      else this.list.addSubnet(address, Number(prefix), family);
    }
  }

  /**
   * What the request's per-source limits are multiplied by: limits.sharedSourceFactor for a
   * listed address, else 1.
   * @example rateLimit({ limit: (req) => 30 * shared.factor(req) })
   */
  factor(req: Request): number {
    const ip = clientAddress(req);
    const family = isIPv4(ip) ? 'ipv4' : isIPv6(ip) ? 'ipv6' : undefined;
    return family !== undefined && this.list.check(ip, family) ? this.limits.sharedSourceFactor : 1;
  }
}
