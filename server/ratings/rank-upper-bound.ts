/**
 * Rank (UB), LMArena's rank that only separates models whose confidence
 * intervals do not overlap:
 *   rankUB_i = 1 + #{ j : lower_j > upper_i }
 * i.e. one plus the number of models that are better than i with confidence.
 * Several models can share a rank, and ranks can skip. Counting by binary
 * search over the sorted lower bounds makes it O(n log n).
 */
export function rankUpperBound(lower: ArrayLike<number>, upper: ArrayLike<number>): number[] {
  const sortedLower = Float64Array.from(lower).sort();
  const n = sortedLower.length;
  const ranks: number[] = [];
  for (let i = 0; i < n; i++) {
    // first index whose lower bound is strictly above upper_i
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedLower[mid]! > upper[i]!) hi = mid;
      else lo = mid + 1;
    }
    ranks.push(1 + n - lo);
  }
  return ranks;
}
