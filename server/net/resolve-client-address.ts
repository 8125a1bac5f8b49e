import type { ForwardedHops } from './forwarded-hops.ts';
import { parseIpAddress } from './parse-ip-address.ts';
import type { TrustedProxies } from './trusted-proxies.ts';

/**
 * Who the client is. The socket's peer, unless the peer is a trusted proxy:
 * then the forwarding chain is read from the right (each trusted proxy
 * appends the address it saw), and the first address not itself a trusted
 * proxy is the client. Anything left of it was written by the client and
 * proves nothing. A hop that is not an address (`unknown`, garbage) ends the
 * walk at the proxy that wrote it: that proxy is as close as we can tell.
 */
export function resolveClientAddress(peer: string | undefined, hops: ForwardedHops, trusted: TrustedProxies): string {
  const peerIp = peer === undefined ? null : parseIpAddress(peer);
  let client = peerIp?.address ?? 'unknown';
  if (!trusted.includes(client)) return client;
  for (let i = hops.for.length - 1; i >= 0; i--) {
    const hop = parseIpAddress(hops.for[i]!);
    if (!hop) return client;
    client = hop.address;
    if (!trusted.includes(client)) return client;
  }
  return client;
}
