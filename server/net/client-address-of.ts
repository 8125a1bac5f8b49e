import { forwardedHops } from './forwarded-hops.ts';
import { peerAddress, type RequestView } from './peer-address.ts';
import { resolveClientAddress } from './resolve-client-address.ts';
import type { TrustedProxies } from './trusted-proxies.ts';

/** The client's address for a request: its socket's peer, or what trusted proxies forwarded. 'unknown' without a socket. */
export function clientAddressOf(c: RequestView, trusted: TrustedProxies): string {
  return resolveClientAddress(
    peerAddress(c),
    forwardedHops((name) => c.req.header(name)),
    trusted,
  );
}
