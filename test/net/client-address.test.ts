import { describe, expect, it } from 'vitest';
import { addressBucket } from '../../server/net/address-bucket.ts';
import { forwardedHops } from '../../server/net/forwarded-hops.ts';
import { parseIpAddress } from '../../server/net/parse-ip-address.ts';
import { resolveClientAddress } from '../../server/net/resolve-client-address.ts';
import { TrustedProxies, trustedProxyEntryError } from '../../server/net/trusted-proxies.ts';

const headers = (h: Record<string, string>) => (name: string) => h[name];

describe('parseIpAddress', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1', 'ipv4'],
    ['::ffff:10.0.0.1', '10.0.0.1', 'ipv4'],
    ['::FFFF:a00:1', '10.0.0.1', 'ipv4'],
    ['[2001:DB8:0:0::1]', '2001:db8::1', 'ipv6'],
    ['fe80::1%eth0', 'fe80::1', 'ipv6'],
  ])('reads %s as %s', (text, address, family) => {
    expect(parseIpAddress(text)).toEqual({ address, family });
  });

  it.each(['unknown', '_hidden', 'example.com', '10.0.0', '', '1.2.3.4:80'])('refuses %j', (text) => {
    expect(parseIpAddress(text)).toBeNull();
  });
});

describe('TrustedProxies', () => {
  const trusted = TrustedProxies.parse(['10.0.0.0/8', '2001:db8:1::/48', '192.0.2.7', '::ffff:172.16.0.0/108']);

  it('matches IPv4 and IPv6 ranges, single addresses, and IPv4-mapped forms either way', () => {
    expect(trusted.includes('10.200.3.4')).toBe(true);
    expect(trusted.includes('::ffff:10.200.3.4')).toBe(true);
    expect(trusted.includes('2001:db8:1:ffff::9')).toBe(true);
    expect(trusted.includes('192.0.2.7')).toBe(true);
    expect(trusted.includes('172.16.1.1')).toBe(true);
    expect(trusted.includes('11.0.0.1')).toBe(false);
    expect(trusted.includes('2001:db8:2::1')).toBe(false);
    expect(trusted.includes('192.0.2.8')).toBe(false);
    expect(trusted.includes('172.32.0.1')).toBe(false);
    expect(trusted.includes('garbage')).toBe(false);
  });

  it('knows loopback and private, and trusts nobody by default', () => {
    const named = TrustedProxies.parse(['loopback', 'private']);
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.1.1.1', '192.168.1.1', 'fd00::1']) expect(named.includes(a)).toBe(true);
    expect(named.includes('8.8.8.8')).toBe(false);
    expect(TrustedProxies.none.includes('127.0.0.1')).toBe(false);
  });

  it.each(['10.0.0.0/33', '10.0.0.0/x', 'proxy.internal', '10.0.0.0/8/1', '::1/129'])('refuses the entry %j with a reason', (entry) => {
    expect(trustedProxyEntryError(entry)).toMatch(new RegExp(entry.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
  });
});

describe('forwardedHops', () => {
  it('reads RFC 7239 Forwarded, quoted IPv6 with ports included, before X-Forwarded-For', () => {
    const hops = forwardedHops(
      headers({
        forwarded: 'for=192.0.2.60;proto=HTTPS;host="arena.example.com", for="[2001:db8:cafe::17]:4711", for=unknown',
        'x-forwarded-for': '6.6.6.6',
      }),
    );
    expect(hops).toEqual({ for: ['192.0.2.60', '2001:db8:cafe::17', 'unknown'], proto: 'https', host: 'arena.example.com' });
  });

  it('reads the X-Forwarded-* family', () => {
    expect(
      forwardedHops(headers({ 'x-forwarded-for': '203.0.113.9, 10.0.0.2', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'a.example' })),
    ).toEqual({
      for: ['203.0.113.9', '10.0.0.2'],
      proto: 'https',
      host: 'a.example',
    });
  });
});

describe('resolveClientAddress', () => {
  const trusted = TrustedProxies.parse(['10.0.0.0/8']);
  const xff = (v: string) => forwardedHops(headers({ 'x-forwarded-for': v }));

  it('ignores forwarding headers from a peer that is not a trusted proxy', () => {
    expect(resolveClientAddress('198.51.100.4', xff('203.0.113.9'), trusted)).toBe('198.51.100.4');
    expect(resolveClientAddress('10.0.0.2', xff('203.0.113.9'), TrustedProxies.none)).toBe('10.0.0.2');
  });

  it('takes the right-most address a trusted proxy did not write itself; what the client wrote to the left proves nothing', () => {
    expect(resolveClientAddress('10.0.0.2', xff('203.0.113.9'), trusted)).toBe('203.0.113.9');
    // The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended what it saw.
    expect(resolveClientAddress('10.0.0.2', xff('1.1.1.1, 203.0.113.9'), trusted)).toBe('203.0.113.9');
    // Two trusted proxies in a row.
    expect(resolveClientAddress('::ffff:10.0.0.2', xff('203.0.113.9, 10.0.0.3'), trusted)).toBe('203.0.113.9');
  });

  it('stops at the proxy when a hop is not an address, and is the proxy when it forwarded nothing', () => {
    expect(resolveClientAddress('10.0.0.2', xff('203.0.113.9, garbage'), trusted)).toBe('10.0.0.2');
    expect(resolveClientAddress('10.0.0.2', xff(''), trusted)).toBe('10.0.0.2');
    expect(resolveClientAddress(undefined, xff('203.0.113.9'), trusted)).toBe('unknown');
  });
});

describe('addressBucket', () => {
  it('counts IPv6 clients per /64 and IPv4 per address', () => {
    expect(addressBucket('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('::ffff:198.51.100.4')).toBe('198.51.100.4');
    expect(addressBucket('unknown')).toBe('unknown');
  });
});
