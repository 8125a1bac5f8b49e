import { kishEffectiveSize } from './kish-effective-size.ts';
import type { RatingVote } from './rating-vote.ts';

/** A counted vote with the embedding of its battle's prompt. */
export interface EmbeddedVote {
  embedding: ArrayLike<number>;
  vote: Pick<RatingVote, 'modelA' | 'modelB' | 'choice'>;
}

export interface SimilarityWeights {
  /** Per battle, in (0, 1]: the most similar battle weighs 1. 0 for a battle without a usable embedding. */
  weights: Float64Array;
  /** Cosine similarity of each battle's prompt to the query (NaN without a usable embedding). */
  similarities: Float64Array;
  /** Kish's effective sample size (Σw)² / Σw²: how many equally weighted votes the weighted ones are worth. */
  effectiveVotes: number;
}

/**
 * "Boards by meaning": how much each vote counts for a query such as "SQL
 * migrations", from how close its prompt is to the query in embedding space.
 *
 *   s_k = cos(q, e_k) = q·e_k / (‖q‖ ‖e_k‖)
 *   w_k = exp((s_k − max_k s_k) / T)
 * a softmax kernel with temperature T > 0: a battle whose prompt is T less
 * similar than the best match counts e⁻¹ as much. Small T keeps only close
 * prompts (few effective votes, a narrow topic); large T tends to the
 * overall board (w → 1). Weights are relative — the weighted Bradley–Terry
 * estimate is unchanged by scaling them all (fit-weighted-bradley-terry.ts),
 * so they are scaled to a maximum of 1.
 *
 * How much evidence the weighted votes hold is Kish's effective sample size
 *   n_eff = (Σ w_k)² / Σ w_k²
 * (n for equal weights, 1 when a single vote carries all the weight): the
 * number shown next to a board by meaning, and the reason its intervals are
 * wider than the overall board's.
 *
 * Embeddings of another dimension than the query's, of zero length, or with
 * a non-finite entry get weight 0 (they are not "dissimilar", they are
 * unknown). No usable battle → all weights 0, n_eff 0.
 */
export function weightedVotesBySimilarity(
  queryEmbedding: ArrayLike<number>,
  battles: readonly EmbeddedVote[],
  temperature: number,
): SimilarityWeights {
  if (!(temperature > 0)) throw new RangeError(`temperature must be positive, got ${temperature}`);
  const queryNorm = norm(queryEmbedding);
  const similarities = new Float64Array(battles.length).fill(NaN);
  let best = -Infinity;
  battles.forEach((battle, k) => {
    const e = battle.embedding;
    if (e.length !== queryEmbedding.length || !(queryNorm > 0)) return;
    const en = norm(e);
    if (!(en > 0) || !Number.isFinite(en)) return;
    let dot = 0;
    for (let d = 0; d < e.length; d++) dot += queryEmbedding[d]! * e[d]!;
    similarities[k] = dot / (queryNorm * en);
    best = Math.max(best, similarities[k]);
  });
  const weights = similarities.map((s) => (Number.isNaN(s) ? 0 : Math.exp((s - best) / temperature)));
  return { weights, similarities, effectiveVotes: kishEffectiveSize(weights) };
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let d = 0; d < v.length; d++) s += v[d]! * v[d]!;
  return Math.sqrt(s);
}
