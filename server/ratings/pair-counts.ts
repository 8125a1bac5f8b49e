/**
 * PairCounts: every vote reduced to outcome counts per ordered pair of models.
 * The fit and every bootstrap round work on these counts, never on votes, so
 * their cost depends on the number of models, not the number of votes.
 *
 * Definitions (n models, row-major n×n Float64Arrays, index = i·n + j):
 *   decisive[i·n+j]  number of votes in which model i beat model j
 *   draws[i·n+j]     number of 'tie' + 'both_bad' votes between i and j
 *                    (symmetric: draws[i·n+j] = draws[j·n+i])
 *   w_ij             = decisive_ij + draws_ij / 2   win weight of i over j
 *                      (a draw is half a win each way)
 *   n_ij             = w_ij + w_ji = decisive_ij + decisive_ji + draws_ij
 *                      number of battles between i and j
 * The diagonal is always zero (a model never battles itself here).
 */
export interface PairCounts {
  /** Model names; position = model index. */
  readonly models: readonly string[];
  readonly decisive: Float64Array;
  readonly draws: Float64Array;
}

/** w_ij = decisive_ij + draws_ij / 2, written into `out` (length n²). */
export function winWeights(counts: PairCounts, out: Float64Array = new Float64Array(counts.decisive.length)): Float64Array {
  const { decisive, draws } = counts;
  for (let k = 0; k < out.length; k++) out[k] = decisive[k]! + 0.5 * draws[k]!;
  return out;
}
