/**
 * Kish's effective sample size of weighted observations,
 *   n_eff = (Σ w)² / Σ w²,
 * the number of equally weighted observations whose mean would be as
 * precise as the weighted mean (n for equal weights, 1 when one observation
 * carries all the weight). 0 without a positive weight.
 */
export function kishEffectiveSize(weights: ArrayLike<number>): number {
  let sum = 0;
  let squares = 0;
  for (let k = 0; k < weights.length; k++) {
    sum += weights[k]!;
    squares += weights[k]! ** 2;
  }
  return squares > 0 ? (sum * sum) / squares : 0;
}
