import {
  vectorBytes,
  vectorOf,
  type BattleEmbedding,
  type BattleToEmbed,
  type EmbeddingStore,
  type VoteWithEmbedding,
} from '../embedding-store.ts';
import { toRatedVote } from '../row-readers.ts';
import { statement, type PgDatabase } from './pg-database.ts';

const Q = {
  save: statement(
    'save_battle_embedding',
    `INSERT INTO battle_embeddings (battle_id, model, dims, vector) VALUES ($1, $2, $3, $4)
     ON CONFLICT (battle_id) DO UPDATE SET model = excluded.model, dims = excluded.dims, vector = excluded.vector`,
  ),
  toEmbed: statement(
    'battles_to_embed',
    `SELECT b.id, b.created_at, t.prompt FROM battles b
     JOIN turns t ON t.battle_id = b.id AND t.turn = 0
     LEFT JOIN battle_embeddings e ON e.battle_id = b.id
     WHERE (e.battle_id IS NULL OR e.model <> $1) AND (b.created_at, b.id) < ($2::bigint, $3::text COLLATE "C")
     ORDER BY b.created_at DESC, b.id DESC LIMIT $4`,
  ),
  embeddedVotes: statement(
    'embedded_votes',
    `SELECT v.battle_id, b.mode, b.model_a, b.model_b, v.choice, v.created_at, v.counts_for_ratings, b.flagged,
       EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
               AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id)) AS voided,
       e.vector
     FROM votes v JOIN battles b ON b.id = v.battle_id
     JOIN battle_embeddings e ON e.battle_id = v.battle_id AND e.model = $1
     WHERE v.counts_for_ratings AND (v.created_at, v.battle_id) < ($2::bigint, $3::text COLLATE "C")
     ORDER BY v.created_at DESC, v.battle_id DESC LIMIT $4`,
  ),
  count: statement('count_battle_embeddings', `SELECT COUNT(*)::bigint AS n FROM battle_embeddings WHERE model = $1`),
};

/** Battle embeddings on PostgreSQL. */
export class PgEmbeddingStore implements EmbeddingStore {
  constructor(private readonly db: PgDatabase) {}

  async saveEmbedding(e: BattleEmbedding): Promise<void> {
    await this.db.run(Q.save, [e.battleId, e.model, e.vector.length, vectorBytes(e.vector)]);
  }

  async battlesToEmbed(model: string, limit: number, before?: { createdAt: number; battleId: string }): Promise<BattleToEmbed[]> {
    const rows = await this.db.rows(Q.toEmbed, [model, before?.createdAt ?? Number.MAX_SAFE_INTEGER, before?.battleId ?? '', limit]);
    return rows.map((r) => ({ battleId: r.id as string, prompt: r.prompt as string, createdAt: Number(r.created_at) }));
  }

  async embeddedVotes(model: string, limit: number, before?: { createdAt: number; battleId: string }): Promise<VoteWithEmbedding[]> {
    const rows = await this.db.rows(Q.embeddedVotes, [model, before?.createdAt ?? Number.MAX_SAFE_INTEGER, before?.battleId ?? '', limit]);
    return rows.map((r) => ({ vote: toRatedVote(r), vector: vectorOf(r.vector as Buffer) }));
  }

  async embeddedCount(model: string): Promise<number> {
    const [row] = await this.db.rows(Q.count, [model]);
    return Number(row?.n ?? 0);
  }
}
