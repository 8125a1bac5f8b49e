import { describe, expect, it } from 'vitest';
import { pickPairAdaptive, type PairingStat } from '../../server/arena/pick-pair-adaptive.ts';
import { Mulberry32 } from '../../server/ratings/mulberry32.ts';

function draws(models: string[], stats: Map<string, PairingStat>, count: number, seed: number, floor?: number) {
  const rng = new Mulberry32(seed);
  const pairs = new Map<string, number>();
  const sideA = new Map<string, number>();
  let same = 0;
  for (let k = 0; k < count; k++) {
    const [a, b] = pickPairAdaptive(models, stats, () => rng.uniform(), floor === undefined ? {} : { floor });
    if (a === b) same++;
    const key = [a, b].sort().join('|');
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
    sideA.set(a, (sideA.get(a) ?? 0) + 1);
  }
  expect(same).toBe(0);
  return { pairs, sideA };
}

const MODELS = ['a', 'b', 'c', 'd', 'e', 'f'];
const PAIRS = (MODELS.length * (MODELS.length - 1)) / 2;

describe('pickPairAdaptive', () => {
  it('draws uniformly when every model is equally rated and equally uncertain, with fair sides', () => {
    const stats = new Map(MODELS.map((m) => [m, { rating: 1000, variance: 400 }]));
    const { pairs, sideA } = draws(MODELS, stats, 30_000, 1);
    for (const n of pairs.values()) expect(Math.abs(n / 30_000 - 1 / PAIRS)).toBeLessThan(0.01);
    for (const n of sideA.values()) expect(Math.abs(n / 30_000 - 1 / MODELS.length)).toBeLessThan(0.01);
  });

  it('draws a new model (no stat) in most battles while the others are well known', () => {
    const stats = new Map(MODELS.slice(1).map((m) => [m, { rating: 1000, variance: 100 }]));
    const { pairs } = draws(MODELS, stats, 5_000, 2);
    const withNew = [...pairs].filter(([k]) => k.split('|').includes('a')).reduce((s, [, n]) => s + n, 0);
    expect(withNew / 5_000).toBeGreaterThan(0.8); // uniform: 1/3
  });

  it('pairs an uncertain model with close-rated opponents rather than distant ones', () => {
    const stats = new Map<string, PairingStat>([
      ['a', { rating: 1000, variance: 2500 }],
      ['b', { rating: 1010, variance: 100 }],
      ['c', { rating: 1500, variance: 100 }],
    ]);
    const { pairs } = draws(['a', 'b', 'c'], stats, 5_000, 3);
    const close = pairs.get('a|b') ?? 0;
    const far = pairs.get('a|c') ?? 0;
    // p(1 − p): 0.25 against 0.05 at a 490-point gap; the floor keeps the far pair possible.
    expect(close).toBeGreaterThan(3 * far);
    expect(far).toBeGreaterThan(0);
  });

  it('still draws every pair, each at least floor/((1 + floor)·pairs) of the time', () => {
    const stats = new Map<string, PairingStat>(MODELS.map((m, i) => [m, { rating: 1000 + 50 * i, variance: i === 0 ? 1e4 : 1 }]));
    const floor = 0.2;
    const count = 40_000;
    const { pairs } = draws(MODELS, stats, count, 4, floor);
    expect(pairs.size).toBe(PAIRS);
    const least = floor / ((1 + floor) * PAIRS);
    for (const [pair, n] of pairs) expect(n / count, pair).toBeGreaterThan(0.8 * least);
  });

  it('treats an open interval (infinite variance, null rating) as unknown, not as a crash or NaN', () => {
    const stats = new Map<string, PairingStat>([
      ['a', { rating: null, variance: Infinity }],
      ['b', { rating: 1000, variance: 100 }],
      ['c', { rating: 1020, variance: 100 }],
    ]);
    const { pairs } = draws(['a', 'b', 'c'], stats, 2_000, 5);
    expect((pairs.get('a|b') ?? 0) + (pairs.get('a|c') ?? 0)).toBeGreaterThan(1_500);
  });

  it('refuses fewer than two models', () => {
    expect(() => pickPairAdaptive(['x'], new Map())).toThrow(/at least two/);
  });
});
