import { describe, expect, it } from 'vitest';
import { computeLeaderboardRatings, computeRatingsFromCounts, type ModelRating } from '../../server/ratings/compute-leaderboard-ratings.ts';
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

const byModel = (rows: ModelRating[]) => Object.fromEntries(rows.map((r) => [r.model, r]));

describe('computeLeaderboardRatings', () => {
  it('returns an empty leaderboard without votes', () => {
    const result = computeLeaderboardRatings([]);
    expect(result.models).toEqual([]);
    expect(result.pairwise).toEqual({ models: [], winFraction: [], battles: [], predictedWin: [] });
    expect(result.anchor).toEqual({ model: null, value: 1000, models: [] });
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
    const result = computeLeaderboardRatings(votes, { rounds: 200, provisionalVotes: 30 });
    expect(result.models.map((m) => m.model)).toEqual(['strong', 'mid', 'weak']);
    expect(result.pairwise.models).toEqual(['strong', 'mid', 'weak']);
    const mid = result.models[1]!;
    expect(mid).toMatchObject({ votes: 75, wins: 35, losses: 35, ties: 5, winRate: 0.5, provisional: false, ciMethod: 'bootstrap' });
    expect(mid.elo).toBeCloseTo(computeOnlineElo(votes).get('mid')!, 9);
    for (const row of result.models) {
      expect(row.ciLower!).toBeLessThan(row.rating!);
      expect(row.ciUpper!).toBeGreaterThan(row.rating!);
    }
    expect(result.models.map((m) => m.rankUB)).toEqual([1, 2, 3]); // 3:1 and 5:1 margins separate them
    expect(result.models.reduce((s, m) => s + m.rating!, 0) / 3).toBeCloseTo(1000, 6);
    expect(result.anchor).toEqual({ model: null, value: 1000, models: ['mid', 'strong', 'weak'] });
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

  it('with rounds = 0, gives every model a profile-likelihood interval', () => {
    const result = computeLeaderboardRatings(syntheticVotes({ p: 1100, q: 1000, r: 900 }, 600, 2), { rounds: 0 });
    for (const row of result.models) {
      expect(row.ciMethod).toBe('profile');
      expect(row.ciLower!).toBeLessThan(row.rating! - 10);
      expect(row.ciUpper!).toBeGreaterThan(row.rating! + 10);
    }
    expect(result.models.map((m) => m.model)).toEqual(['p', 'q', 'r']);
  });

  it('gives the same result from an incrementally kept table', () => {
    const votes = syntheticVotes({ p: 1100, q: 1000, r: 900, s: 950 }, 2000, 9);
    const direct = computeLeaderboardRatings(votes, { rounds: 50, seed: 3 });
    const fromTable = computeRatingsFromCounts(buildVoteTable(votes).counts(), { rounds: 50, seed: 3, elo: computeOnlineElo(votes) });
    expect(fromTable).toEqual(direct);
    const withoutElo = computeRatingsFromCounts(buildVoteTable(votes).counts(), { rounds: 50, seed: 3 });
    expect(withoutElo.models.every((m) => m.elo === null)).toBe(true);
  });

  it('honours a pinned anchor when that model is established, and falls back to the mean when it is not', () => {
    const votes = [...syntheticVotes({ p: 1100, q: 1000, r: 900 }, 900, 4), ...repeat(3, 'newbie', 'p', 'b')];
    const pinned = computeLeaderboardRatings(votes, { rounds: 50, anchor: { model: 'q', value: 1200 } });
    const q = byModel(pinned.models).q!;
    expect([q.rating, q.ciLower, q.ciUpper, q.ciMethod]).toEqual([1200, 1200, 1200, 'anchor']);
    expect(pinned.anchor).toEqual({ model: 'q', value: 1200, models: ['q'] });
    const fallback = computeLeaderboardRatings(votes, { rounds: 50, anchor: { model: 'newbie', value: 1200 } });
    expect(fallback.anchor).toEqual({ model: null, value: 1200, models: ['p', 'q', 'r'] });
    expect(['p', 'q', 'r'].reduce((s, m) => s + byModel(fallback.models)[m]!.rating!, 0) / 3).toBeCloseTo(1200, 6);
  });

  it('depends on the set of votes and the seed, not on their order in the input', () => {
    const votes = syntheticVotes({ p: 1100, q: 1000, r: 900, s: 950 }, 3000, 12);
    const reversed = votes.slice().reverse();
    expect(computeLeaderboardRatings(reversed, { rounds: 100, seed: 8 })).toEqual(
      computeLeaderboardRatings(votes, { rounds: 100, seed: 8 }),
    );
  });
});

describe('computeLeaderboardRatings: small and one-sided samples', () => {
  // Five established models with about 1,200 votes each.
  const core = syntheticVotes({ a: 1100, b: 1050, c: 1000, d: 950, e: 900 }, 3000, 1);
  const coreNames = ['a', 'b', 'c', 'd', 'e'];
  const base = byModel(computeLeaderboardRatings(core, { rounds: 200 }).models);
  const later = 1e6; // tstamps after the core's
  const against = (model: string, choice: 'a' | 'b' | 'tie', each: number) =>
    coreNames.flatMap((m, k) => repeat(each, model, m, choice, later + 10 * k));

  it('two ties between two newcomers do not rank first: provisional, unranked, listed last, not placed', () => {
    const result = computeLeaderboardRatings([...core, ...repeat(2, 'toy1', 'toy2', 'tie', later)], { rounds: 200 });
    expect(result.models.map((m) => m.model)).toEqual([...coreNames, 'toy1', 'toy2']);
    for (const toy of result.models.slice(5)) {
      // Nothing links them to the established models: no rating, no bound either way.
      expect(toy).toMatchObject({ provisional: true, rankUB: null, rating: null, ciLower: null, ciUpper: null, votes: 2 });
    }
    expect(result.models.slice(0, 5).map((m) => m.rankUB)).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives a model with only ties a wide interval around its opponents', () => {
    const row = byModel(computeLeaderboardRatings([...core, ...against('tier', 'tie', 2)], { rounds: 200 }).models).tier!;
    expect(row).toMatchObject({ provisional: true, rankUB: null, ciMethod: 'profile', votes: 10 });
    // 10 ties read as 5 wins and 5 losses: about ±1.96·2/√10 natural units ≈ ±215 points.
    expect(row.rating!).toBeCloseTo(1000, -1);
    expect(row.ciUpper! - row.ciLower!).toBeGreaterThan(380);
    expect(row.ciUpper! - row.ciLower!).toBeGreaterThan(8 * (base.c!.ciUpper! - base.c!.ciLower!));
  });

  it('gives an unbeaten model an open upper bound and the lower bound its record supports', () => {
    const result = computeLeaderboardRatings([...core, ...against('champ', 'a', 8)], { rounds: 200 });
    const champ = byModel(result.models).champ!;
    expect(champ).toMatchObject({ rating: null, ciUpper: null, provisional: true, rankUB: null, votes: 40, ciMethod: 'profile' });
    // With the opponents' ratings taken as known, the bound L solves Σ_j 8·−ln σ(L − R_j) = 3.84 / 2.
    const deficit = (l: number) => coreNames.reduce((s, m) => s + 8 * Math.log1p(10 ** ((base[m]!.rating! - l) / 400)), 0);
    let lo = 1000;
    let hi = 3000;
    for (let k = 0; k < 60; k++) [lo, hi] = deficit((lo + hi) / 2) > 3.841458820694124 / 2 ? [(lo + hi) / 2, hi] : [lo, (lo + hi) / 2];
    // The opponents' own uncertainty can only lower it, and only a little.
    expect(champ.ciLower!).toBeLessThanOrEqual(lo + 0.5);
    expect(champ.ciLower!).toBeGreaterThan(lo - 15);
    expect(champ.ciLower!).toBeGreaterThan(1400);
  });

  it('after one vote, shows only what one vote supports, not a prior-made gap', () => {
    const result = byModel(computeLeaderboardRatings([...core, ...repeat(1, 'new', 'c', 'a', later)], { rounds: 200 }).models);
    expect(result.new).toMatchObject({ rating: null, ciUpper: null, provisional: true });
    // One win: P(win) ≥ e^(−3.84/2) = 0.1465, i.e. at least c − 305.7 points (less a little for c's own uncertainty).
    expect(result.new!.ciLower!).toBeLessThan(result.c!.rating! - 305.7 + 0.5);
    expect(result.new!.ciLower!).toBeGreaterThan(result.c!.rating! - 305.7 - 5);
  });

  it('keeps established ratings still when an unbeaten newcomer arrives (stable anchor)', () => {
    const withChamp = byModel(computeLeaderboardRatings([...core, ...against('champ', 'a', 8)], { rounds: 200 }).models);
    for (const m of coreNames) {
      expect(Math.abs(withChamp[m]!.rating! - base[m]!.rating!)).toBeLessThan(0.5);
      expect(withChamp[m]!.rankUB).toBe(base[m]!.rankUB);
    }
  });

  it('marks a model provisional below the threshold and established from it', () => {
    const votes = [...core, ...repeat(24, 'x', 'c', 'a', later), ...repeat(25, 'x', 'd', 'b', later + 100)];
    const at49 = byModel(computeLeaderboardRatings(votes, { rounds: 100, provisionalVotes: 50 }).models).x!;
    const at50 = byModel(
      computeLeaderboardRatings([...votes, ...repeat(1, 'x', 'e', 'tie', later + 200)], { rounds: 100, provisionalVotes: 50 }).models,
    ).x!;
    expect(at49).toMatchObject({ votes: 49, provisional: true, rankUB: null, ciMethod: 'profile' });
    expect(at50).toMatchObject({ votes: 50, provisional: false, ciMethod: 'bootstrap' });
    expect(at50.rankUB).toBeGreaterThanOrEqual(1);
  });

  it('without any established model, anchors on the largest group and ranks nobody', () => {
    const votes = [...repeat(3, 'x', 'y', 'a'), ...repeat(2, 'y', 'x', 'a'), ...repeat(1, 'y', 'z', 'tie'), ...repeat(2, 'w', 'x', 'a')];
    const result = computeLeaderboardRatings(votes, { rounds: 100 });
    expect(result.anchor.models).toEqual(['x', 'y', 'z']);
    expect(result.models.every((m) => m.provisional && m.rankUB === null)).toBe(true);
    const rows = byModel(result.models);
    expect(rows.w).toMatchObject({ rating: null, ciUpper: null }); // never lost
    expect(rows.w!.ciLower).not.toBeNull();
    expect(result.models[0]!.model).toBe('w'); // an open upper end sorts first
    for (const m of ['x', 'y', 'z']) expect(rows[m]!.ciLower!).toBeLessThan(rows[m]!.rating!);
  });
});
