import { describe, expect, it } from 'vitest';
import { rankUpperBound } from '../../server/ratings/rank-upper-bound.ts';

describe('rankUpperBound', () => {
  it('counts the models whose lower bound is above this upper bound', () => {
    //            intervals: a [10,12]  b [8,11]  c [5,9]  d [1,4]  e [9.5,13]
    const lower = [10, 8, 5, 1, 9.5];
    const upper = [12, 11, 9, 4, 13];
    // a: none above 12 → 1; b: none above 11 → 1; c: a (10), e (9.5) above 9 → 3;
    // d: a, b, c, e above 4 → 5; e: none above 13 → 1
    expect(rankUpperBound(lower, upper)).toEqual([1, 1, 3, 5, 1]);
  });

  it('needs a strict gap: touching intervals share a rank', () => {
    expect(rankUpperBound([5, 1], [7, 5])).toEqual([1, 1]);
    expect(rankUpperBound([5, 1], [7, 4.999])).toEqual([1, 2]);
  });

  it('is the plain rank for zero-width intervals and empty for no models', () => {
    expect(rankUpperBound([3, 1, 2, 2], [3, 1, 2, 2])).toEqual([1, 4, 2, 2]);
    expect(rankUpperBound([], [])).toEqual([]);
  });
});
