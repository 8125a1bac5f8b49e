import { BradleyTerrySolver, type SolverOptions } from './bradley-terry-solver.ts';
import { anchorRatings, resolveAnchor, type RatingAnchor } from './anchor-ratings.ts';
import { winWeights, type PairCounts } from './pair-counts.ts';

/**
 * Bradley–Terry ratings from a count table, on LMArena's scale:
 *   P(A beats B) = 1 / (1 + 10^((R_B − R_A) / 400))
 * fitted by maximum likelihood on the win weights w_ij = decisive_ij +
 * draws_ij / 2 (a tie or both_bad is half a win each way), with a weak
 * Gaussian prior on the ratings (priorStrength λ, see bradley-terry-solver.ts),
 * then anchored (anchor-ratings.ts: mean 1000 by default).
 *
 * Options (defaults): priorStrength 0.01 (0 = plain MLE), tolerance 1e-6
 * rating points (largest change in the last Newton step), maxIterations 100.
 * No models → empty result.
 */
export const DEFAULT_SOLVER_OPTIONS: SolverOptions = { priorStrength: 0.01, tolerance: 1e-6, maxIterations: 100 };

export interface BradleyTerryOptions extends Partial<SolverOptions> {
  anchor?: RatingAnchor;
}

export interface BradleyTerryFit {
  models: readonly string[];
  /** Anchored ratings, by model index. */
  ratings: Float64Array;
  /** Natural-unit strengths as fitted (centred per component); bootstrap warm starts from these. */
  theta: Float64Array;
  iterations: number;
  converged: boolean;
}

export function solverOptions(options: Partial<SolverOptions> = {}): SolverOptions {
  return {
    priorStrength: options.priorStrength ?? DEFAULT_SOLVER_OPTIONS.priorStrength,
    tolerance: options.tolerance ?? DEFAULT_SOLVER_OPTIONS.tolerance,
    maxIterations: options.maxIterations ?? DEFAULT_SOLVER_OPTIONS.maxIterations,
  };
}

export function fitBradleyTerry(counts: PairCounts, options: BradleyTerryOptions = {}): BradleyTerryFit {
  const n = counts.models.length;
  const anchor = resolveAnchor(counts.models, options.anchor);
  const solver = new BradleyTerrySolver(n, solverOptions(options));
  const solution = solver.solve(winWeights(counts));
  const theta = Float64Array.from(solution.theta);
  const { iterations, converged } = solution;
  return { models: counts.models, ratings: anchorRatings(theta, anchor), theta, iterations, converged };
}
