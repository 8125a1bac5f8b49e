import { isIP } from 'node:net';

export interface IpAddress {
  /** Canonical text: dotted IPv4, or compressed lower-case IPv6 without brackets. */
  address: string;
  family: 'ipv4' | 'ipv6';
}

const MAPPED_DOTTED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/;
const MAPPED_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * Reads an address as sockets and proxies write it: bracketed or not, with a
 * zone id, or IPv4-mapped IPv6 (`::ffff:10.0.0.1`, which a dual-stack socket
 * reports for an IPv4 client). A mapped address is its IPv4 address, so one
 * client has one key however it is written. Null for anything else (a name,
 * `unknown`, an obfuscated `_hidden` of RFC 7239).
 */
export function parseIpAddress(text: string): IpAddress | null {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  s = s.replace(/%[\w.-]+$/, '');
  const family = isIP(s);
  if (family === 4) return { address: s.split('.').map(Number).join('.'), family: 'ipv4' };
  if (family !== 6) return null;
  const canonical = new URL(`http://[${s}]/`).hostname.slice(1, -1);
  const dotted = MAPPED_DOTTED.exec(canonical);
  if (dotted) return { address: dotted[1]!, family: 'ipv4' };
  const hex = MAPPED_HEX.exec(canonical);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return { address: [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.'), family: 'ipv4' };
  }
  return { address: canonical, family: 'ipv6' };
}
