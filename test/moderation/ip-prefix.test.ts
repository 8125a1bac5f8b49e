import { describe, expect, it } from 'vitest';
import { AddressHasher } from '../../server/moderation/address-hasher.ts';
import { expandNetwork, parseCidr, parseIp } from '../../server/moderation/ip-prefix.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('addresses and ranges', () => {
  it('reads IPv4, IPv6 and IPv4-mapped IPv6 (as dual-stack sockets report IPv4 clients)', () => {
    expect(parseIp('203.0.113.7')).toEqual({ family: 4, bytes: Uint8Array.from([203, 0, 113, 7]) });
    expect(parseIp('::ffff:203.0.113.7')).toEqual({ family: 4, bytes: Uint8Array.from([203, 0, 113, 7]) });
    expect(hex(parseIp('2001:db8::1')!.bytes)).toBe('20010db8000000000000000000000001');
    expect(hex(parseIp('[fe80::1%eth0]')!.bytes)).toBe('fe800000000000000000000000000001');
    expect(parseIp('unknown')).toBeNull();
    expect(parseIp('1.2.3.256')).toBeNull();
  });

  it('masks a CIDR to its network and refuses what is not one', () => {
    expect(parseCidr('203.0.113.77/24')).toMatchObject({ family: 4, bits: 24, bytes: Uint8Array.from([203, 0, 113, 0]) });
    expect(parseCidr('::ffff:10.1.2.3/104')).toMatchObject({ family: 4, bits: 8 });
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    expect(parseCidr('10.0.0.0/8/1')).toBeNull();
    expect(parseCidr('2001:db8::/48')).toMatchObject({ family: 6, bits: 48 });
  });

  it('lists a range as kept-length prefixes, and refuses a range the kept lengths cannot express', () => {
    expect(expandNetwork(parseCidr('10.0.0.0/22')!)).toMatchObject({
      bits: 24,
      keys: ['v4/24/0a000000', 'v4/24/0a000100', 'v4/24/0a000200', 'v4/24/0a000300'],
    });
    expect(expandNetwork(parseCidr('10.0.0.0/25')!)).toMatchObject({ bits: 32 });
    expect((expandNetwork(parseCidr('10.0.0.0/25')!) as { keys: string[] }).keys).toHaveLength(128);
    expect(expandNetwork(parseCidr('2001:db8::/62')!)).toMatchObject({ bits: 64 });
    expect(expandNetwork(parseCidr('2001:db8::/96')!)).toMatchObject({ error: expect.stringMatching(/cannot be matched/) as string });
  });

  it('hashes under a key: a range matches the addresses inside it and no other', () => {
    const hasher = new AddressHasher(Buffer.alloc(32, 7));
    const inside = hasher.fingerprint('198.51.100.200')!;
    const outside = hasher.fingerprint('198.51.101.1')!;
    const range = hasher.rangeHashes('198.51.100.128/25') as { hashes: string[] };
    const all = (f: typeof inside) => new Set(f.prefixes.map((p) => p.hash));
    expect(range.hashes.some((h) => all(inside).has(h))).toBe(true);
    expect(range.hashes.some((h) => all(outside).has(h))).toBe(false);
    // Another key, other hashes: without the key a hash says nothing.
    expect(new AddressHasher(Buffer.alloc(32, 8)).fingerprint('198.51.100.200')!.hash).not.toBe(inside.hash);
    expect(inside.hash).not.toContain('198');
  });
});
