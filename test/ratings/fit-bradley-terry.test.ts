import { describe, expect, it } from 'vitest';
import { fitBradleyTerry } from '../../server/ratings/fit-bradley-terry.ts';
import { buildVoteTable } from '../../server/ratings/vote-table.ts';
import { repeat, ratingOf, syntheticVotes } from './helpers.ts';
import type { RatingVote } from '../../server/ratings/rating-vote.ts';

const fit = (votes: RatingVote[], options = {}) => fitBradleyTerry(buildVoteTable(votes).counts(), options);
const exact = { priorStrength: 0, tolerance: 1e-9 };

describe('fitBradleyTerry: known answers', () => {
  it('two models: the MLE difference is 400·log10(w/l)', () => {
    for (const [w, l] of [
      [7, 3],
      [1, 1],
      [30, 2],
      [2, 30],
    ] as const) {
      const result = fit([...repeat(w, 'x', 'y', 'a'), ...repeat(l, 'x', 'y', 'b')], exact);
      expect(result.converged).toBe(true);
      expect(ratingOf(result, 'x') - ratingOf(result, 'y')).toBeCloseTo(400 * Math.log10(w / l), 6);
      expect(ratingOf(result, 'x') + ratingOf(result, 'y')).toBeCloseTo(2000, 9); // mean anchor
    }
  });

  it('counts a tie as half a win each way: 2 wins + 2 ties vs 0 ≡ 3:1', () => {
    const withTies = fit([...repeat(2, 'x', 'y', 'a'), ...repeat(2, 'y', 'x', 'tie')], exact);
    const threeToOne = fit([...repeat(3, 'x', 'y', 'a'), ...repeat(1, 'x', 'y', 'b')], exact);
    const expected = 400 * Math.log10(3);
    expect(ratingOf(withTies, 'x') - ratingOf(withTies, 'y')).toBeCloseTo(expected, 6);
    expect(ratingOf(threeToOne, 'x') - ratingOf(threeToOne, 'y')).toBeCloseTo(expected, 6);
  });

  it('treats both_bad exactly like tie', () => {
    const votes = [...repeat(5, 'x', 'y', 'a'), ...repeat(2, 'y', 'z', 'b'), ...repeat(1, 'x', 'z', 'b')];
    const ties = fit([...votes, ...repeat(3, 'x', 'y', 'tie'), ...repeat(4, 'z', 'x', 'tie')]);
    const bothBad = fit([...votes, ...repeat(3, 'x', 'y', 'both_bad'), ...repeat(4, 'z', 'x', 'both_bad')]);
    expect(Array.from(bothBad.ratings)).toEqual(Array.from(ties.ratings));
  });

  it('gives equal ratings on symmetric data', () => {
    const votes: RatingVote[] = [];
    for (const [a, b] of [
      ['x', 'y'],
      ['y', 'z'],
      ['x', 'z'],
      ['z', 'w'],
    ] as const) {
      votes.push(...repeat(4, a, b, 'a'), ...repeat(4, a, b, 'b'), ...repeat(2, a, b, 'tie'));
    }
    const result = fit(votes);
    for (const rating of result.ratings) expect(rating).toBeCloseTo(1000, 9);
  });

  it('solves the score equations on a many-model data set (expected wins = observed wins)', () => {
    const votes = syntheticVotes({ a: 1100, b: 1050, c: 1000, d: 980, e: 900, f: 800 }, 3000, 7);
    const counts = buildVoteTable(votes).counts();
    const result = fitBradleyTerry(counts, exact);
    const n = counts.models.length;
    for (let i = 0; i < n; i++) {
      let observed = 0;
      let expected = 0;
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const wij = counts.decisive[i * n + j]! + counts.draws[i * n + j]! / 2;
        const battles = wij + counts.decisive[j * n + i]! + counts.draws[i * n + j]! / 2;
        observed += wij;
        expected += battles / (1 + 10 ** ((result.ratings[j]! - result.ratings[i]!) / 400));
      }
      expect(expected).toBeCloseTo(observed, 6);
    }
  });

  it('recovers known true ratings from synthetic data', () => {
    const truth = { a: 1200, b: 1120, c: 1050, d: 1000, e: 990, f: 930, g: 880, h: 830 };
    const result = fit(syntheticVotes(truth, 40_000, 11));
    // ~10,000 votes per model: standard error ≈ 4 points; allow 4σ.
    for (const [model, rating] of Object.entries(truth)) expect(Math.abs(ratingOf(result, model) - rating)).toBeLessThan(16);
  });
});

