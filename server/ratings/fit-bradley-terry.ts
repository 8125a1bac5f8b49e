import { BradleyTerrySolver, type SolverOptions } from './bradley-terry-solver.ts';
import { anchorRatings, resolveAnchor, type RatingAnchor } from './anchor-ratings.ts';
import { winWeights, type PairCounts } from './pair-counts.ts';

/** Defaults: no prior (plain maximum likelihood), 1e-6 rating points, 100 iterations. */
export const DEFAULT_SOLVER_OPTIONS: SolverOptions = { priorStrength: 0, tolerance: 1e-6, maxIterations: 100 };

export interface BradleyTerryOptions extends Partial<SolverOptions> {
  /** Default: the mean over all models is 1000. */
  anchor?: RatingAnchor;
}

export interface BradleyTerryFit {
  models: readonly string[];
  /** Ratings anchored as `options.anchor` says, by model index. */
  ratings: Float64Array;
  /** Natural-unit strengths as fitted (centred per component); the leaderboard anchors these itself. */
  theta: Float64Array;
  /** ℓ at theta: the maximum of the log-likelihood (its supremum, for separated data). */
  logLikelihood: number;
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

/**
 * Bradley–Terry ratings from a count table, on LMArena's scale:
 *   P(A beats B) = 1 / (1 + 10^((R_B − R_A) / 400))
 * fitted by maximum likelihood on the win weights w_ij = decisive_ij +
 * draws_ij / 2 (a tie or both_bad is half a win each way), by the solver of
 * bradley-terry-solver.ts, then anchored (anchor-ratings.ts).
 *
 * There is no prior by default, so a model whose votes are all wins (or all
 * losses) has no finite maximum: its θ here is a far-away artefact of where
 * the iteration stopped (see the solver). Callers decide from the graph of
 * wins which ratings are finite (beat-graph.ts); the leaderboard shows the
 * others as open bounds. No models → empty result.
 */
export function fitBradleyTerry(counts: PairCounts, options: BradleyTerryOptions = {}): BradleyTerryFit {
  const n = counts.models.length;
  const anchor = resolveAnchor(counts.models, options.anchor);
  const solver = new BradleyTerrySolver(n, solverOptions(options));
  const weights = winWeights(counts);
  const solution = solver.solve(weights);
  const theta = Float64Array.from(solution.theta);
  const { iterations, converged } = solution;
  return {
    models: counts.models,
    ratings: anchorRatings(theta, anchor),
    theta,
    logLikelihood: solver.logLikelihood(theta),
    iterations,
    converged,
  };
}
