import { describe, expect, it } from 'vitest';
import { EXACT_BELOW, PoissonSampler } from '../../server/ratings/poisson-sampler.ts';
import { Mulberry32, deriveSeed } from '../../server/ratings/mulberry32.ts';

const DRAWS = 200_000;

/** Sample mean, variance and skewness of `DRAWS` draws. */
function moments(draw: () => number) {
  const xs = new Float64Array(DRAWS);
  let sum = 0;
  for (let k = 0; k < DRAWS; k++) sum += xs[k] = draw();
  const mean = sum / DRAWS;
  let m2 = 0;
  let m3 = 0;
  for (const x of xs) {
    const d = x - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  const variance = m2 / (DRAWS - 1);
  return { mean, variance, skewness: m3 / DRAWS / variance ** 1.5, xs };
}

describe('PoissonSampler', () => {
  // Poisson(λ): mean λ, variance λ, skewness 1/√λ. Tolerances are 4 standard
  // errors: se(mean) = √(λ/N), se(variance) ≈ √((λ + 2λ²)/N), se(skewness) ≈ √(6/N).
  for (const lambda of [0.3, 3, 14, 14.5, 15, 40, 200, 5000]) {
    it(`matches Poisson(${lambda}) in mean, variance and skewness (${lambda < EXACT_BELOW ? 'exact' : 'approximation'})`, () => {
      const sampler = new PoissonSampler(deriveSeed(99, Math.round(lambda * 10)));
      const { mean, variance, skewness } = moments(() => sampler.poisson(lambda));
      expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / DRAWS));
      expect(Math.abs(variance - lambda)).toBeLessThan(4 * Math.sqrt((lambda + 2 * lambda * lambda) / DRAWS));
      // A plain normal approximation (skewness 0) fails this for λ ≤ 200.
      expect(Math.abs(skewness - 1 / Math.sqrt(lambda))).toBeLessThan(4 * Math.sqrt(6 / DRAWS));
    });
  }

  it('draws exact probabilities below the threshold: P(X = 0) and P(X = 2) for λ = 3', () => {
    const sampler = new PoissonSampler(4);
    const { xs } = moments(() => sampler.poisson(3));
    const share = (k: number) => xs.filter((x) => x === k).length / DRAWS;
    const p0 = Math.exp(-3);
    const p2 = (Math.exp(-3) * 9) / 2;
    expect(Math.abs(share(0) - p0)).toBeLessThan(4 * Math.sqrt((p0 * (1 - p0)) / DRAWS));
    expect(Math.abs(share(2) - p2)).toBeLessThan(4 * Math.sqrt((p2 * (1 - p2)) / DRAWS));
  });

  it('returns 0 for a zero mean and never a negative draw', () => {
    const sampler = new PoissonSampler(1);
    expect(sampler.poisson(0)).toBe(0);
    for (let k = 0; k < 10_000; k++) expect(sampler.poisson(15)).toBeGreaterThanOrEqual(0);
  });

  it('draws standard normals (ziggurat): moments and tail mass', () => {
    const sampler = new PoissonSampler(12);
    const { mean, variance, skewness, xs } = moments(() => sampler.normal());
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(DRAWS));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / DRAWS));
    expect(Math.abs(skewness)).toBeLessThan(4 * Math.sqrt(6 / DRAWS));
    const beyond = xs.filter((x) => Math.abs(x) > 1.959964).length / DRAWS; // 5%
    expect(Math.abs(beyond - 0.05)).toBeLessThan(4 * Math.sqrt((0.05 * 0.95) / DRAWS));
    const tail = xs.filter((x) => Math.abs(x) > 3.442619855899).length / DRAWS; // the ziggurat's tail sampler: 0.0576%
    expect(Math.abs(tail - 5.76e-4)).toBeLessThan(4 * Math.sqrt(5.76e-4 / DRAWS));
  });
});

describe('Mulberry32 and deriveSeed', () => {
  it('reproduces a stream from its seed and separates streams', () => {
    const a = new Mulberry32(42);
    const b = new Mulberry32(42);
    const first = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(first);
    for (const x of first) expect(x >= 0 && x < 1).toBe(true);
    const seeds = new Set(Array.from({ length: 1000 }, (_, r) => deriveSeed(42, r)));
    expect(seeds.size).toBe(1000);
    expect(deriveSeed(42, 0)).not.toBe(deriveSeed(43, 0));
  });
});
