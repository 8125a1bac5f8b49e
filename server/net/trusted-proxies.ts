import { BlockList } from 'node:net';
import { parseIpAddress } from './parse-ip-address.ts';

/** Names for the ranges people mean most often. */
const NAMED: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** Why an entry of `network.trustedProxies` is not a range; null when it is one. */
export function trustedProxyEntryError(entry: string): string | null {
  try {
    TrustedProxies.parse([entry]);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * The proxies whose forwarding headers are believed: CIDR ranges or single
 * addresses, IPv4 or IPv6, plus `loopback` and `private`. IPv4-mapped IPv6
 * ranges (`::ffff:10.0.0.0/104`) mean their IPv4 range, as mapped addresses do.
 */
export class TrustedProxies {
  private constructor(
    private readonly list: BlockList,
    readonly size: number,
  ) {}

  static readonly none = new TrustedProxies(new BlockList(), 0);

  static parse(entries: readonly string[]): TrustedProxies {
    const list = new BlockList();
    let size = 0;
    for (const entry of entries.flatMap((e) => NAMED[e.trim().toLowerCase()] ?? [e])) {
      const [addr = '', bits, ...rest] = entry.trim().split('/');
      const ip = parseIpAddress(addr);
      if (!ip || rest.length > 0) throw new Error(`"${entry}" is not an IP address or CIDR range`);
      const max = ip.family === 'ipv4' ? 32 : 128;
      // A mapped range written in IPv6 terms: its prefix counts the 96 bits of ::ffff: before the IPv4 part.
      const mappedShift = ip.family === 'ipv4' && addr.includes(':') ? 96 : 0;
      if (bits !== undefined && !/^\d{1,3}$/.test(bits)) throw new Error(`"${entry}": prefix length must be a number`);
      const prefix = bits === undefined ? max : Number(bits) - mappedShift;
      if (prefix < 0 || prefix > max)
        throw new Error(`"${entry}": prefix length out of range for ${ip.family === 'ipv4' ? 'IPv4' : 'IPv6'}`);
      list.addSubnet(ip.address, prefix, ip.family);
      size++;
    }
    return new TrustedProxies(list, size);
  }

  includes(address: string | undefined): boolean {
    if (this.size === 0 || address === undefined) return false;
    const ip = parseIpAddress(address);
    return ip !== null && this.list.check(ip.address, ip.family);
  }
}
