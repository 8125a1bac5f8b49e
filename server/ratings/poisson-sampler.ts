import { Mulberry32 } from './mulberry32.ts';
import { ZigguratNormal } from './ziggurat-normal.ts';

/** Means below this are drawn exactly; from it up, by the Cornish–Fisher normal approximation (see PoissonSampler). */
export const EXACT_BELOW = 15;

/** CDF_TABLES[m][k] = P(X ≤ k) for X ~ Poisson(m), m = 1..14, up to P ≈ 1. */
const CDF_TABLES: Float64Array[] = [];
for (let mean = 1; mean < EXACT_BELOW; mean++) {
  const cdf: number[] = [];
  let p = Math.exp(-mean);
  let total = p;
  for (let k = 0; k <= mean || p > 1e-18; k++) {
    cdf.push(total);
    p *= mean / (k + 1);
    total += p;
  }
  cdf.push(1); // the rest of the tail (< 1e-17) goes to the last entry
  CDF_TABLES[mean] = Float64Array.from(cdf);
}

/**
 * Poisson(mean) draws for the Poisson bootstrap of vote counts.
 *
 * - mean < EXACT_BELOW (15): exact inversion, k = smallest integer with
 *   P(X ≤ k) ≥ u. Vote counts are integers, so the cumulative probabilities
 *   for means 1..14 are tabulated once (14 small tables shared by all cells)
 *   and a draw is a short scan of comparisons; other means compute the terms
 *   as they go. Cost O(mean), fine when small.
 * - mean ≥ EXACT_BELOW: a continuous Cornish–Fisher normal approximation,
 *     X ≈ mean + √mean · z + (z² − 1) / 6,   z ~ N(0, 1) (ziggurat-normal.ts),
 *   clamped at 0 (probability < 1e-6 at the threshold). Its first three
 *   cumulants are mean, mean + 1/18 and mean + 1/27, against Poisson's mean,
 *   mean, mean: the variance is off by under 0.4% at the threshold, and the
 *   skewness is right where a plain normal approximation would have none.
 *   The draw is not an integer; that is fine because the Bradley–Terry fit
 *   takes real-valued weights.
 *   (test/ratings/poisson-sampler.test.ts checks mean, variance and skewness.)
 *
 * One sampler = one random stream (Mulberry32 seeded by the caller).
 */
export class PoissonSampler {
  private readonly rng: Mulberry32;
  private readonly gaussian: ZigguratNormal;

  constructor(seed: number) {
    this.rng = new Mulberry32(seed);
    this.gaussian = new ZigguratNormal(this.rng);
  }

  uniform(): number {
    return this.rng.uniform();
  }

  normal(): number {
    return this.gaussian.next();
  }

  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < EXACT_BELOW) {
      const u = this.rng.uniform();
      const table = (mean | 0) === mean ? CDF_TABLES[mean] : undefined;
      if (table !== undefined) {
        let k = 0;
        while (u > table[k]! && k < table.length - 1) k++;
        return k;
      }
      let p = Math.exp(-mean);
      let cdf = p;
      let k = 0;
      // The cap only matters if rounding keeps cdf just below u near 1.
      while (u > cdf && k < 200) {
        k += 1;
        p *= mean / k;
        cdf += p;
      }
      return k;
    }
    const z = this.normal();
    const x = mean + Math.sqrt(mean) * z + (z * z - 1) / 6;
    return x > 0 ? x : 0;
  }
}
