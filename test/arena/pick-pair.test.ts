import { describe, expect, it } from 'vitest';
import { pickPair } from '../../server/arena/pick-pair.ts';

function seeded(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

describe('pickPair', () => {
  it('always draws two different items', () => {
    const rnd = seeded(1);
    for (let i = 0; i < 2000; i++) {
      const [a, b] = pickPair(['x', 'y', 'z'], rnd);
      expect(a).not.toBe(b);
    }
  });

  it('puts every model on each side about equally often', () => {
    const rnd = seeded(7);
    const items = ['p', 'q', 'r', 's'];
    const onA = new Map<string, number>();
    const n = 40_000;
    for (let i = 0; i < n; i++) {
      const [a] = pickPair(items, rnd);
      onA.set(a, (onA.get(a) ?? 0) + 1);
    }
    for (const it of items) expect(Math.abs(onA.get(it)! / n - 0.25)).toBeLessThan(0.01);
  });

  it('refuses fewer than two items', () => {
    expect(() => pickPair(['only'])).toThrow(/at least two/);
  });
});
