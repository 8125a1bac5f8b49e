import { describe, expect, it } from 'vitest';
import { measuredStat, percentile } from '../../server/leaderboard/measured-stat.ts';

describe('measuredStat', () => {
  it('takes the median of odd and even samples and skips unknowns', () => {
    expect(measuredStat([5, null, 1, 3])).toEqual({ median: 3, p90: 5, samples: 3 });
    expect(measuredStat([4, 1, 3, 2]).median).toBe(2.5);
  });
  it('uses nearest-rank p90', () => {
    const xs = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(percentile(xs, 90)).toBe(9);
    expect(percentile([], 90)).toBeNull();
  });
  it('is empty without samples', () => {
    expect(measuredStat([null])).toEqual({ median: null, p90: null, samples: 0 });
  });
});
