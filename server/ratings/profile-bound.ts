import type { BradleyTerrySolver } from './bradley-terry-solver.ts';

/** χ²₁ quantile at 0.95: the profile interval is { r : 2·(ℓ̂ − ℓ_p(r)) ≤ 3.8415 } (1.96²). */
export const CHI_SQUARE_1_95 = 3.841458820694124;

export interface ProfileProblem {
  /** A plain maximum-likelihood solver (λ = 0) sized for the table. */
  solver: BradleyTerrySolver;
  weights: Float64Array;
  /** ℓ̂, the supremum of the log-likelihood (fit-bradley-terry.ts). */
  logLikelihood: number;
}

/**
 * Profile solves move one model far from where the factor was taken, so the
 * factor contracts steps slowly; a chord step costs about n/6 times less than
 * refactoring, so slow contraction is still the cheaper way for big boards.
 */
const CHORD_RATIO = 0.5;

interface Point {
  mu: number;
  z: number;
  r: number;
  theta: Float64Array | null;
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

/**
 * One end of a profile-likelihood (likelihood-ratio) 95% interval for the
 * contrast r = c·θ: the r on the given side of the maximum where the
 * deviance D(r) = 2·(ℓ̂ − ℓ_p(r)) reaches 3.84, with ℓ_p(r) = max ℓ(θ) over
 * all θ with c·θ = r (every other model, the anchor models included, free).
 * By Wilks's theorem D(r_true) is about χ²₁, and unlike a ± standard error
 * the interval follows the likelihood's own shape: lopsided for lopsided
 * records, and reaching out as far as the data leave it free.
 *
 * The constrained maxima come from unconstrained tilted ones: θ(μ) =
 * argmax ℓ(θ) + μ·c·θ lies on the profile, at r(μ) = c·θ(μ) (a tilt of μ is
 * μ phantom wins for model i, shared out as phantom losses among the anchor
 * models), and r(μ) is increasing. So the search is over μ, each step one
 * warm-started solve. With z(μ) = √D(θ(μ)), the target is z = 1.96; by the
 * envelope theorem dz/dμ = μ·v / z with v = cᵀ(−H)⁻¹c at θ(μ), which gives a
 * Newton step (exact in one step for a quadratic likelihood, where the answer
 * is the Wald bound). Steps are kept inside the bracket found so far (else
 * secant or bisection). A tilt too strong for the data has no maximum (the
 * model runs off beyond its last win or loss); such a solve does not
 * converge and counts as past the bound.
 *
 * Call only for an end beat-graph.ts says is bounded; `start` should hold
 * the model within reach of the anchor (a far-away artefact of separated
 * data makes the first solve slow), and `startFactor`, when given, is the
 * solver's factor at `start`. Returns the contrast in natural units, or null
 * if the search failed.
 */
export function profileBound(
  problem: ProfileProblem,
  c: Float64Array,
  start: Float64Array,
  side: 1 | -1,
  startFactor: Float64Array | null = null,
  level = CHI_SQUARE_1_95,
): number | null {
  const { solver, weights } = problem;
  const target = Math.sqrt(level);
  const tilt = new Float64Array(c.length);
  let lo: Point = { mu: 0, z: 0, r: NaN, theta: start };
  let hi: Point | null = null;
  // Each solve starts from the factor the previous one ended with: the bracket closes in, so
  // later solves need few or no refactorisations (the solver refactors if steps stop contracting).
  let factor = startFactor ?? solver.hessianFactor(weights, start);
  const v0 = factor ? solver.contrastVariance(c, factor) : NaN;
  let mu = side * (v0 > 0 && Number.isFinite(v0) ? target / Math.sqrt(v0) : 1);
  for (let step = 0; step < 60; step++) {
    for (let k = 0; k < c.length; k++) tilt[k] = mu * c[k]!;
    const from = hi?.theta && Math.abs(hi.mu - mu) < Math.abs(mu - lo.mu) ? hi.theta : lo.theta!;
    const result = solver.solve(weights, { start: from, tilt, factor, chordRatio: CHORD_RATIO });
    if (!result.converged) {
      hi = { mu, z: Infinity, r: NaN, theta: null };
      mu = (lo.mu + mu) / 2;
      continue;
    }
    factor = solver.currentFactor();
    const z = Math.sqrt(Math.max(0, 2 * (problem.logLikelihood - solver.logLikelihood(result.theta))));
    const point: Point = { mu, z, r: dot(c, result.theta), theta: Float64Array.from(result.theta) };
    if (Math.abs(z - target) < 1e-5) return point.r;
    if (z < target) lo = point;
    else hi = point;
    const v = solver.contrastVariance(c, factor);
    let next = z > 0 && v > 0 ? mu + ((target - z) * z) / (mu * v) : mu * 4;
    if (!hi) {
      if (!(Math.abs(next) > Math.abs(mu))) next = mu * 4;
      next = side * Math.min(Math.abs(next), Math.abs(mu) * 16);
    } else if (!(Math.min(lo.mu, hi.mu) < next && next < Math.max(lo.mu, hi.mu))) {
      next = Number.isFinite(hi.z) ? lo.mu + ((target - lo.z) * (hi.mu - lo.mu)) / (hi.z - lo.z) : (lo.mu + hi.mu) / 2;
    }
    if (hi && Math.abs(hi.mu - lo.mu) <= 1e-12 * Math.abs(hi.mu)) break;
    mu = next;
  }
  // Out of steps: interpolate between the bracket's ends when both are known.
  if (hi && Number.isFinite(hi.z) && Number.isFinite(lo.r)) return lo.r + ((target - lo.z) * (hi.r - lo.r)) / (hi.z - lo.z);
  return null;
}
