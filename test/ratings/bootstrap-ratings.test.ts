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
    anchor: { members: counts.models.map((_, i) => i), value: 1000 },
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
    const { lower, upper } = bootstrapRatings(counts, {
      rounds: 100,
      seed: 1,
      solver: solverOptions(),
      anchor: { members: [index], value: 1000 },
      theta: fit.theta,
    });
    expect(lower[index]).toBeCloseTo(1000, 9);
    expect(upper[index]).toBeCloseTo(1000, 9);
    expect(upper[0]! - lower[0]!).toBeGreaterThan(10);
  });

  it('gives intervals to free models only, resamples held ones at their values, and leaves the rest out', () => {
    // x, y, z established; p provisional (held); u unbeaten, outside the group (left out).
    const core = syntheticVotes({ x: 1100, y: 1000, z: 900 }, 900, 4);
    const withP = [...core, ...repeat(3, 'p', 'x', 'a'), ...repeat(2, 'y', 'p', 'a')];
    const withU = [...withP, ...repeat(12, 'u', 'z', 'a'), ...repeat(12, 'u', 'x', 'a')];
    const run = (votes: RatingVote[], dropU: boolean) => {
      const counts = buildVoteTable(votes).counts();
      const fit = fitBradleyTerry(counts);
      const at = (m: string) => counts.models.indexOf(m);
      const free = Uint8Array.from(counts.models, (m) => (['x', 'y', 'z'].includes(m) ? 1 : 0));
      const held = Uint8Array.from(counts.models, (m) => (m === 'p' || (!dropU && m === 'u') ? 1 : 0));
      const anchor = { members: ['x', 'y', 'z'].map(at), value: 1000 };
      return { at, ...bootstrapRatings(counts, { rounds: 300, seed: 2, solver: solverOptions(), anchor, theta: fit.theta, free, held }) };
    };
    const plain = run(core, true);
    const held = run(withP, true);
    const dropped = run(withU, true);
    expect(held.unconverged).toBe(0);
    expect(Number.isNaN(held.lower[held.at('p')]!)).toBe(true);
    for (const m of ['x', 'y', 'z'])
      expect(Number.isFinite(held.lower[held.at(m)]!) && Number.isFinite(held.upper[held.at(m)]!)).toBe(true);
    // p's five votes change the others' resamples; u's votes, left out, change nothing.
    expect(held.upper[held.at('x')]).not.toBe(plain.upper[plain.at('x')]);
    expect(dropped.lower[dropped.at('x')]).toBeCloseTo(held.lower[held.at('x')]!, 9);
    expect(dropped.upper[dropped.at('z')]).toBeCloseTo(held.upper[held.at('z')]!, 9);
  });

  it('returns NaN-free empty arrays without models', () => {
    const { lower, upper } = intervals([]);
    expect(lower.length).toBe(0);
    expect(upper.length).toBe(0);
  });
});
