import { NATS_TO_RATING } from './bradley-terry-solver.ts';

/** The anchor as configured: pin `model` to `value`, or (no model) put the mean of the anchor set at `value`. */
export interface RatingAnchor {
  model?: string;
  value: number;
}

export const DEFAULT_ANCHOR: RatingAnchor = { value: 1000 };

/**
 * The anchor in model indices: the ratings of `members` average `value`
 * (one member: that model is pinned to `value`).
 */
export interface AnchorSet {
  members: readonly number[];
  value: number;
}

/**
 * Placing ratings on the LMArena scale. Bradley–Terry only identifies rating
 * differences, so the absolute level is a convention, the anchor:
 *   rating_i = (θ_i − mean_{k ∈ members} θ_k) · 400 / ln 10 + value
 * where 400 / ln 10 turns natural units into the base-10, scale-400 convention
 * (P(A beats B) = 1 / (1 + 10^((R_B − R_A) / 400))). A rating is therefore a
 * contrast c·θ with c = e_i − (1/|members|)·1_members (anchorContrast), and
 * its interval is an interval for that contrast: how model i compares with
 * the anchor models, whose own uncertainty is part of it. Which models are the
 * anchor is chosen in choose-anchor.ts (the established models, by default).
 */
export function anchorRatings(theta: Float64Array, anchor: AnchorSet, out: Float64Array = new Float64Array(theta.length)): Float64Array {
  const reference = anchorMean(theta, anchor);
  for (let i = 0; i < theta.length; i++) out[i] = (theta[i]! - reference) * NATS_TO_RATING + anchor.value;
  return out;
}

export function anchorMean(theta: ArrayLike<number>, anchor: AnchorSet): number {
  let sum = 0;
  for (const k of anchor.members) sum += theta[k]!;
  return anchor.members.length > 0 ? sum / anchor.members.length : 0;
}

/** c with c·θ = θ_i − mean of the anchor members (0 for an anchor member pinned alone). */
export function anchorContrast(n: number, anchor: AnchorSet, i: number): Float64Array {
  const c = new Float64Array(n);
  for (const k of anchor.members) c[k]! -= 1 / anchor.members.length;
  c[i]! += 1;
  return c;
}

/** The configured anchor over all models of a table: a pinned model's index, or every index; throws for an unknown model. */
export function resolveAnchor(models: readonly string[], anchor: RatingAnchor = DEFAULT_ANCHOR): AnchorSet {
  if (anchor.model === undefined) return { members: models.map((_, i) => i), value: anchor.value };
  const index = models.indexOf(anchor.model);
  if (index < 0) throw new RangeError(`anchor model "${anchor.model}" has no votes`);
  return { members: [index], value: anchor.value };
}
