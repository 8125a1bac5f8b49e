import type { ServerMessage, Side } from '../../shared/protocol.ts';
import type { Battle } from './battle.ts';

export type Emit = (msg: ServerMessage) => void;

/** A battle held in memory while a connection works with it: its rules' state plus the I/O around it. */
export interface LiveBattle {
  state: Battle;
  /** The upstream requests of the latest turn still streaming. */
  readonly running: Map<Side, AbortController>;
  /** Where the battle's frames go: the connection that last steered it. */
  emit: Emit;
  /** That connection. */
  owner: symbol;
  /** Settles when the latest turn's answers are stored and announced. */
  turnDone: Promise<void>;
  lastUsedAt: number;
}

export interface LiveBattlesOptions {
  /** A battle nobody touched for this long leaves memory (it stays in the database and reloads on demand). */
  idleMs: number;
  /** Battles one connection keeps in memory; the least recently used idle one leaves first. */
  perConnection: number;
  now: () => number;
}

/**
 * The battles in memory, bounded: a battle leaves when it is voted on, when
 * its connection closes (once its answers are stored), when it has been idle
 * for `idleMs`, or when its connection holds more than `perConnection`. The
 * database is the record; memory only holds what is being worked on.
 */
export class LiveBattles {
  private readonly byId = new Map<string, LiveBattle>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly opts: LiveBattlesOptions) {
    this.sweeper = setInterval(() => this.sweep(), Math.max(1_000, Math.min(opts.idleMs, 60_000)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): LiveBattle | undefined {
    const live = this.byId.get(id);
    if (live) live.lastUsedAt = this.opts.now();
    return live;
  }

  all(): LiveBattle[] {
    return [...this.byId.values()];
  }

  /** Holds `live` for connection `owner` (a new battle, a reloaded one, or one taken over after a reconnect). */
  hold(live: LiveBattle, owner: symbol, emit: Emit): void {
    live.owner = owner;
    live.emit = emit;
    live.lastUsedAt = this.opts.now();
    this.byId.delete(live.state.id);
    this.byId.set(live.state.id, live);
    this.trim(owner);
  }

  delete(id: string): void {
    this.byId.delete(id);
  }

  /** The connection closed: nobody is listening, so stop paying for tokens at once, and forget its battles once stored. */
  release(owner: symbol): void {
    for (const live of this.byId.values()) {
      if (live.owner !== owner) continue;
      for (const c of live.running.values()) c.abort();
      const id = live.state.id;
      void live.turnDone.then(() => {
        if (this.byId.get(id)?.owner === owner) this.byId.delete(id);
      });
    }
  }

  /** Drops battles idle past `idleMs` that have nothing streaming. */
  sweep(): void {
    const cutoff = this.opts.now() - this.opts.idleMs;
    for (const [id, live] of this.byId) {
      if (live.running.size === 0 && live.lastUsedAt <= cutoff) this.byId.delete(id);
    }
  }

  dispose(): void {
    clearInterval(this.sweeper);
  }

  /** Map order is insertion order and `hold` re-inserts, so the first idle one found is the least recently held. */
  private trim(owner: symbol): void {
    const mine = [...this.byId.values()].filter((l) => l.owner === owner);
    let excess = mine.length - this.opts.perConnection;
    for (const live of mine) {
      if (excess <= 0) return;
      if (live.running.size > 0) continue;
      this.byId.delete(live.state.id);
      excess--;
    }
  }
}
