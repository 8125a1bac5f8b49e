import type { RatingVote } from './rating-vote.ts';
import type { PairCounts } from './pair-counts.ts';
import { DEFAULT_ANCHOR, anchorRatings, type RatingAnchor } from './anchor-ratings.ts';
import { BeatGraph } from './beat-graph.ts';
import { chooseAnchor } from './choose-anchor.ts';
import { buildVoteTable } from './vote-table.ts';
import { computeOnlineElo } from './online-elo.ts';
import { fitBradleyTerry, solverOptions } from './fit-bradley-terry.ts';
import { modelTallies, type ModelTally } from './model-tallies.ts';
import { rankUpperBound } from './rank-upper-bound.ts';
import { ratingIntervals, type CiMethod } from './rating-intervals.ts';
import { pairwiseMatrices, type PairwiseMatrices } from './pairwise-matrices.ts';
import { compareRatingPosition } from '../../shared/rating-position.ts';

/**
 * Counted votes from which a model is established (README, "Provisional
 * models"): at 50 votes the calibration bench's median 95% interval is about
 * ±100 points, under a 64%–36% difference in win probability.
 */
export const DEFAULT_PROVISIONAL_VOTES = 50;

export interface LeaderboardOptions {
  /** Bootstrap rounds for established models (default 1000); 0 = profile likelihood for every model. */
  rounds?: number;
  /**
   * Bootstrap seed (default 42). The same votes and seed give identical
   * output in any input order (the table sorts models by name, Elo sorts by
   * tstamp); only votes with equal tstamps keep their input order for Elo.
   */
  seed?: number;
  /** Counted votes below which a model is provisional (default DEFAULT_PROVISIONAL_VOTES). */
  provisionalVotes?: number;
  /** Default: the mean of the established models is 1000 (choose-anchor.ts). */
  anchor?: RatingAnchor;
  /** Convergence bound on each fit, in rating points (default 1e-6). */
  tolerance?: number;
  maxIterations?: number;
}

export interface ModelRating extends ModelTally {
  model: string;
  /** Maximum-likelihood rating; null when the votes bound it on one side only, or on neither. */
  rating: number | null;
  /** 95% interval; null = no bound on that side. */
  ciLower: number | null;
  ciUpper: number | null;
  ciMethod: CiMethod;
  /** Fewer than provisionalVotes counted votes, or not linked to the anchor models by any chain of votes. */
  provisional: boolean;
  /** Rank (UB) among the established models; null for provisional ones. */
  rankUB: number | null;
  /** Online Elo; null when the caller gave counts without Elo ratings. */
  elo: number | null;
}

export interface LeaderboardRatings {
  /** Established models first, then provisional ones, each highest first (shared/rating-position.ts). */
  models: ModelRating[];
  pairwise: PairwiseMatrices;
  rounds: number;
  seed: number;
  provisionalVotes: number;
  /** What the ratings are relative to: a pinned model, or the mean of `models`, at `value`. */
  anchor: { model: string | null; value: number; models: string[] };
  /** False if the fit, a bootstrap round or a profile search did not converge. */
  converged: boolean;
}

/**
 * The leaderboard in one call: votes → count table (vote-table.ts) →
 * Bradley–Terry maximum likelihood (fit-bradley-terry.ts) → anchor
 * (choose-anchor.ts) → which ratings are bounded (beat-graph.ts) → 95%
 * intervals (rating-intervals.ts: bootstrap for established models, profile
 * likelihood for the rest) → provisional flags → Rank (UB) among the
 * established models (rank-upper-bound.ts), plus online Elo (online-elo.ts)
 * and the pairwise matrices (pairwise-matrices.ts) in the same order.
 *
 * A model is provisional below `provisionalVotes` counted votes, or when no
 * chain of votes links it to the anchor models (its rating has no bound
 * either way): it takes no rank, and is listed after the established ones.
 * No votes → no models, no NaN.
 */
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
  const provisionalVotes = Math.max(0, options.provisionalVotes ?? DEFAULT_PROVISIONAL_VOTES);
  const requested = options.anchor ?? DEFAULT_ANCHOR;
  const solver = solverOptions({ priorStrength: 0, tolerance: options.tolerance, maxIterations: options.maxIterations });
  const tallies = modelTallies(counts);
  const graph = new BeatGraph(counts);
  const components = graph.strongComponents();
  const established = Uint8Array.from(tallies, (t) => (t.votes >= provisionalVotes ? 1 : 0));
  const anchor = chooseAnchor({ models: counts.models, votes: tallies.map((t) => t.votes), established, components, requested });
  if (anchor === null) {
    return {
      models: [],
      pairwise: pairwiseMatrices(counts, []),
      rounds,
      seed,
      provisionalVotes,
      anchor: { model: null, value: requested.value, models: [] },
      converged: true,
    };
  }
  const fit = fitBradleyTerry(counts, solver);
  const boundedAbove = graph.reachableFrom(anchor.members);
  const boundedBelow = graph.reaching(anchor.members);
  const anchored = anchorRatings(fit.theta, anchor);
  const intervals = ratingIntervals({ counts, fit, anchor, established, components, boundedAbove, boundedBelow, rounds, seed, solver });

  const rows: ModelRating[] = counts.models.map((model, i) => ({
    model,
    rating: boundedAbove[i] && boundedBelow[i] ? anchored[i]! : null,
    ciLower: intervals.lower[i]!,
    ciUpper: intervals.upper[i]!,
    ciMethod: intervals.method[i]!,
    provisional: !established[i] || (!boundedAbove[i] && !boundedBelow[i]),
    rankUB: null,
    elo: options.elo?.get(model) ?? null,
    ...tallies[i]!,
  }));
  const ranked = rows.filter((r) => !r.provisional);
  const ranks = rankUpperBound(
    ranked.map((r) => r.ciLower ?? -Infinity),
    ranked.map((r) => r.ciUpper ?? Infinity),
  );
  ranked.forEach((r, k) => (r.rankUB = ranks[k]!));
  const order = rows
    .map((_, i) => i)
    .sort((x, y) => {
      const a = rows[x]!;
      const b = rows[y]!;
      return Number(a.provisional) - Number(b.provisional) || compareRatingPosition(a, b) || (a.model < b.model ? -1 : 1);
    });
  return {
    models: order.map((i) => rows[i]!),
    pairwise: pairwiseMatrices(
      counts,
      rows.map((r) => r.rating),
      order,
    ),
    rounds,
    seed,
    provisionalVotes,
    anchor: { model: anchor.pinned, value: anchor.value, models: anchor.members.map((i) => counts.models[i]!) },
    converged: fit.converged && intervals.failures === 0,
  };
}
