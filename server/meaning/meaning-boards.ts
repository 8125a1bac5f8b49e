import type { EmbeddingStore, VoteWithEmbedding } from '../../db/embedding-store.ts';
import type { MeaningBoardResponse, MeaningRow } from '../../shared/meaning-api.ts';
import type { RatingsMode } from '../../shared/api.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';
import { countsFor } from '../leaderboard/leaderboard-service.ts';
import { weightedVotesBySimilarity } from '../ratings/weighted-votes-by-similarity.ts';
import type { Embedder } from './embedder.ts';
import type { FitWeighted } from './weighted-fit.ts';

/**
 * Votes read at most: the latest this many counted votes with an embedding.
 * At 256 float32 dimensions that is 51 MB held between requests, and the
 * similarities take ~13 M multiply-adds per query.
 */
export const MEANING_VOTE_LIMIT = 50_000;
/** A prompt 0.05 less similar (in cosine) than the closest one counts e⁻¹ as much. */
export const DEFAULT_MEANING_TEMPERATURE = 0.05;
/** Weights below this (e^(−14), a prompt 0.7 less similar at T = 0.05) are left out of the fit: they change nothing it reports. */
const NEGLIGIBLE_WEIGHT = 1e-6;

export type MeaningAvailability = { ok: true; embedder: Embedder } | { ok: false; reason: string; howTo: string };

export interface MeaningBoardsDeps {
  store: EmbeddingStore;
  /** The embedder once its model is loaded; otherwise why not and how to get it. */
  availability: () => MeaningAvailability;
  fit: FitWeighted;
  catalog: Pick<ModelCatalog, 'get'>;
  backfilling: () => boolean;
  rounds?: number;
  seed?: number;
  provisionalVotes?: number;
  voteLimit?: number;
}

export class MeaningUnavailableError extends Error {
  override name = 'MeaningUnavailableError';
}

/**
 * Boards by meaning: for a typed topic, every counted vote weighted by how
 * close its battle's first prompt is to the topic (softmax kernel over
 * cosine similarity), and Bradley–Terry fitted on the weighted votes with
 * weighted-bootstrap intervals. The latest MEANING_VOTE_LIMIT embedded votes
 * are read once and kept until a vote or an embedding changes them.
 */
export class MeaningBoards {
  private version = 0;
  private cache: { version: number; model: string; rows: Promise<VoteWithEmbedding[]> } | null = null;
  private readonly voteLimit: number;

  constructor(private readonly deps: MeaningBoardsDeps) {
    this.voteLimit = deps.voteLimit ?? MEANING_VOTE_LIMIT;
  }

  /** A vote was recorded, voided or an embedding stored: the cached votes are read again on the next query. */
  changed(): void {
    this.version++;
  }

  private rows(model: string): Promise<VoteWithEmbedding[]> {
    if (this.cache && this.cache.version === this.version && this.cache.model === model) return this.cache.rows;
    const rows = this.deps.store.embeddedVotes(model, this.voteLimit);
    const entry = { version: this.version, model, rows };
    this.cache = entry;
    rows.catch(() => {
      if (this.cache === entry) this.cache = null;
    });
    return rows;
  }

  async board(mode: RatingsMode, query: string, temperature = DEFAULT_MEANING_TEMPERATURE): Promise<MeaningBoardResponse> {
    const a = this.deps.availability();
    if (!a.ok) throw new MeaningUnavailableError(`${a.reason}. ${a.howTo}`);
    const embedder = a.embedder;
    const [q, all, embeddedBattles] = await Promise.all([
      embedder.embed(query, 'query'),
      this.rows(embedder.model),
      this.deps.store.embeddedCount(embedder.model),
    ]);
    const counted = all.filter((r) => countsFor(mode, r.vote));
    const weighted = weightedVotesBySimilarity(
      q,
      counted.map((r) => ({ embedding: r.vector, vote: r.vote })),
      temperature,
    );
    const kept: number[] = [];
    weighted.weights.forEach((w, i) => {
      if (w >= NEGLIGIBLE_WEIGHT) kept.push(i);
    });
    const rounds = this.deps.rounds ?? 1000;
    const provisionalVotes = this.deps.provisionalVotes ?? 20;
    const fit = await this.deps.fit(
      kept.map((i) => counted[i]!.vote),
      Float64Array.from(kept, (i) => weighted.weights[i]!),
      { rounds, seed: this.deps.seed ?? 42, provisionalVotes },
    );
    const established = fit.models.filter((m) => !m.provisional && m.ciLower !== null && m.ciUpper !== null);
    const rows: MeaningRow[] = fit.models.map((m) => ({
      modelId: m.model,
      label: this.deps.catalog.get(m.model)?.spec.label ?? m.model,
      rating: m.rating,
      ciLower: m.ciLower,
      ciUpper: m.ciUpper,
      provisional: m.provisional,
      rankUB: m.provisional || m.ciUpper === null ? null : 1 + established.filter((o) => o.ciLower! > m.ciUpper!).length,
      effectiveVotes: m.effectiveVotes,
    }));
    return {
      mode,
      query,
      embeddingModel: { id: embedder.model, label: embedder.label },
      temperature,
      rows,
      effectiveVotes: weighted.effectiveVotes,
      votesConsidered: counted.length,
      voteLimit: this.voteLimit,
      truncated: all.length >= this.voteLimit,
      embedding: { backfilling: this.deps.backfilling(), embeddedBattles },
      rounds,
      provisionalVotes,
      anchor: fit.anchor,
    };
  }
}
