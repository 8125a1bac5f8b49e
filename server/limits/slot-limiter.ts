export interface SlotSpec {
  /** Held at once by one key (one client address). */
  perKey: number;
  /** Held at once in all. */
  total: number;
}

export type SlotGrant = { ok: true; release: () => void } | { ok: false; full: 'key' | 'total' };

/**
 * Counts something a client holds for a while (an open websocket, a running
 * export) per key and in all, and refuses past either cap. A grant's release
 * is idempotent, so every way a resource can end may call it. Keys are
 * forgotten when their count drops to zero: memory follows what is held.
 */
export class SlotLimiter {
  private readonly held = new Map<string, number>();
  private count = 0;

  constructor(private readonly spec: SlotSpec) {}

  acquire(key: string): SlotGrant {
    if (this.count >= this.spec.total) return { ok: false, full: 'total' };
    const mine = this.held.get(key) ?? 0;
    if (mine >= this.spec.perKey) return { ok: false, full: 'key' };
    this.held.set(key, mine + 1);
    this.count++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.count--;
        const left = (this.held.get(key) ?? 1) - 1;
        if (left > 0) this.held.set(key, left);
        else this.held.delete(key);
      },
    };
  }

  get size(): number {
    return this.count;
  }

  heldBy(key: string): number {
    return this.held.get(key) ?? 0;
  }

  /** Every key holding something, with its count. */
  counts(): [string, number][] {
    return [...this.held.entries()];
  }
}
