import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/** Holds a socket's writes back until `uncork`, then sends them in one `writev`. Corks nest. */
export interface SocketCork {
  cork(): void;
  uncork(): void;
}

/**
 * The TCP socket under a ws websocket, as a cork. ws corks around each frame's
 * header and payload itself; an outer cork joins several frames into one
 * write. ws has no public cork: its maintainers point to `websocket._socket`
 * for this (websockets/ws#1999). Undefined when there is no such socket:
 * frames then go one by one.
 */
export function socketCork(socket: WebSocket): SocketCork | undefined {
  const tcp = (socket as unknown as { _socket?: Duplex | null })._socket;
  if (!tcp || typeof tcp.cork !== 'function') return undefined;
  return { cork: () => tcp.cork(), uncork: () => tcp.uncork() };
}
