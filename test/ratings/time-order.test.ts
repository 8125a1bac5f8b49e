import { describe, expect, it } from 'vitest';
import { timeOrder } from '../../server/ratings/time-order.ts';
import { Mulberry32 } from '../../server/ratings/mulberry32.ts';

describe('timeOrder', () => {
  it('sorts any finite doubles, keeping input order for equal timestamps', () => {
    const tstamps = [5, -1.5, 1_700_000_000_123, 0, 5, -0, 2.25, -1e12, 5, 1e-9];
    const order = Array.from(timeOrder(tstamps.map((tstamp) => ({ tstamp }))));
    expect(order.map((k) => tstamps[k])).toEqual([-1e12, -1.5, 0, -0, 1e-9, 2.25, 5, 5, 5, 1_700_000_000_123]);
    expect(order.filter((k) => tstamps[k] === 5)).toEqual([0, 4, 8]); // stable
  });

  it('agrees with a stable comparison sort on random millisecond timestamps', () => {
    const rng = new Mulberry32(3);
    const tstamps = Array.from({ length: 20_000 }, () => 1_700_000_000_000 + Math.floor(rng.uniform() * 5_000));
    const expected = tstamps.map((_, k) => k).sort((x, y) => tstamps[x]! - tstamps[y]!);
    expect(Array.from(timeOrder(tstamps.map((tstamp) => ({ tstamp }))))).toEqual(expected);
  });

  it('handles no timestamps', () => {
    expect(timeOrder([]).length).toBe(0);
  });
});
