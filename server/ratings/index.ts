/** Public API of the rating core (pure computation, no I/O). */
export type { RatingVote } from './rating-vote.ts';
export type { PairCounts } from './pair-counts.ts';
export { winWeights } from './pair-counts.ts';
export { VoteTable, buildVoteTable } from './vote-table.ts';
export { fitBradleyTerry, type BradleyTerryFit, type BradleyTerryOptions } from './fit-bradley-terry.ts';
export { bootstrapRatings, type BootstrapIntervals, type BootstrapOptions } from './bootstrap-ratings.ts';
export { anchorRatings, anchorContrast, resolveAnchor, DEFAULT_ANCHOR, type AnchorSet, type RatingAnchor } from './anchor-ratings.ts';
export { chooseAnchor, type AnchorChoice } from './choose-anchor.ts';
export { BeatGraph } from './beat-graph.ts';
export { profileBound, CHI_SQUARE_1_95, type ProfileProblem } from './profile-bound.ts';
export { ratingIntervals, type CiMethod, type RatingIntervals } from './rating-intervals.ts';
export { modelTallies, type ModelTally } from './model-tallies.ts';
export { rankUpperBound } from './rank-upper-bound.ts';
export { OnlineElo, computeOnlineElo, type EloOptions } from './online-elo.ts';
export { timeOrder } from './time-order.ts';
export { pairwiseMatrices, type PairwiseMatrices } from './pairwise-matrices.ts';
export {
  computeLeaderboardRatings,
  computeRatingsFromCounts,
  DEFAULT_PROVISIONAL_VOTES,
  type LeaderboardOptions,
  type LeaderboardRatings,
  type ModelRating,
} from './compute-leaderboard-ratings.ts';
