import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../server/limits/token-bucket.ts';

describe('TokenBuckets', () => {
  it('allows a burst, then refills at the sustained rate, per key', () => {
    let t = 0;
    const b = new TokenBuckets({ burst: 3, perMinute: 6 }, () => t);
    expect([b.take('x'), b.take('x'), b.take('x')]).toEqual([0, 0, 0]);
    // 6 per minute: one token every 10 s.
    expect(b.take('x')).toBe(10_000);
    expect(b.take('y')).toBe(0);
    t = 5_000;
    expect(b.take('x')).toBe(5_000);
    t = 10_000;
    expect(b.take('x')).toBe(0);
    t = 1_000_000;
    expect([b.take('x'), b.take('x'), b.take('x'), b.take('x') > 0]).toEqual([0, 0, 0, true]);
  });
});
