import {
  vectorBytes,
  vectorOf,
  type BattleEmbedding,
  type BattleToEmbed,
  type EmbeddingStore,
  type VoteWithEmbedding,
} from '../embedding-store.ts';
import { toRatedVote, type Row } from '../row-readers.ts';
import type { Db } from './open-database.ts';
import { settled } from './settled.ts';

/** Battle embeddings on SQLite; each method's work is done when it returns (db/sqlite/settled.ts). */
export class SqliteEmbeddingStore implements EmbeddingStore {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      save: db.prepare(
        `INSERT INTO battle_embeddings (battle_id, model, dims, vector) VALUES (?, ?, ?, ?)
         ON CONFLICT (battle_id) DO UPDATE SET model = excluded.model, dims = excluded.dims, vector = excluded.vector`,
      ),
      toEmbed: db.prepare(
        `SELECT b.id, b.created_at, t.prompt FROM battles b
         JOIN turns t ON t.battle_id = b.id AND t.turn = 0
         LEFT JOIN battle_embeddings e ON e.battle_id = b.id
         WHERE (e.battle_id IS NULL OR e.model <> ?) AND (b.created_at, b.id) < (?, ?)
         ORDER BY b.created_at DESC, b.id DESC LIMIT ?`,
      ),
      embeddedVotes: db.prepare(
        `SELECT v.battle_id, b.mode, b.model_a, b.model_b, v.choice, v.created_at, v.counts_for_ratings, b.flagged,
           EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
                   AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id)) AS voided,
           e.vector
         FROM votes v JOIN battles b ON b.id = v.battle_id
         JOIN battle_embeddings e ON e.battle_id = v.battle_id AND e.model = ?
         WHERE v.counts_for_ratings = 1 AND (v.created_at, v.battle_id) < (?, ?)
         ORDER BY v.created_at DESC, v.battle_id DESC LIMIT ?`,
      ),
      count: db.prepare(`SELECT COUNT(*) AS n FROM battle_embeddings WHERE model = ?`),
    };
  }

  saveEmbedding(e: BattleEmbedding): Promise<void> {
    return settled(() => {
      this.stmts.save.run(e.battleId, e.model, e.vector.length, vectorBytes(e.vector));
    });
  }

  battlesToEmbed(model: string, limit: number, before?: { createdAt: number; battleId: string }): Promise<BattleToEmbed[]> {
    return settled(() =>
      (this.stmts.toEmbed.all(model, before?.createdAt ?? Number.MAX_SAFE_INTEGER, before?.battleId ?? '', limit) as Row[]).map((r) => ({
        battleId: r.id as string,
        prompt: r.prompt as string,
        createdAt: Number(r.created_at),
      })),
    );
  }

  embeddedVotes(model: string, limit: number, before?: { createdAt: number; battleId: string }): Promise<VoteWithEmbedding[]> {
    return settled(() =>
      (this.stmts.embeddedVotes.all(model, before?.createdAt ?? Number.MAX_SAFE_INTEGER, before?.battleId ?? '', limit) as Row[]).map(
        (r) => ({ vote: toRatedVote(r), vector: vectorOf(r.vector as Buffer) }),
      ),
    );
  }

  embeddedCount(model: string): Promise<number> {
    return settled(() => Number((this.stmts.count.get(model) as Row).n));
  }
}
