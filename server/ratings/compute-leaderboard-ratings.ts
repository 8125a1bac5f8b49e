import type { RatingVote } from './rating-vote.ts';
import type { PairCounts } from './pair-counts.ts';
import type { RatingAnchor } from './anchor-ratings.ts';
import { resolveAnchor } from './anchor-ratings.ts';
import { buildVoteTable } from './vote-table.ts';
import { computeOnlineElo } from './online-elo.ts';
import { fitBradleyTerry, solverOptions } from './fit-bradley-terry.ts';
import { bootstrapRatings } from './bootstrap-ratings.ts';
import { rankUpperBound } from './rank-upper-bound.ts';
import { pairwiseMatrices, type PairwiseMatrices } from './pairwise-matrices.ts';

/**
 * The leaderboard in one call: votes → count table (vote-table.ts) →
 * Bradley–Terry ratings (fit-bradley-terry.ts) → 95% bootstrap intervals
 * (bootstrap-ratings.ts) → Rank (UB) (rank-upper-bound.ts), plus online Elo
 * (online-elo.ts) and the pairwise matrices (pairwise-matrices.ts).
 *
 * Per-model tallies: wins / losses = decisive votes won / lost, ties = 'tie'
 * + 'both_bad' votes, votes = wins + losses + ties, winRate = wins / (wins +
 * losses) with ties left out (null without a decisive vote).
 * With rounds = 0 there is no bootstrap: the interval collapses to the rating
 * and Rank (UB) becomes the plain rank. No votes → no models, no NaN.
 * Models are sorted by rating, highest first (name breaks exact ties), and
 * the pairwise matrices use the same order.
 */
export interface LeaderboardOptions {
  /** Bootstrap rounds (default 1000). */
  rounds?: number;
  /**
   * Bootstrap seed (default 42). The same votes and seed give identical
   * output in any input order (the table sorts models by name, Elo sorts by
   * tstamp); only votes with equal tstamps keep their input order for Elo.
   */
  seed?: number;
  /** Default: mean rating 1000. A pinned model without votes throws a RangeError. */
  anchor?: RatingAnchor;
  /** Gaussian prior precision λ on natural-unit ratings (default 0.01; 0 = plain MLE). */
  priorStrength?: number;
  /** Convergence bound on each fit, in rating points (default 1e-6). */
  tolerance?: number;
  maxIterations?: number;
}

export interface ModelRating {
  model: string;
  rating: number;
  ciLower: number;
  ciUpper: number;
  rankUB: number;
  /** Online Elo; null when the caller gave counts without Elo ratings. */
  elo: number | null;
  votes: number;
  wins: number;
  losses: number;
  ties: number;
  winRate: number | null;
}

export interface LeaderboardRatings {
  models: ModelRating[];
  pairwise: PairwiseMatrices;
  rounds: number;
  seed: number;
  /** False if the full-data fit or any bootstrap round hit maxIterations. */
  converged: boolean;
}

export function computeLeaderboardRatings(votes: readonly RatingVote[], options: LeaderboardOptions = {}): LeaderboardRatings {
  const counts = buildVoteTable(votes).counts();
  return computeRatingsFromCounts(counts, { ...options, elo: computeOnlineElo(votes) });
}

/** Same as computeLeaderboardRatings from an (incrementally kept) count table. */
export function computeRatingsFromCounts(
  counts: PairCounts,
  options: LeaderboardOptions & { elo?: ReadonlyMap<string, number> } = {},
): LeaderboardRatings {
  const rounds = Math.max(0, Math.floor(options.rounds ?? 1000));
  const seed = options.seed ?? 42;
  const solver = solverOptions(options);
  const anchor = resolveAnchor(counts.models, options.anchor);
  const fit = fitBradleyTerry(counts, { ...solver, anchor: options.anchor });
  const n = counts.models.length;
  let lower: ArrayLike<number> = fit.ratings;
  let upper: ArrayLike<number> = fit.ratings;
  let unconverged = 0;
  if (rounds > 0) {
    const intervals = bootstrapRatings(counts, { rounds, seed, solver, anchor, theta: fit.theta });
    ({ lower, upper, unconverged } = intervals);
  }
  const ranks = rankUpperBound(lower, upper);
  const { decisive, draws } = counts;
  const rows: ModelRating[] = counts.models.map((model, i) => {
    let wins = 0;
    let losses = 0;
    let ties = 0;
    for (let j = 0; j < n; j++) {
      wins += decisive[i * n + j]!;
      losses += decisive[j * n + i]!;
      ties += draws[i * n + j]!;
    }
    return {
      model,
      rating: fit.ratings[i]!,
      ciLower: lower[i]!,
      ciUpper: upper[i]!,
      rankUB: ranks[i]!,
      elo: options.elo?.get(model) ?? null,
      votes: wins + losses + ties,
      wins,
      losses,
      ties,
      winRate: wins + losses > 0 ? wins / (wins + losses) : null,
    };
  });
  const order = rows.map((_, i) => i).sort((x, y) => rows[y]!.rating - rows[x]!.rating || (rows[x]!.model < rows[y]!.model ? -1 : 1));
  return {
    models: order.map((i) => rows[i]!),
    pairwise: pairwiseMatrices(counts, fit.ratings, order),
    rounds,
    seed,
    converged: fit.converged && unconverged === 0,
  };
}
