import type { RatingPlacement } from '../../shared/rating-position.ts';

/** Fewer than this many more votes always counts as realistic, whatever the votes so far. */
export const REALISTIC_FLOOR = 1_000;
/** Beyond this many times the votes the two have now, "more votes" is no realistic number. */
export const REALISTIC_GROWTH = 10;

/**
 * Roughly how many more votes would make two overlapping 95 % intervals
 * separate, if the gap between the ratings stayed as it is. Interval widths
 * shrink like 1/√n, so the intervals part once
 *   n' = n · ((halfA + halfB) / |gap|)²,
 * and the answer is n' − n. Returns 0 when they are already apart (an open
 * end counts as infinitely far), and null when there is no estimate: an
 * interval is open (its width says nothing about 1/√n), the gap is 0, or the
 * answer is beyond max(REALISTIC_FLOOR, REALISTIC_GROWTH · n), i.e. the gap is
 * under about a third of the two half-widths together. (It was a fixed
 * million before, which let "424048 more votes" through as if it meant
 * something.)
 */
export function votesToSeparate(a: RatingPlacement, b: RatingPlacement, votesNow: number): number | null {
  if (intervalsApart(a, b)) return 0;
  if (a.rating === null || b.rating === null || a.ciLower === null || a.ciUpper === null || b.ciLower === null || b.ciUpper === null)
    return null;
  const gap = Math.abs(a.rating - b.rating);
  if (votesNow <= 0 || gap < 1e-9) return null;
  const half = (lower: number, upper: number) => (upper - lower) / 2;
  const needed = votesNow * ((half(a.ciLower, a.ciUpper) + half(b.ciLower, b.ciUpper)) / gap) ** 2;
  const more = Math.ceil(needed - votesNow);
  return more > Math.max(REALISTIC_FLOOR, REALISTIC_GROWTH * votesNow) ? null : Math.max(more, 1);
}

/** One interval lies entirely above the other; an open end reaches to ±∞. */
export function intervalsApart(a: RatingPlacement, b: RatingPlacement): boolean {
  const lower = (r: RatingPlacement) => r.ciLower ?? -Infinity;
  const upper = (r: RatingPlacement) => r.ciUpper ?? Infinity;
  return lower(a) > upper(b) || lower(b) > upper(a);
}
