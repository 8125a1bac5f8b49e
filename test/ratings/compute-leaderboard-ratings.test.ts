import { describe, expect, it } from 'vitest';
import { computeLeaderboardRatings, computeRatingsFromCounts } from '../../server/ratings/compute-leaderboard-ratings.ts';
import { buildVoteTable } from '../../server/ratings/vote-table.ts';
import { computeOnlineElo } from '../../server/ratings/online-elo.ts';
import type { RatingVote } from '../../server/ratings/rating-vote.ts';
import { repeat, syntheticVotes } from './helpers.ts';

/** Every number anywhere in a value, for the "no NaN" checks. */
function numbers(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbers);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbers);
  return [];
}

describe('computeLeaderboardRatings', () => {
  it('returns an empty leaderboard without votes', () => {
    const result = computeLeaderboardRatings([]);
    expect(result.models).toEqual([]);
    expect(result.pairwise).toEqual({ models: [], winFraction: [], battles: [], predictedWin: [] });
    expect(result.converged).toBe(true);
  });

  it('sorts by rating and reports tallies, Elo, intervals and ranks', () => {
    const votes: RatingVote[] = [
      ...repeat(30, 'strong', 'mid', 'a', 0),
      ...repeat(10, 'strong', 'mid', 'b', 100),
      ...repeat(5, 'mid', 'weak', 'tie', 200),
      ...repeat(25, 'mid', 'weak', 'a', 300),
      ...repeat(5, 'weak', 'mid', 'a', 400),
      ...repeat(3, 'weak', 'strong', 'both_bad', 500),
    ];
    const result = computeLeaderboardRatings(votes, { rounds: 200 });
    expect(result.models.map((m) => m.model)).toEqual(['strong', 'mid', 'weak']);
    expect(result.pairwise.models).toEqual(['strong', 'mid', 'weak']);
    const mid = result.models[1]!;
    expect(mid).toMatchObject({ votes: 75, wins: 35, losses: 35, ties: 5, winRate: 0.5 });
    expect(mid.elo).toBeCloseTo(computeOnlineElo(votes).get('mid')!, 9);
    for (const row of result.models) {
      expect(row.ciLower).toBeLessThan(row.rating);
      expect(row.ciUpper).toBeGreaterThan(row.rating);
    }
    expect(result.models.map((m) => m.rankUB)).toEqual([1, 2, 3]); // 3:1 and 5:1 margins separate them
    expect(result.models.reduce((s, m) => s + m.rating, 0) / 3).toBeCloseTo(1000, 6);
  });

  it('has no NaN anywhere, even with a never-beaten model, a single vote and two islands', () => {
    const votes = [
      ...repeat(4, 'a1', 'a2', 'a'),
      ...repeat(1, 'solo', 'a2', 'b'),
      ...repeat(2, 'b1', 'b2', 'tie'),
      ...repeat(1, 'b1', 'b2', 'b'),
    ];
    const result = computeLeaderboardRatings(votes, { rounds: 100 });
    expect(result.models).toHaveLength(5);
    expect(numbers(result).every(Number.isFinite)).toBe(true);
    const winRate = Object.fromEntries(result.models.map((m) => [m.model, m.winRate]));
    expect(winRate).toEqual({ a1: 1, a2: 0.2, solo: 0, b1: 0, b2: 1 }); // a2: 1 win (solo), 4 losses
  });

  it('collapses intervals to the rating with rounds = 0', () => {
    const result = computeLeaderboardRatings(syntheticVotes({ p: 1100, q: 1000, r: 900 }, 600, 2), { rounds: 0 });
    for (const row of result.models) expect([row.ciLower, row.ciUpper]).toEqual([row.rating, row.rating]);
    expect(result.models.map((m) => m.rankUB)).toEqual([1, 2, 3]);
  });

  it('gives the same result from an incrementally kept table', () => {
    const votes = syntheticVotes({ p: 1100, q: 1000, r: 900, s: 950 }, 2000, 9);
    const direct = computeLeaderboardRatings(votes, { rounds: 50, seed: 3 });
    const fromTable = computeRatingsFromCounts(buildVoteTable(votes).counts(), { rounds: 50, seed: 3, elo: computeOnlineElo(votes) });
    expect(fromTable).toEqual(direct);
    const withoutElo = computeRatingsFromCounts(buildVoteTable(votes).counts(), { rounds: 50, seed: 3 });
    expect(withoutElo.models.every((m) => m.elo === null)).toBe(true);
  });

  it('honours a pinned anchor', () => {
    const votes = syntheticVotes({ p: 1100, q: 1000, r: 900 }, 900, 4);
    const result = computeLeaderboardRatings(votes, { rounds: 50, anchor: { model: 'q', value: 1200 } });
    const q = result.models.find((m) => m.model === 'q')!;
    expect([q.rating, q.ciLower, q.ciUpper]).toEqual([1200, 1200, 1200]);
  });
});

describe('computeLeaderboardRatings: reproducibility', () => {
  it('depends on the set of votes and the seed, not on their order in the input', () => {
    const votes = syntheticVotes({ p: 1100, q: 1000, r: 900, s: 950 }, 3000, 12);
    const reversed = votes.slice().reverse();
    expect(computeLeaderboardRatings(reversed, { rounds: 100, seed: 8 })).toEqual(computeLeaderboardRatings(votes, { rounds: 100, seed: 8 }));
  });
});
