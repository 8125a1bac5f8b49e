import type { VoteChoice } from '../../shared/protocol.ts';
import { NATS_TO_RATING } from '../../server/ratings/bradley-terry-solver.ts';
import { controlledBattles, type ControlledBattle, type ControlledBattles } from '../../server/ratings/controlled-battles.ts';
import { Mulberry32 } from '../../server/ratings/mulberry32.ts';
import { ZigguratNormal } from '../../server/ratings/ziggurat-normal.ts';

/** One synthetic model: its true rating and how its answers look. */
export interface SyntheticModel {
  name: string;
  rating: number;
  /** Per-answer draw of whatever the covariates are computed from. */
  answer: (normal: () => number, uniform: () => number) => Record<string, number>;
}

/**
 * Battles from known truth: a uniform random pair and side order, then
 *   logit P(A wins) = (R_A − R_B)/(400/ln 10) + Σ_j effect_j · z_j
 * where z = truthCovariates(answer A, answer B) — by default the same
 * covariate function the fit uses — and effect_j is the true coefficient per
 * unit of z_j. The fit sees covariates(…), which may be null (a figure was
 * not measured) while the outcome still followed the real difference.
 * A draw happens with probability min(drawShare, 2·min(p, 1−p)) and A wins
 * otherwise with (p − t/2)/(1 − t), so A's expected score is exactly p
 * (test/ratings/helpers.ts).
 */
export function syntheticControlled(
  models: readonly SyntheticModel[],
  count: number,
  seed: number,
  covariateNames: readonly string[],
  covariates: (a: Record<string, number>, b: Record<string, number>) => number[] | null,
  effects: readonly number[],
  drawShare = 0.2,
  truthCovariates: (a: Record<string, number>, b: Record<string, number>) => number[] = (a, b) => covariates(a, b)!,
): { data: ControlledBattles; dropped: number } {
  const rng = new Mulberry32(seed);
  const gaussian = new ZigguratNormal(rng);
  const normal = () => gaussian.next();
  const uniform = () => rng.uniform();
  const battles: ControlledBattle[] = [];
  for (let v = 0; v < count; v++) {
    const i = Math.floor(uniform() * models.length);
    let j = Math.floor(uniform() * (models.length - 1));
    if (j >= i) j++;
    const A = models[i]!;
    const B = models[j]!;
    const answerA = A.answer(normal, uniform);
    const answerB = B.answer(normal, uniform);
    const z = covariates(answerA, answerB);
    const real = truthCovariates(answerA, answerB);
    let eta = (A.rating - B.rating) / NATS_TO_RATING;
    effects.forEach((e, c) => (eta += e * real[c]!));
    const p = 1 / (1 + Math.exp(-eta));
    const t = Math.min(drawShare, 2 * Math.min(p, 1 - p));
    const u = uniform();
    const choice: VoteChoice = u < t ? (u < t / 2 ? 'tie' : 'both_bad') : uniform() < (p - t / 2) / (1 - t) ? 'a' : 'b';
    battles.push({ modelA: A.name, modelB: B.name, choice, covariates: z });
  }
  return controlledBattles(battles, covariateNames);
}

/** True ratings relative to the mean of `members` (the anchor the board uses), at 1000. */
export function anchoredTruth(models: readonly SyntheticModel[], members: readonly string[]): Map<string, number> {
  const mean = members.reduce((s, name) => s + models.find((m) => m.name === name)!.rating, 0) / members.length;
  return new Map(models.map((m) => [m.name, m.rating - mean + 1000]));
}
