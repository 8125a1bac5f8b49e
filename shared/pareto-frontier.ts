/**
 * The models no other model beats on both axes: none is at least as cheap
 * and at least as highly rated, and strictly better on one. Returned sorted
 * by price, ready to draw as a step line.
 */
export function paretoFrontier<T>(points: readonly T[], price: (p: T) => number, rating: (p: T) => number): T[] {
  const sorted = [...points].sort((a, b) => price(a) - price(b) || rating(b) - rating(a));
  const frontier: T[] = [];
  let best = -Infinity;
  for (const p of sorted) {
    if (rating(p) > best) {
      frontier.push(p);
      best = rating(p);
    }
  }
  return frontier;
}
