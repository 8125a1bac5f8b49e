import { BradleyTerrySolver, NATS_TO_RATING, type SolverOptions } from './bradley-terry-solver.ts';
import { anchorContrast, anchorMean } from './anchor-ratings.ts';
import { bootstrapRatings } from './bootstrap-ratings.ts';
import type { AnchorChoice } from './choose-anchor.ts';
import type { BradleyTerryFit } from './fit-bradley-terry.ts';
import { winWeights, type PairCounts } from './pair-counts.ts';
import { profileBound } from './profile-bound.ts';

/** How an interval was made: bootstrap (established), profile likelihood (the rest), or the pinned anchor itself. */
export type CiMethod = 'bootstrap' | 'profile' | 'anchor';

export interface IntervalInputs {
  counts: PairCounts;
  fit: BradleyTerryFit;
  anchor: AnchorChoice;
  /** 1 = established (enough votes). */
  established: Uint8Array;
  /** Strong-component label per model. */
  components: Int32Array;
  /** Per model: does the data bound the rating above / below (beat-graph.ts)? */
  boundedAbove: Uint8Array;
  boundedBelow: Uint8Array;
  rounds: number;
  seed: number;
  solver: SolverOptions;
}

export interface RatingIntervals {
  /** Rating points; null = no bound on that side. */
  lower: (number | null)[];
  upper: (number | null)[];
  method: CiMethod[];
  /** Bootstrap rounds or profile searches that did not converge. */
  failures: number;
}

/** A separated model's θ is a far-away artefact; a profile search starts it this close to the anchor (≈ 1,400 points). */
const START_WITHIN = 8;

/**
 * The 95% interval of every rated model, relative to the anchor:
 * - established models in the anchor's strong component (all rating
 *   differences among them finite): the Poisson bootstrap
 *   (bootstrap-ratings.ts), when rounds > 0;
 * - every other model (provisional, or with a one-sided record, or all of
 *   them when rounds = 0): the profile likelihood (profile-bound.ts), each
 *   bounded end searched, each open end null;
 * - a lone anchor model (pinned, or a fallback group of one): [value, value],
 *   by definition.
 * The bootstrap is kept where it is accurate and cheapest (hundreds of votes
 * per model: the big boards); the profile likelihood is where the bootstrap
 * collapses (few votes, all ties, all wins), and it costs a handful of
 * solves per bound, only for those models.
 */
export function ratingIntervals(input: IntervalInputs): RatingIntervals {
  const { counts, fit, anchor, established, components, boundedAbove, boundedBelow } = input;
  const n = counts.models.length;
  const lower: (number | null)[] = new Array<number | null>(n).fill(null);
  const upper: (number | null)[] = new Array<number | null>(n).fill(null);
  const method: CiMethod[] = new Array<CiMethod>(n).fill('profile');
  const toRating = (r: number) => r * NATS_TO_RATING + anchor.value;
  let failures = 0;

  const inGroup = Uint8Array.from(components, (c) => (c === anchor.component ? 1 : 0));
  const free = Uint8Array.from(inGroup, (g, i) => (g && established[i] && anchor.established && input.rounds > 0 ? 1 : 0));
  if (free.some((f) => f === 1)) {
    const held = Uint8Array.from(inGroup, (g, i) => (g && !free[i] ? 1 : 0));
    const boot = bootstrapRatings(counts, {
      rounds: input.rounds,
      seed: input.seed,
      solver: input.solver,
      anchor,
      theta: fit.theta,
      free,
      held,
    });
    failures += boot.unconverged;
    for (let i = 0; i < n; i++) {
      if (!free[i]) continue;
      lower[i] = boot.lower[i]!;
      upper[i] = boot.upper[i]!;
      method[i] = 'bootstrap';
    }
  }

  const problem = { solver: new BradleyTerrySolver(n, input.solver), weights: winWeights(counts), logLikelihood: fit.logLikelihood };
  const centre = anchorMean(fit.theta, anchor);
  for (let i = 0; i < n; i++) {
    if (anchor.members.length === 1 && anchor.members[0] === i) {
      lower[i] = upper[i] = anchor.value;
      method[i] = 'anchor';
      continue;
    }
    if (method[i] === 'bootstrap' || (!boundedBelow[i] && !boundedAbove[i])) continue;
    const c = anchorContrast(n, anchor, i);
    const start = Float64Array.from(fit.theta);
    start[i] = Math.min(Math.max(start[i]!, centre - START_WITHIN), centre + START_WITHIN);
    const factor = problem.solver.hessianFactor(problem.weights, start);
    for (const side of [-1, 1] as const) {
      if (!(side < 0 ? boundedBelow[i] : boundedAbove[i])) continue;
      const bound = profileBound(problem, c, start, side, factor);
      if (bound === null) failures++;
      else if (side < 0) lower[i] = toRating(bound);
      else upper[i] = toRating(bound);
    }
  }
  return { lower, upper, method, failures };
}
