import { forwardedHops } from './forwarded-hops.ts';
import { peerAddress, type RequestView } from './peer-address.ts';
import type { TrustedProxies } from './trusted-proxies.ts';

/**
 * The host the client asked for: what a trusted proxy forwarded
 * (`Forwarded: host=` or `X-Forwarded-Host`), else the Host header, else (under
 * `app.request()`, which sends none) the request URL's host.
 */
export function requestedHost(c: RequestView, trusted: TrustedProxies): string {
  if (trusted.includes(peerAddress(c))) {
    const forwarded = forwardedHops((name) => c.req.header(name)).host;
    if (forwarded) return forwarded;
  }
  return c.req.header('host') ?? new URL(c.req.url).host;
}