describe('fitBradleyTerry: anchors', () => {
  const votes = [...repeat(6, 'x', 'y', 'a'), ...repeat(2, 'x', 'y', 'b'), ...repeat(3, 'y', 'z', 'a'), ...repeat(3, 'z', 'x', 'b')];

  it('centres the mean on 1000 by default and on a chosen value', () => {
    const mean = (r: Float64Array) => r.reduce((s, x) => s + x, 0) / r.length;
    expect(mean(fit(votes).ratings)).toBeCloseTo(1000, 9);
    expect(mean(fit(votes, { anchor: { value: 1500 } }).ratings)).toBeCloseTo(1500, 9);
  });

  it('pins a chosen model and keeps the differences', () => {
    const free = fit(votes);
    const pinned = fit(votes, { anchor: { model: 'y', value: 1200 } });
    expect(ratingOf(pinned, 'y')).toBe(1200);
    expect(ratingOf(pinned, 'x') - ratingOf(pinned, 'z')).toBeCloseTo(ratingOf(free, 'x') - ratingOf(free, 'z'), 9);
    expect(() => fit(votes, { anchor: { model: 'nobody', value: 1000 } })).toThrow(RangeError);
  });
});

describe('fitBradleyTerry: non-identifiable cases', () => {
  const lopsided = [
    ...repeat(5, 'champ', 'mid', 'a'),
    ...repeat(3, 'champ', 'low', 'a'),
    ...repeat(4, 'mid', 'low', 'a'),
    ...repeat(2, 'mid', 'low', 'b'),
    ...repeat(6, 'low', 'floor', 'a'),
    ...repeat(2, 'mid', 'floor', 'a'),
  ];

  it('without a prior, walks a model that never lost (or never won) far out, and leaves the rest at their maximum', () => {
    const result = fit(lopsided);
    expect(result.converged).toBe(true);
    const [champ, mid, low, floor] = ['champ', 'mid', 'low', 'floor'].map((m) => ratingOf(result, m)) as [number, number, number, number];
    expect(champ - mid).toBeGreaterThan(2000); // an artefact of where the walk stopped: never shown
    expect(low - floor).toBeGreaterThan(2000);
    // champ and floor's one-sided votes add nothing at the supremum: mid vs low is their own 4:2 record.
    expect(mid - low).toBeCloseTo(400 * Math.log10(2), 3);
  });

  it('with a prior (priorStrength > 0), keeps them finite and ordered', () => {
    const result = fit(lopsided, { priorStrength: 0.01 });
    expect(result.converged).toBe(true);
    const [champ, mid, low, floor] = ['champ', 'mid', 'low', 'floor'].map((m) => ratingOf(result, m)) as [number, number, number, number];
    expect(champ).toBeGreaterThan(mid);
    expect(mid).toBeGreaterThan(low);
    expect(low).toBeGreaterThan(floor);
    expect(champ - floor).toBeLessThan(5000);
  });

  it('reports the log-likelihood at the maximum', () => {
    const result = fit([...repeat(7, 'x', 'y', 'a'), ...repeat(3, 'x', 'y', 'b')]);
    expect(result.logLikelihood).toBeCloseTo(7 * Math.log(0.7) + 3 * Math.log(0.3), 9);
    expect(fit(repeat(4, 'x', 'y', 'a')).logLikelihood).toBeCloseTo(0, 6); // unbeaten: the supremum is 0
  });

  it('centres each disconnected group on the anchor separately', () => {
    const votes = [
      ...repeat(3, 'a1', 'a2', 'a'),
      ...repeat(1, 'a1', 'a2', 'b'),
      ...repeat(1, 'b1', 'b2', 'a'),
      ...repeat(9, 'b1', 'b2', 'b'),
    ];
    for (const options of [{}, exact]) {
      const result = fit(votes, options);
      expect(result.converged).toBe(true);
      expect((ratingOf(result, 'a1') + ratingOf(result, 'a2')) / 2).toBeCloseTo(1000, 6);
      expect((ratingOf(result, 'b1') + ratingOf(result, 'b2')) / 2).toBeCloseTo(1000, 6);
    }
    const mle = fit(votes, exact);
    expect(ratingOf(mle, 'a1') - ratingOf(mle, 'a2')).toBeCloseTo(400 * Math.log10(3), 6);
    expect(ratingOf(mle, 'b2') - ratingOf(mle, 'b1')).toBeCloseTo(400 * Math.log10(9), 6);
  });

  it('returns an empty fit without votes', () => {
    const result = fit([]);
    expect(result.models).toEqual([]);
    expect(result.ratings.length).toBe(0);
    expect(result.converged).toBe(true);
  });

  it('has no prior by default: the plain maximum-likelihood gap', () => {
    const votes = [...repeat(7, 'x', 'y', 'a'), ...repeat(3, 'x', 'y', 'b')];
    expect(ratingOf(fit(votes), 'x') - ratingOf(fit(votes), 'y')).toBeCloseTo(400 * Math.log10(7 / 3), 5); // tolerance 1e-6 per rating
  });
});
