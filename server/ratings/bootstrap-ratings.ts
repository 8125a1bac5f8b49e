import { BradleyTerrySolver, type SolverOptions } from './bradley-terry-solver.ts';
import { anchorRatings, type AnchorSet } from './anchor-ratings.ts';
import { deriveSeed } from './mulberry32.ts';
import { PoissonSampler } from './poisson-sampler.ts';
import { percentile } from './percentile.ts';
import { winWeights, type PairCounts } from './pair-counts.ts';

export interface BootstrapOptions {
  rounds: number;
  seed: number;
  solver: SolverOptions;
  anchor: AnchorSet;
  /** Full-data natural-unit optimum to start from (fit-bradley-terry.ts); held models stay here. */
  theta: Float64Array;
  /** 1 = refitted in every round and given an interval. Default: every model. */
  free?: Uint8Array;
  /** 1 = kept at theta; its battles with free models are still resampled. Models neither free nor held are left out. */
  held?: Uint8Array;
}

export interface BootstrapIntervals {
  /** NaN for models that are not free. */
  lower: Float64Array;
  upper: Float64Array;
  /** Rounds whose refit hit maxIterations (still used; normally 0). */
  unconverged: number;
}

/**
 * 95% confidence intervals by a Poisson bootstrap on the count table, for the
 * well-identified (established) models; profile-bound.ts covers the rest.
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
 * Why only for established models: a bootstrap can only show the spread the
 * resamples have, and a resample of 2 ties is 2 ties; a model with few or
 * one-sided votes gets a collapsed interval. So the provisional models of the
 * anchor's group are held at their full-data values (their votes against the
 * free models still resampled: conditioning on them costs little, as they
 * hold few votes), and models outside the group are left out (their votes
 * are one-sided against it, and add nothing to its likelihood at the maximum).
 * Unlike the profile likelihood, the bootstrap sees how votes really vary: a
 * tie is less variable than the half-win-each-way likelihood assumes, so
 * with many ties the profile interval is wider than it needs to be.
 *
 * Round r draws from its own stream, seeded deriveSeed(seed, r), so a result
 * depends only on (counts, rounds, seed, options). Every round warm-starts
 * from the full-data optimum and reuses its Hessian factor (chord steps, see
 * bradley-terry-solver.ts): with tens of votes per pair or more, rounds need
 * no O(n³) work at all (sparser data falls back to Newton steps).
 */
export function bootstrapRatings(counts: PairCounts, options: BootstrapOptions): BootstrapIntervals {
  const n = counts.models.length;
  const rounds = Math.max(0, Math.floor(options.rounds));
  const lower = new Float64Array(n).fill(NaN);
  const upper = new Float64Array(n).fill(NaN);
  if (n === 0 || rounds === 0) return { lower, upper, unconverged: 0 };
  const free = options.free ?? new Uint8Array(n).fill(1);
  const held = options.held ?? new Uint8Array(n);
  const kept = free.map((f, i) => (f || held[i] ? 1 : 0));
  const solver = new BradleyTerrySolver(n, options.solver);
  const full = winWeights(counts);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (!kept[i] || !kept[j]) full[i * n + j] = 0;
  const factor = solver.hessianFactor(full, options.theta, held);
  const weights = new Float64Array(n * n);
  const samples = new Float64Array(rounds * n); // round-major
  let unconverged = 0;
  for (let r = 0; r < rounds; r++) {
    resample(counts, kept, new PoissonSampler(deriveSeed(options.seed, r)), weights);
    const result = solver.solve(weights, { start: options.theta, factor, held });
    anchorRatings(result.theta, options.anchor, samples.subarray(r * n, (r + 1) * n));
    if (!result.converged) unconverged++;
  }
  const column = new Float64Array(rounds);
  for (let i = 0; i < n; i++) {
    if (!free[i]) continue;
    for (let r = 0; r < rounds; r++) column[r] = samples[r * n + i]!;
    column.sort();
    lower[i] = percentile(column, 0.025);
    upper[i] = percentile(column, 0.975);
  }
  return { lower, upper, unconverged };
}

/** One round's resampled win weights over the kept models, written into `weights`. */
function resample(counts: PairCounts, kept: Uint8Array, sampler: PoissonSampler, weights: Float64Array): void {
  const n = counts.models.length;
  const { decisive, draws } = counts;
  weights.fill(0);
  for (let i = 0; i < n; i++) {
    if (!kept[i]) continue;
    for (let j = i + 1; j < n; j++) {
      if (!kept[j]) continue;
      const ij = i * n + j;
      const ji = j * n + i;
      const half = 0.5 * sampler.poisson(draws[ij]!);
      weights[ij] = sampler.poisson(decisive[ij]!) + half;
      weights[ji] = sampler.poisson(decisive[ji]!) + half;
    }
  }
}
