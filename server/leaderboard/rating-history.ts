import type { RatingPoint } from '../../shared/model-page-api.ts';
import type { RatingAnchor } from '../ratings/anchor-ratings.ts';
import { computeRatingsFromCounts } from '../ratings/compute-leaderboard-ratings.ts';
import { VoteTable } from '../ratings/vote-table.ts';
import type { RatingVote } from '../ratings/rating-vote.ts';

export const WEEK_MS = 7 * 86_400_000;
/** At most this many refits per request: a week apart, or wider steps when the votes span longer. */
export const MAX_HISTORY_POINTS = 12;

export interface HistoryOptions {
  provisionalVotes: number;
  anchor?: RatingAnchor;
  maxPoints?: number;
}

/**
 * One model's rating over time, from the votes alone: the board refitted with
 * the votes up to each weekly cut (profile-likelihood intervals, no bootstrap,
 * so it stays a few solves per cut), from the model's first vote to the last
 * vote. Each point is relative to the anchor of its own moment, as the board
 * was then. Bounded: at most `maxPoints` refits, whatever the span.
 */
export function ratingHistory(
  modelId: string,
  votes: readonly RatingVote[],
  opts: HistoryOptions,
): { points: RatingPoint[]; stepMs: number } {
  const sorted = [...votes].sort((x, y) => x.tstamp - y.tstamp);
  const first = sorted.findIndex((v) => v.modelA === modelId || v.modelB === modelId);
  if (first < 0) return { points: [], stepMs: WEEK_MS };
  const start = sorted[first]!.tstamp;
  const end = sorted[sorted.length - 1]!.tstamp;
  const maxPoints = Math.max(1, opts.maxPoints ?? MAX_HISTORY_POINTS);
  const weeks = Math.max(1, Math.ceil((end - start) / WEEK_MS / maxPoints));
  const stepMs = weeks * WEEK_MS;
  const cuts: number[] = [];
  for (let t = start + stepMs; t < end; t += stepMs) cuts.push(t);
  cuts.push(end);

  const table = new VoteTable();
  const points: RatingPoint[] = [];
  let next = 0;
  for (const cut of cuts.slice(-maxPoints)) {
    while (next < sorted.length && sorted[next]!.tstamp <= cut) table.addVote(sorted[next++]!);
    const board = computeRatingsFromCounts(table.counts(), {
      rounds: 0,
      provisionalVotes: opts.provisionalVotes,
      ...(opts.anchor ? { anchor: opts.anchor } : {}),
    });
    const r = board.models.find((m) => m.model === modelId);
    if (!r) continue;
    points.push({ at: cut, votes: r.votes, rating: r.rating, ciLower: r.ciLower, ciUpper: r.ciUpper, provisional: r.provisional });
  }
  return { points, stepMs };
}
