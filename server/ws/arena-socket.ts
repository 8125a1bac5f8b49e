import type { WSEvents } from 'hono/ws';
import type { WebSocketLike } from '@hono/node-server';
import { WebSocket } from 'ws';
import { LIMITS, PROTOCOL_VERSION, ServerMessage } from '../../shared/protocol.ts';
import type { Arena } from '../arena/arena.ts';
import type { ClientIdentity } from '../arena/client-identity.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';
import type { Logger } from '../logger.ts';
import { startHeartbeat } from './heartbeat.ts';
import { createOutbox } from './outbox.ts';
import { parseClientFrame } from './parse-client-frame.ts';
import { socketCork } from './socket-cork.ts';
import { foreground } from '../foreground.ts';

export interface ArenaSocketOptions {
  arena: Arena;
  /** Told to the client whenever the models on offer change. */
  catalog: ModelCatalog;
  /** Who the client is: session, user, hashed address, rate-limit key. */
  identity: ClientIdentity;
  log: Logger;
  maxBufferedBytes: number;
  validateOutgoing: boolean;
  /** Ping interval; a socket that misses a pong is closed (0: never). */
  heartbeatMs: number;
}

/**
 * The websocket events for one connection: parse every frame, hand valid
 * messages to the arena, answer invalid ones with an error and keep the
 * connection open. Closing the socket aborts its running answers.
 */
export function arenaSocketEvents(opts: ArenaSocketOptions): WSEvents<WebSocketLike> {
  let outbox: ReturnType<typeof createOutbox> | undefined;
  let conn: ReturnType<Arena['connect']> | undefined;
  let unsubscribe: (() => void) | undefined;
  let stopHeartbeat: (() => void) | undefined;
  let raw: WebSocket | undefined;
  /**
   * Set the moment the server decides to close: `ws` still delivers frames that
   * arrive during the close handshake, and none of them may start anything.
   */
  let closing = false;

  return {
    onOpen(_evt, ws) {
      // The server is built on a `ws` WebSocketServer, so raw is a ws WebSocket (bufferedAmount, close codes).
      const socket = (raw = ws.raw as unknown as WebSocket);
      outbox = createOutbox({
        sendFrame: (f) => socket.send(f),
        cork: socketCork(socket),
        bufferedAmount: () => socket.bufferedAmount,
        maxBufferedBytes: opts.maxBufferedBytes,
        onOverflow: () => {
          opts.log.info('closing a websocket client that reads too slowly');
          closing = true;
          // Abort its answers now: the close handshake cannot finish while the client does not read
          // (ws waits 30 s for it), and until then the upstream would stream tokens to nobody.
          conn?.close();
          socket.close(1013, 'client too slow');
        },
        ...(opts.validateOutgoing ? { validate: (m) => void ServerMessage.parse(m) } : {}),
      });
      // A battle streaming to someone keeps background jobs stepping aside, as requests do.
      conn = opts.arena.connect(opts.identity, (m) => {
        foreground.touch();
        outbox!.send(m);
      });
      outbox.send({ type: 'hello', protocol: PROTOCOL_VERSION, limits: { ...LIMITS } });
      unsubscribe = opts.catalog.onChange(() => outbox?.send({ type: 'models-changed' }));
      stopHeartbeat = startHeartbeat(socket, opts.heartbeatMs, () => {
        opts.log.debug('closing a websocket that stopped answering pings');
        closing = true;
      });
    },
    onMessage(evt) {
      if (closing || raw?.readyState !== WebSocket.OPEN) return;
      foreground.touch();
      const parsed = parseClientFrame(evt.data);
      if (!parsed.ok) {
        outbox?.send({
          type: 'error',
          code: parsed.error.code,
          message: parsed.error.message,
          ...(parsed.requestId ? { requestId: parsed.requestId } : {}),
        });
        return;
      }
      void conn?.handle(parsed.msg);
    },
    onClose() {
      closing = true;
      stopHeartbeat?.();
      unsubscribe?.();
      outbox?.close();
      conn?.close();
    },
    onError(evt) {
      opts.log.debug('websocket error', String((evt as ErrorEvent).message ?? evt.type));
    },
  };
}
