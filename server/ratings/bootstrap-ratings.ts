import { BradleyTerrySolver, type SolverOptions } from './bradley-terry-solver.ts';
import { anchorRatings } from './anchor-ratings.ts';
import { deriveSeed } from './mulberry32.ts';
import { PoissonSampler } from './poisson-sampler.ts';
import { percentile } from './percentile.ts';
import { winWeights, type PairCounts } from './pair-counts.ts';

/**
 * 95% confidence intervals by a Poisson bootstrap on the count table.
 *
 * Each round gives every vote an independent Poisson(1) weight, refits and
 * anchors the ratings; the interval is the 2.5th–97.5th percentile of the
 * rounds (percentile.ts). Summed over a cell of the table, independent
 * Poisson(1) weights are one Poisson(count) draw, so a round costs one draw
 * per non-empty cell, whatever the number of votes:
 *   decisive′_ij ~ Poisson(decisive_ij),  decisive′_ji ~ Poisson(decisive_ji),
 *   draws′_ij ~ Poisson(draws_ij),        w′_ij = decisive′_ij + draws′_ij / 2
 * (poisson-sampler.ts: exact below a mean of 15, Cornish–Fisher normal above).
 * Why Poisson rather than multinomial resampling of V votes: the cells are
 * independent, so there is no sequential conditioning and no per-vote work;
 * the only difference is that the total varies by ±√V, which leaves the
 * rating differences unchanged to first order (and V is large when it matters).
 *
 * Round r draws from its own stream, seeded deriveSeed(seed, r), so a result
 * depends only on (counts, rounds, seed, options). Every round warm-starts
 * from the full-data optimum and reuses its Hessian factor (chord steps, see
 * bradley-terry-solver.ts): with tens of votes per pair or more, rounds need
 * no O(n³) work at all (sparser data falls back to Newton steps).
 */
export interface BootstrapOptions {
  rounds: number;
  seed: number;
  solver: SolverOptions;
  /** Resolved anchor (anchor-ratings.ts). */
  anchor: { index: number; value: number };
  /** Full-data natural-unit optimum to start from (fit-bradley-terry.ts). */
  theta: Float64Array;
}

export interface BootstrapIntervals {
  lower: Float64Array;
  upper: Float64Array;
  /** Rounds whose refit hit maxIterations (still used; normally 0). */
  unconverged: number;
}

/** One resampled round's anchored ratings, written into `out`; false if the refit did not converge. */
function bootstrapRound(
  counts: PairCounts,
  round: number,
  options: BootstrapOptions,
  solver: BradleyTerrySolver,
  factor: Float64Array | null,
  weights: Float64Array,
  out: Float64Array,
): boolean {
  const n = counts.models.length;
  const { decisive, draws } = counts;
  const sampler = new PoissonSampler(deriveSeed(options.seed, round));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const ij = i * n + j;
      const ji = j * n + i;
      const half = 0.5 * sampler.poisson(draws[ij]!);
      weights[ij] = sampler.poisson(decisive[ij]!) + half;
      weights[ji] = sampler.poisson(decisive[ji]!) + half;
    }
  }
  const result = solver.solve(weights, options.theta, factor ?? undefined);
  anchorRatings(result.theta, options.anchor, out);
  return result.converged;
}

export function bootstrapRatings(counts: PairCounts, options: BootstrapOptions): BootstrapIntervals {
  const n = counts.models.length;
  const rounds = Math.max(0, Math.floor(options.rounds));
  const lower = new Float64Array(n).fill(NaN);
  const upper = new Float64Array(n).fill(NaN);
  if (n === 0 || rounds === 0) return { lower, upper, unconverged: 0 };
  const solver = new BradleyTerrySolver(n, options.solver);
  const factor = solver.hessianFactor(winWeights(counts), options.theta);
  const weights = new Float64Array(n * n);
  const samples = new Float64Array(rounds * n); // round-major
  let unconverged = 0;
  for (let r = 0; r < rounds; r++) {
    if (!bootstrapRound(counts, r, options, solver, factor, weights, samples.subarray(r * n, (r + 1) * n))) unconverged++;
  }
  const column = new Float64Array(rounds);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < rounds; r++) column[r] = samples[r * n + i]!;
    column.sort();
    lower[i] = percentile(column, 0.025);
    upper[i] = percentile(column, 0.975);
  }
  return { lower, upper, unconverged };
}
