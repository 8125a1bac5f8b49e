import type { ServerMessage } from '../../shared/protocol.ts';

export interface OutboxOptions {
  /** Sends one serialised frame. */
  sendFrame: (frame: string) => void;
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
 * other message first flushes them, so order is preserved.
 */
export function createOutbox(opts: OutboxOptions) {
  let pending = new Map<string, Extract<ServerMessage, { type: 'delta' }>>();
  let scheduled = false;
  let dead = false;

  const write = (m: ServerMessage) => {
    if (dead) return;
    opts.validate?.(m);
    if (opts.bufferedAmount() > opts.maxBufferedBytes) {
      dead = true;
      pending.clear();
      opts.onOverflow();
      return;
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
