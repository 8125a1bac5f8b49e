import { createHmac } from 'node:crypto';
import { expandNetwork, parseCidr, parseIp, PREFIX_LADDER, prefixKey } from './ip-prefix.ts';

/** What a vote keeps of its client's address: keyed hashes only, of the address and of its network prefixes. */
export interface AddressFingerprint {
  /** The whole address (/32 or /128). */
  hash: string;
  prefixes: { bits: number; hash: string }[];
}

/**
 * Keyed hashes (HMAC-SHA256 under the server's address key) of addresses and
 * their prefixes. Without the key a hash says nothing; with it, the address
 * space is small enough to search, so the key is kept apart from the database
 * where it can be (VERSUS_SECRET; README, Deploying for a team).
 */
export class AddressHasher {
  constructor(private readonly key: Buffer) {}

  private digest(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url').slice(0, 22);
  }

  /** Null for something that is not an IP address (an unknown peer). */
  fingerprint(address: string): AddressFingerprint | null {
    const ip = parseIp(address);
    if (!ip) return null;
    const prefixes = PREFIX_LADDER[ip.family].map((bits) => ({ bits, hash: this.digest(prefixKey(ip.family, ip.bytes, bits)) }));
    return { hash: prefixes.at(-1)!.hash, prefixes };
  }

  /** The prefix hashes that match a range (`10.1.0.0/16`, `2001:db8::/48`, or one address), or why it cannot be matched. */
  rangeHashes(cidr: string): { hashes: string[] } | { error: string } {
    const net = parseCidr(cidr);
    if (!net) return { error: `"${cidr}" is not an address or a CIDR range` };
    const expanded = expandNetwork(net);
    if ('error' in expanded) return expanded;
    return { hashes: expanded.keys.map((k) => this.digest(k)) };
  }
}
