import type { EmbeddingStore, VoteWithEmbedding } from '../../db/embedding-store.ts';
import type { MeaningBoardResponse, MeaningRow } from '../../shared/meaning-api.ts';
import type { RatingsMode } from '../../shared/api.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';
import type { Embedder } from './embedder.ts';
import { packVotes, type PackedVotes } from './packed-votes.ts';
import type { FitWeighted } from './weighted-fit.ts';
import { nextTurn } from '../next-turn.ts';
import { PageSizer } from '../page-sizer.ts';

/**
 * Votes read at most: the latest this many counted votes with an embedding.
 * At 256 float32 dimensions that is 51 MB of shared memory held between
 * requests, and ~13 M multiply-adds of similarities per query (on the worker).
 */
export const MEANING_VOTE_LIMIT = 50_000;
/** The most votes read per page when the cache is refilled (pages are sized by time, PageSizer). */
const READ_PAGE = 2_000;
/** A prompt 0.05 less similar (in cosine) than the closest one counts e⁻¹ as much. */
export const DEFAULT_MEANING_TEMPERATURE = 0.05;

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
  /** The most votes read per page when the cache is refilled (default 2,000; pages are sized by time below it). */
  readPage?: number;
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
  private cache: { version: number; model: string; rows: Promise<{ read: number; packed: PackedVotes }> } | null = null;
  private readonly voteLimit: number;

  constructor(private readonly deps: MeaningBoardsDeps) {
    this.voteLimit = deps.voteLimit ?? MEANING_VOTE_LIMIT;
  }

  /** A vote was recorded, voided or an embedding stored: the cached votes are read again on the next query. */
  changed(): void {
    this.version++;
  }

  private rows(model: string, dims: number): Promise<{ read: number; packed: PackedVotes }> {
    if (this.cache && this.cache.version === this.version && this.cache.model === model) return this.cache.rows;
    const rows = this.readVotes(model).then((r) => ({ read: r.length, packed: packVotes(r, dims) }));
    const entry = { version: this.version, model, rows };
    this.cache = entry;
    rows.catch(() => {
      if (this.cache === entry) this.cache = null;
    });
    return rows;
  }

  /** The latest votes, a page at a time with a yield between: a synchronous SQLite read of them all would stall streams. */
  private async readVotes(model: string): Promise<VoteWithEmbedding[]> {
    const out: VoteWithEmbedding[] = [];
    let before: { createdAt: number; battleId: string } | undefined;
    // Pages sized by time (each vote carries its vector): a fixed page held the event loop longer on a slower machine.
    const sizer = new PageSizer(this.deps.readPage ?? READ_PAGE);
    while (out.length < this.voteLimit) {
      const page = await this.deps.store.embeddedVotes(model, Math.min(sizer.next(), this.voteLimit - out.length), before);
      out.push(...page);
      sizer.done(page.length);
      if (page.length === 0) break;
      const last = page.at(-1)!.vote;
      before = { createdAt: last.tstamp, battleId: last.battleId };
      await nextTurn();
    }
    return out;
  }

  async board(mode: RatingsMode, text: string, temperature = DEFAULT_MEANING_TEMPERATURE): Promise<MeaningBoardResponse> {
    const a = this.deps.availability();
    if (!a.ok) throw new MeaningUnavailableError(`${a.reason}. ${a.howTo}`);
    const embedder = a.embedder;
    const [query, { read, packed }, embeddedBattles] = await Promise.all([
      embedder.embed(text, 'query'),
      this.rows(embedder.model, embedder.dimensions),
      this.deps.store.embeddedCount(embedder.model),
    ]);
    const rounds = this.deps.rounds ?? 1000;
    const provisionalVotes = this.deps.provisionalVotes ?? 20;
    const {
      board: fit,
      effectiveVotes,
      votesConsidered,
    } = await this.deps.fit(packed, {
      mode,
      query,
      temperature,
      rounds,
      seed: this.deps.seed ?? 42,
      provisionalVotes,
    });
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
      query: text,
      embeddingModel: { id: embedder.model, label: embedder.label },
      temperature,
      rows,
      effectiveVotes,
      votesConsidered,
      voteLimit: this.voteLimit,
      truncated: read >= this.voteLimit,
      embedding: { backfilling: this.deps.backfilling(), embeddedBattles },
      rounds,
      provisionalVotes,
      anchor: fit.anchor,
    };
  }
}
