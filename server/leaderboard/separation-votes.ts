export interface RatedWithInterval {
  rating: number;
  ciLower: number;
  ciUpper: number;
}

/**
 * Roughly how many more votes would make two overlapping 95 % intervals
 * separate, if the gap between the ratings stayed as it is. Interval widths
 * shrink like 1/√n, so the intervals part once
 *   n' = n · ((halfA + halfB) / |gap|)²,
 * and the answer is n' − n. Returns 0 when they are already apart and null
 * when the gap is too small for any realistic number of votes (over 1e6).
 */
export function votesToSeparate(a: RatedWithInterval, b: RatedWithInterval, votesNow: number): number | null {
  const gap = Math.abs(a.rating - b.rating);
  const apart = a.ciLower > b.ciUpper || b.ciLower > a.ciUpper;
  if (apart) return 0;
  if (votesNow <= 0 || gap < 1e-9) return null;
  const half = (r: RatedWithInterval) => (r.ciUpper - r.ciLower) / 2;
  const needed = votesNow * ((half(a) + half(b)) / gap) ** 2;
  const more = Math.ceil(needed - votesNow);
  return more > 1_000_000 ? null : Math.max(more, 1);
}
