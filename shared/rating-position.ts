/** A rating with its 95% interval; null = no estimate (rating) or no bound on that side. */
export interface RatingPlacement {
  rating: number | null;
  ciLower: number | null;
  ciUpper: number | null;
}

/**
 * Highest first, for sorting: a record with no upper bound (never lost)
 * before every finite rating, by its lower bound; finite ratings by value;
 * then no lower bound (never won), by its upper bound; then models not yet
 * placed at all. The first two follow the estimates (a never-beaten model's
 * is +∞); the bound orders models within a group. 0 when equal.
 */
export function compareRatingPosition(a: RatingPlacement, b: RatingPlacement): number {
  const ga = group(a);
  const gb = group(b);
  if (ga !== gb) return ga - gb;
  const key = (r: RatingPlacement) => (ga === 0 ? r.ciLower! : ga === 1 ? r.rating! : ga === 2 ? r.ciUpper! : 0);
  return key(b) - key(a);
}

function group(r: RatingPlacement): number {
  if (r.rating !== null) return 1;
  if (r.ciLower !== null) return 0;
  if (r.ciUpper !== null) return 2;
  return 3;
}
