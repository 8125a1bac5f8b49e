/** Median of a non-empty list (NaN for an empty one). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The norm of a sample for robust z-scores: its median, and its spread as
 * 1.4826 × the median absolute deviation (the standard deviation, for normal
 * data, that a few extreme values cannot inflate).
 */
export function robustNorm(xs: readonly number[]): { center: number; spread: number } {
  const center = median(xs);
  return { center, spread: 1.4826 * median(xs.map((x) => Math.abs(x - center))) };
}
