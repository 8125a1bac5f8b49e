import { Mulberry32 } from './mulberry32.ts';
import { ZigguratNormal } from './ziggurat-normal.ts';

/**
 * Poisson(mean) draws for the Poisson bootstrap of vote counts.
 *
 * - mean < EXACT_BELOW (15): exact inversion by sequential search,
 *   k = smallest integer with P(X ≤ k) ≥ u. Cost O(mean), fine when small.
 * - mean ≥ EXACT_BELOW: a continuous Cornish–Fisher normal approximation,
 *     X ≈ mean + √mean · z + (z² − 1) / 6,   z ~ N(0, 1)   (Box–Muller),
 *   clamped at 0 (z from ziggurat-normal.ts). Its first three cumulants are mean, mean + 1/18 and
 *   mean + O(1/mean), against Poisson's mean, mean, mean: the variance is off by
 *   less than 0.4% at the threshold and the skewness is right, where the plain
 *   normal approximation would have none. The draw is not an integer; that is
 *   fine because the Bradley–Terry fit takes real-valued weights.
 *   (test/ratings/poisson-sampler.test.ts checks mean, variance and skewness.)
 *
 * One sampler = one random stream (Mulberry32 seeded by the caller).
 */
export const EXACT_BELOW = 15;

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
