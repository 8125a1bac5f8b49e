import { parseIpAddress } from './parse-ip-address.ts';

/**
 * The key per-address limits count under. One IPv6 subscriber holds a whole
 * /64 (often more) and can rotate through it at will, so IPv6 clients are
 * counted per /64; an IPv4 address is its own key.
 */
export function addressBucket(address: string): string {
  const ip = parseIpAddress(address);
  if (!ip) return address;
  if (ip.family === 'ipv4') return ip.address;
  const [head = '', tail = ''] = ip.address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).join(':')}::/64`;
}
