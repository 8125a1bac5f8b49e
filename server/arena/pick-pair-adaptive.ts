import { NATS_TO_RATING } from '../ratings/bradley-terry-solver.ts';

/** What the board knows of a model: its rating and the variance of it (rating points²); null = not known yet. */
export interface PairingStat {
  rating: number | null;
  variance: number | null;
}

export interface AdaptivePairingOptions {
  /** Variance assumed for a model with no stat or no finite interval (default 350², about a ±700-point interval). */
  unknownVariance?: number;
  /** Every pair weighs at least this share of the mean pair weight (default 0.2). */
  floor?: number;
  /** k of the objective Σ v_i^k (default 16: nearly the largest variance; 1 = the total). */
  power?: number;
}

const DEFAULTS = { unknownVariance: 350 ** 2, floor: 0.2, power: 16 };

/**
 * A blind pair drawn towards the battles that teach the board most.
 *
 * Each pair (i, j) is weighed by how much one vote between them is expected
 * to shrink an uncertainty objective F = Σ_m v_m^k (v_m = variance of model
 * m's rating), one greedy step of optimal design. With Bradley–Terry's
 * Fisher information for one vote,
 *   I_ij = p_ij (1 − p_ij) / s²,   p_ij = 1 / (1 + 10^((R_j − R_i)/400)),  s = 400/ln 10,
 * and the ratings' covariance Σ taken as diagonal, a vote along
 * u = e_i − e_j changes Σ to Σ − Σuuᵀ Σ·I/(1 + I·uᵀΣu): v_i falls by
 * I·v_i²/(1 + I(v_i + v_j)), and so F by about
 *   gain_ij = I_ij (v_i^(k+1) + v_j^(k+1)) · k / (1 + I_ij (v_i + v_j))
 * (variances are divided by unknownVariance first, to keep the powers in
 * range; constant factors do not change the draw). k = 1 is the total
 * variance (A-optimality); a board is done when its *least* certain model
 * is (every interval under some width), and F with k = 16 is close to the
 * largest variance, which is what bench/pairing.bench.ts found to save most
 * votes on its tuning seeds: 13% fewer than uniform with k = 1, 25% with 4,
 * 33% with 16 (and 38% with 16 on fresh seeds).
 * Close ratings (p near ½) and uncertain models (large v) weigh most; a model
 * with no stat, or no finite interval (a newcomer, an unbeaten model), takes
 * `unknownVariance` and the mean known rating, so new and provisional models
 * are drawn first until their intervals close. Then
 *   weight_ij = max(gain_ij, floor · mean gain)
 * so that every pair keeps a chance (at least floor / (1 + floor) of a
 * uniform draw's): the board still sees every matchup, a model's variance
 * estimate being wrong cannot starve it, and no pair can be farmed.
 * Sides are then a fair coin, as in pickPair.
 *
 * Cost: O(models²) per draw (1,225 pairs for 50 models), no state. The
 * caller passes the board's current figures (variance from the 95% interval:
 * ((upper − lower) / 3.92)²); bench/pairing.bench.ts measures the effect.
 */
export function pickPairAdaptive(
  models: readonly string[],
  stats: ReadonlyMap<string, PairingStat>,
  random: () => number = Math.random,
  options: AdaptivePairingOptions = {},
): [string, string] {
  const n = models.length;
  if (n < 2) throw new RangeError(`need at least two models to pair, have ${n}`);
  const { unknownVariance, floor, power } = { ...DEFAULTS, ...options };
  const known = models.map((m) => stats.get(m)).filter((s) => s?.rating != null && s.variance != null && Number.isFinite(s.variance));
  const meanRating = known.length > 0 ? known.reduce((sum, s) => sum + s!.rating!, 0) / known.length : 0;
  const rating = models.map((m) => {
    const s = stats.get(m);
    return s?.rating != null && s.variance != null && Number.isFinite(s.variance) ? s.rating : meanRating;
  });
  const variance = models.map((m) => {
    const v = stats.get(m)?.variance;
    return v != null && Number.isFinite(v) && v >= 0 ? v : unknownVariance;
  });
  const weights = new Float64Array((n * (n - 1)) / 2);
  let total = 0;
  for (let i = 0, k = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, k++) {
      const p = 1 / (1 + 10 ** ((rating[j]! - rating[i]!) / 400));
      const info = (p * (1 - p)) / NATS_TO_RATING ** 2;
      const vi = variance[i]!;
      const vj = variance[j]!;
      const shrink = info / (1 + info * (vi + vj));
      weights[k] = shrink * (vi * (vi / unknownVariance) ** power + vj * (vj / unknownVariance) ** power);
      total += weights[k]!;
    }
  }
  if (!(total > 0)) weights.fill(1); // every variance 0: nothing to learn anywhere, draw uniformly
  const least = total > 0 ? (floor * total) / weights.length : 1;
  total = 0;
  for (let k = 0; k < weights.length; k++) total += weights[k] = Math.max(weights[k]!, least);
  let target = random() * total;
  let pick = weights.length - 1;
  for (let k = 0; k < weights.length; k++) {
    target -= weights[k]!;
    if (target < 0) {
      pick = k;
      break;
    }
  }
  let i = 0;
  let rowLength = n - 1;
  while (pick >= rowLength) {
    pick -= rowLength;
    i++;
    rowLength--;
  }
  const j = i + 1 + pick;
  return random() < 0.5 ? [models[i]!, models[j]!] : [models[j]!, models[i]!];
}
