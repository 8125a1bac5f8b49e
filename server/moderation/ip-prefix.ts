import { isIPv4, isIPv6 } from 'node:net';

export type IpFamily = 4 | 6;

export interface IpAddress {
  family: IpFamily;
  bytes: Uint8Array;
}

export interface IpNetwork extends IpAddress {
  bits: number;
}

/**
 * The prefix lengths whose keyed hashes are kept with each vote. A range is
 * matched by listing its prefixes at the next kept length (at most
 * MAX_PREFIXES of them), so every IPv4 range matches, and IPv6 ranges from /24
 * to /64 and single addresses; /64 is what one IPv6 subscriber usually holds.
 */
export const PREFIX_LADDER: Record<IpFamily, readonly number[]> = { 4: [8, 16, 24, 32], 6: [32, 40, 48, 56, 64, 128] };
export const MAX_PREFIXES = 256;

function parseV4(s: string): Uint8Array {
  return Uint8Array.from(s.split('.').map(Number));
}

function parseV6(s: string): Uint8Array {
  let text = s;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = parseV4(v4[1]!);
    text = `${text.slice(0, v4.index)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  const all = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  });
  return out;
}

/** An address as bytes; IPv4-mapped IPv6 (::ffff:a.b.c.d, as dual-stack sockets report IPv4 clients) is IPv4. Null when not an address. */
export function parseIp(input: string): IpAddress | null {
  const s = input
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '');
  if (isIPv4(s)) return { family: 4, bytes: parseV4(s) };
  if (!isIPv6(s)) return null;
  const bytes = parseV6(s);
  const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? { family: 4, bytes: bytes.slice(12) } : { family: 6, bytes };
}

/** `a.b.c.d/n`, `x::/n`, or a bare address (a /32 or /128). */
export function parseCidr(input: string): IpNetwork | null {
  const [addr, len, extra] = input.trim().split('/');
  if (extra !== undefined || !addr) return null;
  const ip = parseIp(addr);
  if (!ip) return null;
  const max = ip.family === 4 ? 32 : 128;
  // A mapped IPv6 range (::ffff:10.0.0.0/104) is the IPv4 range it maps.
  const mappedShift = ip.family === 4 && isIPv6(addr.replace(/^\[(.*)\]$/, '$1')) ? 96 : 0;
  const bits = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) - mappedShift : NaN;
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return null;
  return { ...ip, bytes: maskBytes(ip.bytes, bits), bits };
}

/** The first `bits` bits of the address, the rest zero. */
export function maskBytes(bytes: Uint8Array, bits: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    out[i] = bytes[i]! & (0xff << (8 - keep)) & 0xff;
  }
  return out;
}

/** A canonical text for a prefix: family, length, and the masked bytes. */
export function prefixKey(family: IpFamily, bytes: Uint8Array, bits: number): string {
  return `v${family}/${bits}/${Buffer.from(maskBytes(bytes, bits)).toString('hex')}`;
}

/**
 * The kept-length prefixes that together make up `net`: `bits` is the ladder
 * length used. An error when the range would need more than MAX_PREFIXES of
 * them (an IPv6 range longer than /64 and shorter than /128, or wider than /24).
 */
export function expandNetwork(net: IpNetwork): { bits: number; keys: string[] } | { error: string } {
  const ladder = PREFIX_LADDER[net.family];
  const bits = ladder.find((l) => l >= net.bits);
  const count = bits === undefined ? Infinity : 2 ** (bits - net.bits);
  if (bits === undefined || count > MAX_PREFIXES) {
    return {
      error:
        `an IPv${net.family} range of /${net.bits} cannot be matched: votes keep hashed prefixes of ` +
        `${ladder.map((l) => `/${l}`).join(', ')}, and a range is matched through at most ${MAX_PREFIXES} of them`,
    };
  }
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = Uint8Array.from(net.bytes);
    // Write i into the bits between net.bits and bits (fewer than 9 of them).
    for (let k = 0; k < bits - net.bits; k++) {
      if (((i >> (bits - net.bits - 1 - k)) & 1) === 0) continue;
      const bit = net.bits + k;
      bytes[bit >> 3]! |= 0x80 >> (bit & 7);
    }
    keys.push(prefixKey(net.family, bytes, bits));
  }
  return { bits, keys };
}
