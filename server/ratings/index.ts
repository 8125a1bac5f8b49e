/** Public API of the rating core (pure computation, no I/O). */
export type { RatingVote } from './rating-vote.ts';
export type { PairCounts } from './pair-counts.ts';
export { winWeights } from './pair-counts.ts';
export { VoteTable, buildVoteTable } from './vote-table.ts';
export { fitBradleyTerry, type BradleyTerryFit, type BradleyTerryOptions } from './fit-bradley-terry.ts';
export { bootstrapRatings, type BootstrapIntervals, type BootstrapOptions } from './bootstrap-ratings.ts';
export { anchorRatings, resolveAnchor, DEFAULT_ANCHOR, type RatingAnchor } from './anchor-ratings.ts';
export { rankUpperBound } from './rank-upper-bound.ts';
export { OnlineElo, computeOnlineElo, type EloOptions } from './online-elo.ts';
export { timeOrder } from './time-order.ts';
export { pairwiseMatrices, type PairwiseMatrices } from './pairwise-matrices.ts';
export {
  computeLeaderboardRatings,
  computeRatingsFromCounts,
  type LeaderboardOptions,
  type LeaderboardRatings,
  type ModelRating,
} from './compute-leaderboard-ratings.ts';
