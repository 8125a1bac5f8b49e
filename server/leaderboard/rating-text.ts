import type { LeaderboardRow } from '../../shared/api.ts';

const r0 = (x: number) => Math.round(x).toString();

/**
 * A rating and its 95% interval in words, as the verdict writes it:
 * "1042 (95% CI 1021–1060)", "at least 1535 (no upper bound)" for a model
 * that never lost, "at most 880 (no lower bound)" for one that never won,
 * and "not yet placed" when no chain of votes links it to the anchor models.
 */
export function ratingText(row: Pick<LeaderboardRow, 'rating' | 'ciLower' | 'ciUpper'>): string {
  const { rating, ciLower, ciUpper } = row;
  if (rating !== null && ciLower !== null && ciUpper !== null) return `${r0(rating)} (95% CI ${r0(ciLower)}–${r0(ciUpper)})`;
  if (ciLower !== null) return `at least ${r0(ciLower)} (no upper bound)`;
  if (ciUpper !== null) return `at most ${r0(ciUpper)} (no lower bound)`;
  return 'not yet placed on the scale';
}
