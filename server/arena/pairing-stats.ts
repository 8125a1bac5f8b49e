import type { ModelRating } from '../ratings/compute-leaderboard-ratings.ts';
import type { PairingStat } from './pick-pair-adaptive.ts';

/** 95% interval width / 3.92 = one standard deviation, for a normal estimate. */
const Z95_WIDTH = 2 * 1.959964;

/**
 * The blind board's figures as adaptive pairing reads them: each model's
 * rating and the variance ((upper − lower) / 3.92)²; null when the board has
 * no rating or an open interval for it (pairing then treats it as unknown).
 */
export function pairingStats(models: readonly ModelRating[]): Map<string, PairingStat> {
  return new Map(
    models.map((m) => [
      m.model,
      {
        rating: m.rating,
        variance: m.ciLower !== null && m.ciUpper !== null ? ((m.ciUpper - m.ciLower) / Z95_WIDTH) ** 2 : null,
      },
    ]),
  );
}
