import { NATS_TO_RATING } from './bradley-terry-solver.ts';

/**
 * Placing ratings on the LMArena scale. Bradley–Terry only identifies rating
 * differences, so the absolute level is a convention, the anchor:
 *   rating_i = θ_i · 400 / ln 10 + c
 * where 400 / ln 10 turns natural units into the base-10, scale-400 convention
 * (P(A beats B) = 1 / (1 + 10^((R_B − R_A) / 400))), and c is chosen so that
 *   - default: the mean rating over all models is `value` (1000), or
 *   - { model, value }: that model's rating is exactly `value` (its bootstrap
 *     interval then has zero width: everything is measured relative to it).
 * With disconnected groups the same c shifts every group (each group is
 * centred by the fit, see bradley-terry-solver.ts); comparing ratings across
 * groups is meaningless either way.
 */
export interface RatingAnchor {
  /** Pin this model; omit to anchor the mean over all models. */
  model?: string;
  value: number;
}

export const DEFAULT_ANCHOR: RatingAnchor = { value: 1000 };

/** The anchor as a model index (−1 = mean) and value; throws for an unknown model. */
export function resolveAnchor(models: readonly string[], anchor: RatingAnchor = DEFAULT_ANCHOR): { index: number; value: number } {
  if (anchor.model === undefined) return { index: -1, value: anchor.value };
  const index = models.indexOf(anchor.model);
  if (index < 0) throw new RangeError(`anchor model "${anchor.model}" has no votes`);
  return { index, value: anchor.value };
}

/** rating_i = θ_i · 400/ln 10 + c, written into `out`. */
export function anchorRatings(
  theta: Float64Array,
  anchor: { index: number; value: number },
  out: Float64Array = new Float64Array(theta.length),
): Float64Array {
  const n = theta.length;
  if (n === 0) return out;
  let reference = 0;
  if (anchor.index >= 0) reference = theta[anchor.index]!;
  else {
    for (let i = 0; i < n; i++) reference += theta[i]!;
    reference /= n;
  }
  for (let i = 0; i < n; i++) out[i] = (theta[i]! - reference) * NATS_TO_RATING + anchor.value;
  return out;
}
