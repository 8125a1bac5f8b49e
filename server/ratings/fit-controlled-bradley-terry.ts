import { NATS_TO_RATING } from './bradley-terry-solver.ts';
import { anchorRatings, type AnchorSet } from './anchor-ratings.ts';
import { rowCount, type ControlledBattles } from './controlled-battles.ts';
import { ControlledSolver, type ControlledRows } from './controlled-solver.ts';

export interface ControlledFitOptions {
  /** Which models the ratings are relative to (choose-anchor.ts); default: the mean of all models is 1000. */
  anchor?: AnchorSet;
  /** 1 = θ_i held at start[i] (provisional models in bootstrap rounds); needs start. */
  held?: Uint8Array;
  start?: Float64Array;
  /** Rating points (default 1e-4). */
  tolerance?: number;
  maxIterations?: number;
}

export interface ControlledFit {
  models: readonly string[];
  covariateNames: readonly string[];
  /**
   * Root mean square of each raw covariate over the rows: the unit its
   * coefficient is given in. 0 = the covariate never varies (its coefficient
   * is 0 and it takes no part in the fit).
   */
  scales: Float64Array;
  /** Anchored ratings with the covariates held equal (both answers alike), by model index. */
  ratings: Float64Array;
  /**
   * Per covariate, rating points per scale unit: how much one RMS of that
   * difference in A's favour moves A's log-odds of winning, written as the
   * rating gap that would move them as much.
   */
  coefficients: Float64Array;
  /** Natural units as fitted: θ (n) then β (p, per scale unit; 0 for unused covariates). */
  theta: Float64Array;
  beta: Float64Array;
  anchor: AnchorSet;
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  /** Rows with covariates divided by scales, unused covariates dropped: what the bootstrap resamples. */
  rows: ControlledRows;
  /** Indices of the covariates used, in `rows.x` column order. */
  used: number[];
}

/**
 * Bradley–Terry with covariates ("style control", "speed control"):
 *   logit P(A beats B) = θ_A − θ_B + Σ_j β_j · z_j / s_j
 * fitted by maximum likelihood (controlled-solver.ts), z_j the j-th
 * covariate of the battle (a normalised difference between the two answers,
 * style-covariates.ts, speed-covariates.ts), s_j its root mean square over
 * the battles. θ is then each model's strength when the covariates are
 * equal — when neither answer is longer, more formatted or faster — and is
 * anchored like the plain ratings (anchor-ratings.ts): rating_i =
 * (θ_i − mean θ over the anchor models) · 400/ln 10 + value.
 *
 * This is LMArena's style control (a logistic regression on the model
 * indicators plus standardised style features), with one change: LMArena
 * standardises each feature as (z − mean)/sd; here it is z/RMS, with no
 * centring. A difference between A and B is antisymmetric — swapping the
 * sides negates it — and its natural zero is "both alike"; subtracting the
 * mean would add the constant −β·mean/sd to every battle, a side-A bonus that
 * the model has no term for, and the fit would then depend on which model
 * was drawn on side A. With random sides the mean is near 0 and the two
 * agree. Dividing by a scale only rescales β, so the ratings are the same
 * either way; the scale makes coefficients comparable across covariates.
 *
 * No models or rows → empty ratings. Separation (a model that never lost)
 * has no finite maximum here either; callers fit the anchor's strong
 * component (controlled-ratings.ts), as the plain board does.
 */
export function fitControlledBradleyTerry(data: ControlledBattles, options: ControlledFitOptions = {}): ControlledFit {
  const n = data.models.length;
  const p = data.covariateNames.length;
  const { rows, scales, used } = scaledRows(data);
  const anchor = options.anchor ?? { members: data.models.map((_, i) => i), value: 1000 };
  const solver = new ControlledSolver(n, used.length);
  const start = new Float64Array(n + used.length);
  if (options.start) start.set(options.start.subarray(0, n));
  else if (rows.a.length >= 4 * WARM_START_ROWS) start.set(warmStart(rows, n, used.length, options.held));
  const result = solver.solve(rows, null, {
    start,
    held: options.held,
    tolerance: options.tolerance ?? 1e-4,
    maxIterations: options.maxIterations ?? 100,
  });
  const phi = Float64Array.from(result.phi);
  const theta = phi.slice(0, n);
  const beta = new Float64Array(p);
  used.forEach((j, c) => (beta[j] = phi[n + c]!));
  return {
    models: data.models,
    covariateNames: data.covariateNames,
    scales,
    ratings: anchorRatings(theta, anchor),
    coefficients: beta.map((v) => v * NATS_TO_RATING),
    theta,
    beta,
    anchor,
    logLikelihood: solver.logLikelihood(rows, null, phi),
    iterations: result.iterations,
    converged: result.converged,
    rows,
    used,
  };
}

/** Above 4× this many rows, Newton starts from a fit of every k-th row (k = ⌊rows / this⌋). */
export const WARM_START_ROWS = 50_000;

/**
 * A starting point for a big fit: the optimum over an evenly strided
 * subsample, a few Newton steps on few rows, so that the full data need two
 * or three passes instead of five or six (each full pass is O(rows·p²)).
 * The start only saves time: the fit converges to the full-data optimum
 * from anywhere (ℓ is concave).
 */
function warmStart(rows: ControlledRows, n: number, q: number, held: Uint8Array | undefined): Float64Array {
  const stride = Math.floor(rows.a.length / WARM_START_ROWS);
  const count = Math.floor(rows.a.length / stride);
  const x = new Float64Array(count * q);
  for (let s = 0; s < count; s++) x.set(rows.x.subarray(s * stride * q, (s * stride + 1) * q), s * q);
  const sample: ControlledRows = {
    a: Int32Array.from({ length: count }, (_, s) => rows.a[s * stride]!),
    b: Int32Array.from({ length: count }, (_, s) => rows.b[s * stride]!),
    score: Float64Array.from({ length: count }, (_, s) => rows.score[s * stride]!),
    x,
  };
  const result = new ControlledSolver(n, q).solve(sample, null, { held, tolerance: 1, maxIterations: 20 });
  return result.converged ? Float64Array.from(result.phi) : new Float64Array(n + q);
}

/** The rows with each used covariate divided by its RMS (unused: RMS 0, dropped). */
export function scaledRows(data: ControlledBattles): { rows: ControlledRows; scales: Float64Array; used: number[] } {
  const p = data.covariateNames.length;
  const count = rowCount(data);
  const sums = new Float64Array(p);
  for (let k = 0; k < count; k++) for (let j = 0; j < p; j++) sums[j]! += data.covariates[k * p + j]! ** 2;
  const scales = sums.map((s) => (count > 0 ? Math.sqrt(s / count) : 0));
  const used = [...scales.keys()].filter((j) => scales[j]! > 0);
  const q = used.length;
  const x = new Float64Array(count * q);
  for (let k = 0; k < count; k++) for (let c = 0; c < q; c++) x[k * q + c] = data.covariates[k * p + used[c]!]! / scales[used[c]!]!;
  return { rows: { a: data.a, b: data.b, score: data.score, x }, scales, used };
}
