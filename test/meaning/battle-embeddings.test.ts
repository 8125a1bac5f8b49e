import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../db/sqlite/open-sqlite-store.ts';
import type { Store } from '../../db/store.ts';
import { createLogger } from '../../server/logger.ts';
import { BattleEmbeddings } from '../../server/meaning/battle-embeddings.ts';
import { battle } from '../db/store-fixtures.ts';
import { TopicEmbedder } from '../helpers/topic-embedder.ts';

/** An embedder that holds every text until released: what a busy model looks like from the queue. */
class HeldEmbedder extends TopicEmbedder {
  private gate: Promise<void>;
  open!: () => void;
  constructor() {
    super();
    this.gate = new Promise((r) => (this.open = r));
  }
  override async embed(text: string, kind: 'document' | 'query'): Promise<Float32Array> {
    await this.gate;
    return super.embed(text, kind);
  }
}

let dir: string;
let store: Store;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'versus-queue-'));
  store = openSqliteStore(join(dir, 'versus.db'));
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the embedding queue', () => {
  it('returns at once, holds at most maxQueued battles, and leaves the rest to the backfill', async () => {
    const embedder = new HeldEmbedder();
    const errors: string[] = [];
    const q = new BattleEmbeddings({
      store: store.embeddings,
      embedder,
      log: createLogger('error', [], (l) => errors.push(l)),
      maxQueued: 2,
    });
    for (let i = 0; i < 5; i++) await store.battles.createBattle(battle(`queued-battle-${i}`, { createdAt: 1_000 + i }), `code ${i}`);
    for (let i = 0; i < 5; i++) q.enqueue(`queued-battle-${i}`, `code ${i}`);
    // Nothing was embedded on the caller's turn: the arena's store call returns before any work here.
    expect(embedder.embedded).toHaveLength(0);
    embedder.open();
    await q.idle();
    // Two were queued, three dropped (the loop starts on a later turn of the event loop).
    expect(q.dropped).toBe(3);
    expect(await store.embeddings.embeddedCount(embedder.model)).toBe(2);
    q.startBackfill();
    await q.idle();
    expect(await store.embeddings.embeddedCount(embedder.model)).toBe(5);
    expect(embedder.embedded.filter((e) => e.kind === 'document')).toHaveLength(5);
    expect(errors).toEqual([]);
    await q.stop();
  });
});
