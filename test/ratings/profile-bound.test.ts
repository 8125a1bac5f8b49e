import { describe, expect, it } from 'vitest';
import { BradleyTerrySolver, NATS_TO_RATING } from '../../server/ratings/bradley-terry-solver.ts';
import { fitBradleyTerry, solverOptions } from '../../server/ratings/fit-bradley-terry.ts';
import { winWeights } from '../../server/ratings/pair-counts.ts';
import { CHI_SQUARE_1_95, profileBound } from '../../server/ratings/profile-bound.ts';
import { buildVoteTable } from '../../server/ratings/vote-table.ts';
import type { RatingVote } from '../../server/ratings/rating-vote.ts';
import { repeat } from './helpers.ts';

const logSigmoid = (x: number) => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));

/** Root of a monotone f on [lo, hi] by bisection. */
function bisect(f: (x: number) => number, lo: number, hi: number): number {
  const rising = f(hi) > f(lo);
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0 === rising) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

/** Maximum of a concave f on [lo, hi] by golden-section search. */
function maximise(f: (x: number) => number, lo = -30, hi = 30): number {
  const g = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < 200; k++) {
    const a = hi - g * (hi - lo);
    const b = lo + g * (hi - lo);
    if (f(a) < f(b)) lo = a;
    else hi = b;
  }
  return f((lo + hi) / 2);
}

function problemOf(votes: RatingVote[]) {
  const counts = buildVoteTable(votes).counts();
  const fit = fitBradleyTerry(counts);
  const solver = new BradleyTerrySolver(counts.models.length, solverOptions());
  const contrast = (plus: string, minus: string) => {
    const c = new Float64Array(counts.models.length);
    c[counts.models.indexOf(plus)] = 1;
    c[counts.models.indexOf(minus)] = -1;
    return c;
  };
  return { fit, problem: { solver, weights: winWeights(counts), logLikelihood: fit.logLikelihood }, contrast };
}

describe('profileBound', () => {
  it('two models: finds where the deviance of the w–l record reaches 3.84', () => {
    for (const [w, l] of [
      [7, 3],
      [1, 1],
      [20, 2],
      [0.5, 0.5],
    ] as const) {
      const votes = w === 0.5 ? repeat(1, 'x', 'y', 'tie') : [...repeat(w, 'x', 'y', 'a'), ...repeat(l, 'x', 'y', 'b')];
      const { fit, problem, contrast } = problemOf(votes);
      const ell = (d: number) => w * logSigmoid(d) + l * logSigmoid(-d);
      const top = ell(Math.log(w / l));
      const deviance = (d: number) => 2 * (top - ell(d)) - CHI_SQUARE_1_95;
      const mle = Math.log(w / l);
      const c = contrast('x', 'y');
      expect(profileBound(problem, c, fit.theta, -1)!).toBeCloseTo(bisect(deviance, mle - 20, mle), 4);
      expect(profileBound(problem, c, fit.theta, 1)!).toBeCloseTo(bisect(deviance, mle, mle + 20), 4);
    }
  });

  it('is lopsided for a lopsided record (unlike a ± standard error)', () => {
    const { fit, problem, contrast } = problemOf([...repeat(9, 'x', 'y', 'a'), ...repeat(1, 'x', 'y', 'b')]);
    const c = contrast('x', 'y');
    const mle = Math.log(9);
    const below = mle - profileBound(problem, c, fit.theta, -1)!;
    const above = profileBound(problem, c, fit.theta, 1)! - mle;
    expect(above).toBeGreaterThan(1.3 * below);
  });

  it('profiles out the other models: three models, checked against a direct maximisation over the third', () => {
    const votes = [
      ...repeat(6, 'x', 'y', 'a'),
      ...repeat(3, 'y', 'x', 'a'),
      ...repeat(4, 'y', 'z', 'a'),
      ...repeat(2, 'z', 'y', 'a'),
      ...repeat(2, 'x', 'z', 'tie'),
      ...repeat(1, 'z', 'x', 'a'),
    ];
    const { fit, problem, contrast } = problemOf(votes);
    // θ_z = 0 (gauge); r = θ_x; ℓ_p(r) = max over θ_y.
    const ell = (x: number, y: number) =>
      6 * logSigmoid(x - y) + 3 * logSigmoid(y - x) + 4 * logSigmoid(y) + 2 * logSigmoid(-y) + 1 * logSigmoid(x) + 2 * logSigmoid(-x);
    const profile = (r: number) => maximise((y) => ell(r, y));
    const deviance = (r: number) => 2 * (fit.logLikelihood - profile(r)) - CHI_SQUARE_1_95;
    const c = contrast('x', 'z');
    const mle = c.reduce((s, ci, i) => s + ci * fit.theta[i]!, 0);
    expect(profileBound(problem, c, fit.theta, -1)!).toBeCloseTo(bisect(deviance, mle - 20, mle), 4);
    expect(profileBound(problem, c, fit.theta, 1)!).toBeCloseTo(bisect(deviance, mle, mle + 20), 4);
  });

  it('finds the finite end of an unbeaten record from a far-away start', () => {
    const { fit, problem, contrast } = problemOf([...repeat(12, 'x', 'y', 'a'), ...repeat(5, 'y', 'z', 'a'), ...repeat(5, 'z', 'y', 'a')]);
    const c = contrast('x', 'y');
    const start = Float64Array.from(fit.theta);
    start[0] = fit.theta[1]! + 8; // x, pulled in from where the unbounded fit left it
    // 12–0 and x played only y: the deviance is 2·12·ln(1 + e^−d), 3.84 at the bound.
    const bound = profileBound(problem, c, start, -1)!;
    expect(bound).toBeCloseTo(-Math.log(Math.expm1(CHI_SQUARE_1_95 / 24)), 4);
    expect(bound * NATS_TO_RATING).toBeGreaterThan(300); // 12–0 supports "at least about 300 points above y"
  });
});
