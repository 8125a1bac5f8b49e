import { anchorRatings } from './anchor-ratings.ts';
import { BeatGraph } from './beat-graph.ts';
import { BradleyTerrySolver } from './bradley-terry-solver.ts';
import { chooseAnchor } from './choose-anchor.ts';
import { solverOptions } from './fit-bradley-terry.ts';
import { deriveSeed } from './mulberry32.ts';
import { winWeights, type PairCounts } from './pair-counts.ts';
import { percentile } from './percentile.ts';
import { PoissonSampler } from './poisson-sampler.ts';
import type { RatingVote } from './rating-vote.ts';

export interface WeightedFitOptions {
  rounds?: number;
  seed?: number;
  /** Effective votes (Kish) below which a model is provisional: no interval, held in the bootstrap (default 20). */
  provisionalVotes?: number;
  /** Rating of the anchor (the mean of the established models of its group), default 1000. */
  anchorValue?: number;
}

export interface WeightedModelRating {
  model: string;
  /** Null outside the anchor's group of the weighted graph of wins (an open bound). */
  rating: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  /** Kish effective votes of the model's battles. */
  effectiveVotes: number;
  provisional: boolean;
}

export interface WeightedBoard {
  /** Highest rating first; unrated models last. */
  models: WeightedModelRating[];
  /** Kish effective votes of all weighted battles. */
  effectiveVotes: number;
  anchor: string[];
  converged: boolean;
}

/**
 * Bradley–Terry on weighted votes ("boards by meaning", with weights from
 * weighted-votes-by-similarity.ts), with intervals.
 *
 * Estimate: maximum likelihood with each vote's log-likelihood term
 * multiplied by its weight w_k, i.e. the plain solver
 * (bradley-terry-solver.ts) on weighted counts
 *   W_ij = Σ_{k: i beat j} w_k + ½ Σ_{k: i and j drew} w_k.
 * Scaling every weight by c scales ℓ by c and leaves the estimate alone,
 * which is why relative weights suffice.
 *
 * Intervals: a weighted Poisson bootstrap. Each vote gets a Poisson(1)
 * multiplier, so a cell's resampled weight is Σ_k w_k P_k, with mean
 * S = Σ w_k and variance Q = Σ w_k². Drawing one value per cell keeps a
 * round O(pairs) whatever the number of votes, as bootstrap-ratings.ts
 * does: c·Poisson(λ) with c = Q/S, λ = S²/Q (the cell's own Kish size)
 * has exactly that mean and variance, and is exactly Σ w_k P_k when the
 * cell's weights are equal — so with all weights equal this is, draw for
 * draw, the plain bootstrap (tested). Unlike refitting the plain bootstrap on
 * Σw as counts, it sees that 1,000 votes at weight 0.01 hold less evidence
 * than 10 votes at weight 1.
 *
 * Which ratings are finite, the anchor and provisional models follow the
 * plain board (compute-leaderboard-ratings.ts, choose-anchor.ts) with the
 * model's Kish effective votes in place of its vote count, and provisional
 * models held at their estimates in the bootstrap, with no interval.
 */
