import { forwardedHops } from './forwarded-hops.ts';
import { incomingOf, peerAddress, type RequestView } from './peer-address.ts';
import type { TrustedProxies } from './trusted-proxies.ts';

/**
 * Whether the client reached us over TLS: our own socket is TLS, or a trusted
 * proxy says so (`Forwarded: proto=https` or `X-Forwarded-Proto: https`).
 * From anyone else the header is ignored. Use it to mark cookies `Secure`.
 */
export function requestIsSecure(c: RequestView, trusted: TrustedProxies): boolean {
  const socket = incomingOf(c)?.socket as { encrypted?: boolean } | undefined;
  if (socket?.encrypted) return true;
  if (!trusted.includes(peerAddress(c))) return false;
  return forwardedHops((name) => c.req.header(name)).proto === 'https';
}
