import type { IncomingMessage } from 'node:http';

/**
 * What the network helpers read of a request: its headers, its URL, and the
 * node request under it (a Hono context on @hono/node-server is one).
 */
export interface RequestView {
  req: { header(name: string): string | undefined; url: string };
  env: unknown;
}

/** The node request under a Hono context on @hono/node-server; undefined under `app.request()`. */
export function incomingOf(c: RequestView): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

/** The address of the socket's other end: the client, or the proxy in front of it. */
export function peerAddress(c: RequestView): string | undefined {
  return incomingOf(c)?.socket.remoteAddress;
}
