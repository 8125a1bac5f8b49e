import { describe, expect, it } from 'vitest';
import { clientAddressOf } from '../../server/net/client-address-of.ts';
import type { RequestView } from '../../server/net/peer-address.ts';
import { requestIsSecure } from '../../server/net/request-is-secure.ts';
import { TrustedProxies } from '../../server/net/trusted-proxies.ts';

/** A request as @hono/node-server hands it over: headers, and the node socket under it. */
const request = (peer: string, headers: Record<string, string>, encrypted = false): RequestView => ({
  req: { header: (name) => headers[name.toLowerCase()], url: 'http://localhost/' },
  env: { incoming: { socket: { remoteAddress: peer, encrypted } } },
});

describe('requestIsSecure', () => {
  const proxy = TrustedProxies.parse(['10.0.0.0/8']);

  it('is true over our own TLS, or when a trusted proxy says the client used https', () => {
    expect(requestIsSecure(request('198.51.100.1', {}, true), TrustedProxies.none)).toBe(true);
    expect(requestIsSecure(request('10.0.0.2', { 'x-forwarded-proto': 'https' }), proxy)).toBe(true);
    expect(requestIsSecure(request('10.0.0.2', { forwarded: 'for=203.0.113.9;proto=https' }), proxy)).toBe(true);
  });

  it('ignores the header from anyone else, and believes a trusted proxy that says http', () => {
    expect(requestIsSecure(request('198.51.100.1', { 'x-forwarded-proto': 'https' }), proxy)).toBe(false);
    expect(requestIsSecure(request('10.0.0.2', { 'x-forwarded-proto': 'http' }), proxy)).toBe(false);
    expect(requestIsSecure(request('10.0.0.2', {}), proxy)).toBe(false);
  });

  it('goes with clientAddressOf, which reads the same socket and headers', () => {
    expect(clientAddressOf(request('10.0.0.2', { 'x-forwarded-for': '203.0.113.9' }), proxy)).toBe('203.0.113.9');
    expect(clientAddressOf(request('198.51.100.1', { 'x-forwarded-for': '203.0.113.9' }), proxy)).toBe('198.51.100.1');
    expect(clientAddressOf({ req: { header: () => undefined, url: 'http://localhost/' }, env: undefined }, proxy)).toBe('unknown');
  });
});
