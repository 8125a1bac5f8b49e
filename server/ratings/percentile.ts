/**
 * The q-quantile (0 ≤ q ≤ 1) of ascending-sorted values, interpolating
 * linearly between order statistics at position q·(m − 1) (Hyndman–Fan type 7,
 * numpy's default), so a 2.5% bound of 1000 bootstrap rounds sits between the
 * 25th and 26th smallest values. NaN for an empty array.
 */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  const position = Math.min(Math.max(q, 0), 1) * (m - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, m - 1);
  const fraction = position - below;
  return sorted[below]! + fraction * (sorted[above]! - sorted[below]!);
}
