import type { ServerMessage } from '../../shared/protocol.ts';
import type { SocketCork } from './socket-cork.ts';

export interface OutboxOptions {
  /** Sends one serialised frame. */
  sendFrame: (frame: string) => void;
  /**
   * Holds the socket's writes back (and lets them go) so that the frames of one
   * tick leave in one write instead of one each. Without it, frames go one by one.
   */
  cork?: SocketCork;
  /** Bytes queued in the socket but not yet sent. */
  bufferedAmount: () => number;
  /** Past this many buffered bytes the client is too slow to keep: drop it rather than grow memory. */
  maxBufferedBytes: number;
  onOverflow: () => void;
  /** Validate each outgoing message against the protocol (tests, debugging). */
  validate?: (m: ServerMessage) => void;
}

/**
 * Per-connection sender. Text deltas that arrive within one event-loop turn
 * are joined into one frame per side (never held longer than that turn); any
 * other message first flushes them, so order is preserved. The socket is
 * corked from a tick's first frame until the tick ends (`process.nextTick`), so
 * every frame of that tick (the deltas of both sides, the live figures and
 * whatever else went with them) leaves in one write.
 */
export function createOutbox(opts: OutboxOptions) {
  let pending = new Map<string, Extract<ServerMessage, { type: 'delta' }>>();
  let scheduled = false;
  let dead = false;
  let corked = false;
  const uncork = () => {
    corked = false;
    opts.cork!.uncork();
  };

  const write = (m: ServerMessage) => {
    if (dead) return;
    opts.validate?.(m);
    if (opts.bufferedAmount() > opts.maxBufferedBytes) {
      dead = true;
      pending.clear();
      opts.onOverflow();
      return;
    }
    if (opts.cork && !corked) {
      corked = true;
      opts.cork.cork();
      process.nextTick(uncork);
    }
    opts.sendFrame(JSON.stringify(m));
  };

  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = new Map();
    for (const m of batch.values()) write(m);
  };

  return {
    send(m: ServerMessage): void {
      if (dead) return;
      if (m.type === 'delta') {
        const key = `${m.battleId}|${m.turn}|${m.side}`;
        const prev = pending.get(key);
        if (prev) prev.text += m.text;
        else pending.set(key, { ...m });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
        return;
      }
      if (pending.size > 0) flush();
      write(m);
    },
    close(): void {
      dead = true;
      pending.clear();
    },
  };
}
