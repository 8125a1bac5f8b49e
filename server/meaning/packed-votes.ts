import type { VoteWithEmbedding } from '../../db/embedding-store.ts';
import type { RatingsMode } from '../../shared/api.ts';
import { countsFor, RATINGS_MODES } from '../leaderboard/leaderboard-service.ts';
import { fitWeightedBradleyTerry, type WeightedBoard } from '../ratings/fit-weighted-bradley-terry.ts';
import { weightedVotesBySimilarity, type EmbeddedVote } from '../ratings/weighted-votes-by-similarity.ts';

/**
 * Embedded votes packed into shared memory: a worker thread reads them
 * without a copy (a SharedArrayBuffer is shared, not cloned, by postMessage),
 * so the per-query work — similarities and the weighted fit — runs off the
 * request thread while the votes are read from the store once.
 */
export interface PackedVotes {
  models: string[];
  count: number;
  dims: number;
  /** Model indexes of side A and B. */
  a: Int32Array;
  b: Int32Array;
  /** 0 a, 1 b, 2 tie, 3 both bad. */
  choice: Uint8Array;
  /** Bit m set when the vote counts on RATINGS_MODES[m]'s board (countsFor). */
  modes: Uint8Array;
  /** count × dims, row-major. */
  vectors: Float32Array;
}

const CHOICES = ['a', 'b', 'tie', 'both_bad'] as const;

const shared = <T>(make: (buffer: SharedArrayBuffer) => T, bytes: number): T => make(new SharedArrayBuffer(Math.max(8, bytes)));

/** Packs the votes whose vector has `dims` entries (others are another model's and are left out). */
export function packVotes(rows: readonly VoteWithEmbedding[], dims: number): PackedVotes {
  const kept = rows.filter((r) => r.vector.length === dims);
  const n = kept.length;
  const index = new Map<string, number>();
  const id = (m: string) => {
    let i = index.get(m);
    if (i === undefined) index.set(m, (i = index.size));
    return i;
  };
  const p: PackedVotes = {
    models: [],
    count: n,
    dims,
    a: shared((s) => new Int32Array(s), n * 4),
    b: shared((s) => new Int32Array(s), n * 4),
    choice: shared((s) => new Uint8Array(s), n),
    modes: shared((s) => new Uint8Array(s), n),
    vectors: shared((s) => new Float32Array(s), n * dims * 4),
  };
  kept.forEach((r, k) => {
    p.a[k] = id(r.vote.modelA);
    p.b[k] = id(r.vote.modelB);
    p.choice[k] = Math.max(0, CHOICES.indexOf(r.vote.choice));
    p.modes[k] = RATINGS_MODES.reduce((bits, mode, m) => (countsFor(mode, r.vote) ? bits | (1 << m) : bits), 0);
    p.vectors.set(r.vector, k * dims);
  });
  p.models = [...index.keys()];
  return p;
}

export interface MeaningFitJob {
  mode: RatingsMode;
  query: Float32Array;
  temperature: number;
  rounds: number;
  seed: number;
  provisionalVotes: number;
}

export interface MeaningFit {
  board: WeightedBoard;
  effectiveVotes: number;
  /** Votes of the mode that were weighted. */
  votesConsidered: number;
}

/** Weights below this (a prompt 0.7 less similar than the closest at T = 0.05: e^(−14)) change nothing the fit reports. */
const NEGLIGIBLE_WEIGHT = 1e-6;

/**
 * One board by meaning from packed votes: each counted vote of the mode
 * weighted by its prompt's similarity to the query
 * (weighted-votes-by-similarity.ts), then weighted Bradley–Terry with
 * weighted-bootstrap intervals (fit-weighted-bradley-terry.ts).
 */
export function fitMeaning(p: PackedVotes, job: MeaningFitJob): MeaningFit {
  const bit = 1 << RATINGS_MODES.indexOf(job.mode);
  const votes: EmbeddedVote[] = [];
  for (let k = 0; k < p.count; k++) {
    if (!(p.modes[k]! & bit)) continue;
    votes.push({
      embedding: p.vectors.subarray(k * p.dims, (k + 1) * p.dims),
      vote: { modelA: p.models[p.a[k]!]!, modelB: p.models[p.b[k]!]!, choice: CHOICES[p.choice[k]!]! },
    });
  }
  const weighted = weightedVotesBySimilarity(job.query, votes, job.temperature);
  const kept: number[] = [];
  weighted.weights.forEach((w, i) => {
    if (w >= NEGLIGIBLE_WEIGHT) kept.push(i);
  });
  const board = fitWeightedBradleyTerry(
    kept.map((i) => votes[i]!.vote),
    Float64Array.from(kept, (i) => weighted.weights[i]!),
    { rounds: job.rounds, seed: job.seed, provisionalVotes: job.provisionalVotes },
  );
  return { board, effectiveVotes: weighted.effectiveVotes, votesConsidered: votes.length };
}