export function fitWeightedBradleyTerry(
  votes: readonly Pick<RatingVote, 'modelA' | 'modelB' | 'choice'>[],
  weights: ArrayLike<number>,
  options: WeightedFitOptions = {},
): WeightedBoard {
  const rounds = Math.max(0, Math.floor(options.rounds ?? 1000));
  const seed = options.seed ?? 42;
  const provisionalVotes = options.provisionalVotes ?? 20;
  const { counts, squares, perModel, effectiveVotes } = weightedCounts(votes, weights);
  const n = counts.models.length;
  const graph = new BeatGraph(counts);
  const components = graph.strongComponents();
  const established = Uint8Array.from(perModel, (v) => (v >= provisionalVotes ? 1 : 0));
  const anchor = chooseAnchor({
    models: counts.models,
    votes: perModel,
    established,
    components,
    requested: { value: options.anchorValue ?? 1000 },
  });
  if (anchor === null) return { models: [], effectiveVotes, anchor: [], converged: true };
  const inGroup = Uint8Array.from(components, (c) => (c === anchor.component ? 1 : 0));
  const solver = new BradleyTerrySolver(n, solverOptions());
  const full = winWeights(counts);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (!inGroup[i] || !inGroup[j]) full[i * n + j] = 0;
  const fit = solver.solve(full);
  const theta = Float64Array.from(fit.theta);
  const ratings = anchorRatings(theta, anchor);
  const free = Uint8Array.from(inGroup, (g, i) => (g && established[i] && anchor.established ? 1 : 0));
  const held = Uint8Array.from(inGroup, (g, i) => (g && !free[i] ? 1 : 0));
  const lower = new Float64Array(n).fill(NaN);
  const upper = new Float64Array(n).fill(NaN);
  let unconverged = 0;
  if (rounds > 0 && free.some((f) => f === 1)) {
    const factor = solver.hessianFactor(full, theta, held);
    const resampled = new Float64Array(n * n);
    const samples = new Float64Array(rounds * n);
    for (let r = 0; r < rounds; r++) {
      resample(counts, squares, inGroup, new PoissonSampler(deriveSeed(seed, r)), resampled);
      const result = solver.solve(resampled, { start: theta, factor, held });
      if (!result.converged) unconverged++;
      anchorRatings(result.theta, anchor, samples.subarray(r * n, (r + 1) * n));
    }
    const column = new Float64Array(rounds);
    for (let i = 0; i < n; i++) {
      if (!free[i]) continue;
      for (let r = 0; r < rounds; r++) column[r] = samples[r * n + i]!;
      column.sort();
      lower[i] = percentile(column, 0.025);
      upper[i] = percentile(column, 0.975);
    }
  }
  const rows: WeightedModelRating[] = counts.models.map((model, i) => ({
    model,
    rating: inGroup[i] ? ratings[i]! : null,
    ciLower: free[i] ? lower[i]! : null,
    ciUpper: free[i] ? upper[i]! : null,
    effectiveVotes: perModel[i]!,
    provisional: !free[i],
  }));
  rows.sort((x, y) => (y.rating ?? -Infinity) - (x.rating ?? -Infinity) || (x.model < y.model ? -1 : 1));
  return {
    models: rows,
    effectiveVotes,
    anchor: anchor.members.map((i) => counts.models[i]!),
    converged: fit.converged && unconverged === 0,
  };
}

/** Weighted counts (Σw) and their squares (Σw²) per ordered pair, models sorted by name; Kish sizes per model and overall. */
function weightedCounts(votes: readonly Pick<RatingVote, 'modelA' | 'modelB' | 'choice'>[], weights: ArrayLike<number>) {
  const names = new Set<string>();
  votes.forEach((v, k) => {
    if (weights[k]! > 0 && v.modelA !== v.modelB) names.add(v.modelA).add(v.modelB);
  });
  const models = [...names].sort();
  const index = new Map(models.map((m, i) => [m, i]));
  const n = models.length;
  const counts: PairCounts = { models, decisive: new Float64Array(n * n), draws: new Float64Array(n * n) };
  const squares: PairCounts = { models, decisive: new Float64Array(n * n), draws: new Float64Array(n * n) };
  const sum = new Float64Array(n);
  const sumSquares = new Float64Array(n);
  let total = 0;
  let totalSquares = 0;
  votes.forEach((v, k) => {
    const w = weights[k]!;
    if (!(w > 0) || v.modelA === v.modelB) return;
    const a = index.get(v.modelA)!;
    const b = index.get(v.modelB)!;
    if (v.choice === 'a' || v.choice === 'b') {
      const cell = v.choice === 'a' ? a * n + b : b * n + a;
      counts.decisive[cell]! += w;
      squares.decisive[cell]! += w * w;
    } else {
      for (const cell of [a * n + b, b * n + a]) {
        counts.draws[cell]! += w;
        squares.draws[cell]! += w * w;
      }
    }
    for (const i of [a, b]) {
      sum[i]! += w;
      sumSquares[i]! += w * w;
    }
    total += w;
    totalSquares += w * w;
  });
  const perModel = Float64Array.from(sum, (s, i) => (sumSquares[i]! > 0 ? (s * s) / sumSquares[i]! : 0));
  return { counts, squares, perModel, effectiveVotes: totalSquares > 0 ? (total * total) / totalSquares : 0 };
}

/** One round: each cell's weight drawn as c·Poisson(λ), c = Q/S, λ = S²/Q (see above), in bootstrap-ratings.ts's order. */
function resample(counts: PairCounts, squares: PairCounts, kept: Uint8Array, sampler: PoissonSampler, out: Float64Array): void {
  const n = counts.models.length;
  const draw = (s: number, q: number) => (s > 0 && q > 0 ? (q / s) * sampler.poisson((s * s) / q) : 0);
  out.fill(0);
  for (let i = 0; i < n; i++) {
    if (!kept[i]) continue;
    for (let j = i + 1; j < n; j++) {
      if (!kept[j]) continue;
      const ij = i * n + j;
      const ji = j * n + i;
      const half = 0.5 * draw(counts.draws[ij]!, squares.draws[ij]!);
      out[ij] = draw(counts.decisive[ij]!, squares.decisive[ij]!) + half;
      out[ji] = draw(counts.decisive[ji]!, squares.decisive[ji]!) + half;
    }
  }
}
