import { DEFAULT_ANCHOR, type RatingAnchor } from './anchor-ratings.ts';
import { BeatGraph } from './beat-graph.ts';
import { bootstrapControlled, type ControlledBootstrapOptions } from './bootstrap-controlled.ts';
import { chooseAnchor } from './choose-anchor.ts';
import { DEFAULT_PROVISIONAL_VOTES } from './compute-leaderboard-ratings.ts';
import { rowCount, type ControlledBattles } from './controlled-battles.ts';
import { fitControlledBradleyTerry } from './fit-controlled-bradley-terry.ts';
import { controlledPairCounts } from './controlled-pair-counts.ts';

export interface ControlledRatingsOptions extends Omit<ControlledBootstrapOptions, 'free' | 'held'> {
  provisionalVotes?: number;
  anchor?: RatingAnchor;
}

export interface ControlledModelRating {
  model: string;
  /** Rating with the covariates held equal; null outside the anchor's group (no finite estimate). */
  rating: number | null;
  /** Bootstrap 95% interval, established models only; null otherwise. */
  ciLower: number | null;
  ciUpper: number | null;
  provisional: boolean;
  /** Battles of this model in the controlled fit. */
  votes: number;
}

export interface ControlledCoefficient {
  name: string;
  /** Rating points per `scale` of the covariate in A's favour; 0 when it never varied. */
  value: number;
  ciLower: number | null;
  ciUpper: number | null;
  /** RMS of the covariate over the battles (fit-controlled-bradley-terry.ts). */
  scale: number;
}

export interface ControlledRatings {
  /** In the order of data.models. */
  models: ControlledModelRating[];
  coefficients: ControlledCoefficient[];
  anchor: { model: string | null; value: number; models: string[] };
  /** Rows fitted (battles inside the anchor's group). */
  battles: number;
  /** How the intervals were resampled (bootstrap-controlled.ts). */
  subsets: number;
  subsetRows: number;
  converged: boolean;
}

/**
 * A covariate-controlled board (style or speed control) with the plain
 * board's conventions (compute-leaderboard-ratings.ts):
 * - a model is provisional below provisionalVotes battles in this fit, or
 *   outside the anchor's strong component of the graph of wins
 *   (beat-graph.ts);
 * - the anchor is chosen as the plain board chooses it (choose-anchor.ts):
 *   the pinned model if established, else the mean of the established
 *   models of one strong component;
 * - only battles between models of that component are fitted: inside it
 *   every rating is finite, outside it a rating is an open bound, which the
 *   plain board already shows; here such models get rating null;
 * - established models of the group get bootstrap intervals
 *   (bootstrap-controlled.ts), provisional ones of the group a point
 *   estimate and no interval (they are held at it in the bootstrap; their
 *   profile-likelihood interval on the plain board is the one to read).
 * No battles → no models.
 */
export function controlledRatings(data: ControlledBattles, options: ControlledRatingsOptions = {}): ControlledRatings {
  const n = data.models.length;
  const provisionalVotes = Math.max(0, options.provisionalVotes ?? DEFAULT_PROVISIONAL_VOTES);
  const requested = options.anchor ?? DEFAULT_ANCHOR;
  const counts = controlledPairCounts(data);
  const votes = new Float64Array(n);
  for (let k = 0; k < rowCount(data); k++) {
    votes[data.a[k]!]!++;
    votes[data.b[k]!]!++;
  }
  const graph = new BeatGraph(counts);
  const components = graph.strongComponents();
  const established = Uint8Array.from(votes, (v) => (v >= provisionalVotes ? 1 : 0));
  const anchor = chooseAnchor({ models: data.models, votes, established, components, requested });
  if (anchor === null) {
    return {
      models: [],
      coefficients: data.covariateNames.map((name) => ({ name, value: 0, ciLower: null, ciUpper: null, scale: 0 })),
      anchor: { model: null, value: requested.value, models: [] },
      battles: 0,
      subsets: 0,
      subsetRows: 0,
      converged: true,
    };
  }
  const inGroup = Uint8Array.from(components, (c) => (c === anchor.component ? 1 : 0));
  const group = restrictRows(data, inGroup);
  const fit = fitControlledBradleyTerry(group, { anchor });
  const free = Uint8Array.from(inGroup, (g, i) => (g && established[i] && anchor.established ? 1 : 0));
  const held = Uint8Array.from(inGroup, (g, i) => (g && !free[i] ? 1 : 0));
  const intervals = bootstrapControlled(fit, { ...options, free, held });
  return {
    models: data.models.map((model, i) => ({
      model,
      rating: inGroup[i] ? fit.ratings[i]! : null,
      ciLower: free[i] ? intervals.lower[i]! : null,
      ciUpper: free[i] ? intervals.upper[i]! : null,
      provisional: !free[i],
      votes: votes[i]!,
    })),
    coefficients: data.covariateNames.map((name, j) => ({
      name,
      value: fit.coefficients[j]!,
      ciLower: Number.isNaN(intervals.coefficientLower[j]) ? null : intervals.coefficientLower[j]!,
      ciUpper: Number.isNaN(intervals.coefficientUpper[j]) ? null : intervals.coefficientUpper[j]!,
      scale: fit.scales[j]!,
    })),
    anchor: { model: anchor.pinned, value: anchor.value, models: anchor.members.map((i) => data.models[i]!) },
    battles: rowCount(group),
    subsets: intervals.subsets,
    subsetRows: intervals.subsetRows,
    converged: fit.converged && intervals.unconverged === 0,
  };
}

function restrictRows(data: ControlledBattles, keep: Uint8Array): ControlledBattles {
  const p = data.covariateNames.length;
  const rows: number[] = [];
  for (let k = 0; k < rowCount(data); k++) if (keep[data.a[k]!] && keep[data.b[k]!]) rows.push(k);
  if (rows.length === rowCount(data)) return data;
  const covariates = new Float64Array(rows.length * p);
  rows.forEach((k, idx) => covariates.set(data.covariates.subarray(k * p, (k + 1) * p), idx * p));
  return {
    models: data.models,
    covariateNames: data.covariateNames,
    a: Int32Array.from(rows, (k) => data.a[k]!),
    b: Int32Array.from(rows, (k) => data.b[k]!),
    score: Float64Array.from(rows, (k) => data.score[k]!),
    covariates,
  };
}
