import type { RatedVote } from './battle-store.ts';

/** The embedding of one battle's first prompt, by one embedding model (server/meaning). */
export interface BattleEmbedding {
  battleId: string;
  /** The embedding model's id, with everything that changes its vectors (file, prefix, dimensions). */
  model: string;
  /** Unit length, `dims` entries. Stored as little-endian float32. */
  vector: Float32Array;
}

/** A battle without an embedding by the current model, with the prompt to embed. */
export interface BattleToEmbed {
  battleId: string;
  /** The battle's first user turn. */
  prompt: string;
  /** The battle's start: with the id, the cursor of the next page. */
  createdAt: number;
}

/** A vote (as ratings read it) with the embedding of its battle's first prompt. */
export interface VoteWithEmbedding {
  vote: RatedVote;
  vector: Float32Array;
}

/**
 * Per-battle prompt embeddings for boards by meaning. A battle has at most
 * one stored vector; a battle embedded by another model id counts as not
 * embedded, so changing the model re-embeds every battle in the background.
 */
export interface EmbeddingStore {
  /** Stores (or replaces) the battle's vector. */
  saveEmbedding(e: BattleEmbedding): Promise<void>;
  /**
   * Up to `limit` battles with no vector by `model` (none at all, or another model's), newest first,
   * after the (createdAt, battleId) cursor of the previous page: a backfill walks the battles once.
   */
  battlesToEmbed(model: string, limit: number, before?: { createdAt: number; battleId: string }): Promise<BattleToEmbed[]>;
  /**
   * The latest `limit` votes (vote order, newest first) that count for ratings and whose battle has a
   * vector by `model`: one index range of votes joined to their vectors, never every vote. Paged: after
   * `before`, the (vote time, battle id) of the previous page's last vote.
   */
  embeddedVotes(model: string, limit: number, before?: { createdAt: number; battleId: string }): Promise<VoteWithEmbedding[]>;
  /** Battles with a vector by `model`. */
  embeddedCount(model: string): Promise<number>;
}

/** float32 little-endian bytes, as both backends store a vector. */
export function vectorBytes(v: Float32Array): Buffer {
  const out = Buffer.alloc(v.length * 4);
  for (let i = 0; i < v.length; i++) out.writeFloatLE(v[i]!, i * 4);
  return out;
}

/** The vector back from its bytes (copied: a driver's buffer may be a slice of a shared, unaligned one). */
export function vectorOf(bytes: Uint8Array): Float32Array {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(buf.length >> 2);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}
