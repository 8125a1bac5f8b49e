import { describe, expect, it } from 'vitest';
import { bootstrapRatings, type BootstrapOptions } from '../../server/ratings/bootstrap-ratings.ts';
import { fitBradleyTerry, solverOptions } from '../../server/ratings/fit-bradley-terry.ts';
import { buildVoteTable } from '../../server/ratings/vote-table.ts';
import type { PairCounts } from '../../server/ratings/pair-counts.ts';
import type { RatingVote } from '../../server/ratings/rating-vote.ts';
import { repeat, syntheticVotes } from './helpers.ts';

function intervals(votes: RatingVote[], overrides: Partial<BootstrapOptions> = {}) {
  const counts: PairCounts = buildVoteTable(votes).counts();
  const fit = fitBradleyTerry(counts);
  const options: BootstrapOptions = {
    rounds: 400,
    seed: 1,
    solver: solverOptions(),
    anchor: { index: -1, value: 1000 },
    theta: fit.theta,
    ...overrides,
  };
  return { fit, ...bootstrapRatings(counts, options) };
}

const truth = { a: 1100, b: 1040, c: 1000, d: 960, e: 900 };
const votes = syntheticVotes(truth, 4000, 3);

describe('bootstrapRatings', () => {
  it('is reproducible: same seed → identical intervals, another seed → different ones', () => {
    const first = intervals(votes, { seed: 5 });
    const again = intervals(votes, { seed: 5 });
    const other = intervals(votes, { seed: 6 });
    expect(Array.from(again.lower)).toEqual(Array.from(first.lower));
    expect(Array.from(again.upper)).toEqual(Array.from(first.upper));
    expect(Array.from(other.lower)).not.toEqual(Array.from(first.lower));
  });

  it('contains the point estimate', () => {
    const { fit, lower, upper, unconverged } = intervals(votes);
    expect(unconverged).toBe(0);
    for (let i = 0; i < fit.ratings.length; i++) {
      expect(lower[i]).toBeLessThan(fit.ratings[i]!);
      expect(upper[i]).toBeGreaterThan(fit.ratings[i]!);
    }
  });

  it('narrows with more votes (about 1/√4 = half with 4× the votes)', () => {
    const small = intervals(votes);
    const large = intervals(syntheticVotes(truth, 16_000, 3));
    for (let i = 0; i < small.lower.length; i++) {
      const ratio = (large.upper[i]! - large.lower[i]!) / (small.upper[i]! - small.lower[i]!);
      expect(ratio).toBeGreaterThan(0.35);
      expect(ratio).toBeLessThan(0.65);
    }
  });

  it('matches the asymptotic width for two models', () => {
    // 240:160 → p = 0.6; se of the log-odds = 1/√(n·p·(1−p)); each model
    // carries half the gap under the mean anchor: se_rating = (400/ln 10)·se/2.
    const { lower, upper } = intervals([...repeat(240, 'x', 'y', 'a'), ...repeat(160, 'x', 'y', 'b')], { rounds: 2000 });
    const se = ((400 / Math.LN10) * (1 / Math.sqrt(400 * 0.6 * 0.4))) / 2;
    const expected = 2 * 1.959964 * se; // ≈ 34.7 rating points
    for (let i = 0; i < 2; i++) expect(Math.abs(upper[i]! - lower[i]! - expected) / expected).toBeLessThan(0.1);
  });

  it('gives a zero-width interval to a pinned model', () => {
    const counts = buildVoteTable(votes).counts();
    const fit = fitBradleyTerry(counts, { anchor: { model: 'c', value: 1000 } });
    const index = counts.models.indexOf('c');
    const { lower, upper } = bootstrapRatings(counts, { rounds: 100, seed: 1, solver: solverOptions(), anchor: { index, value: 1000 }, theta: fit.theta });
    expect(lower[index]).toBeCloseTo(1000, 9);
    expect(upper[index]).toBeCloseTo(1000, 9);
    expect(upper[0]! - lower[0]!).toBeGreaterThan(10);
  });

  it('copes with sparse and extreme data (never lost, single vote) without NaN', () => {
    const sparse = [...repeat(3, 'champ', 'x', 'a'), ...repeat(2, 'x', 'y', 'a'), ...repeat(2, 'y', 'x', 'a'), ...repeat(1, 'solo', 'y', 'b')];
    const { fit, lower, upper, unconverged } = intervals(sparse, { rounds: 300 });
    expect(unconverged).toBe(0);
    for (let i = 0; i < fit.ratings.length; i++) {
      expect(Number.isFinite(lower[i]!) && Number.isFinite(upper[i]!)).toBe(true);
      expect(lower[i]).toBeLessThanOrEqual(fit.ratings[i]! + 1e-9);
      expect(upper[i]).toBeGreaterThanOrEqual(fit.ratings[i]! - 1e-9);
    }
  });

  it('returns NaN-free empty arrays without models', () => {
    const { lower, upper } = intervals([]);
    expect(lower.length).toBe(0);
    expect(upper.length).toBe(0);
  });
});
