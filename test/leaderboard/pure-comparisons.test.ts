import { describe, expect, it } from 'vitest';
import { paretoFrontier } from '../../shared/pareto-frontier.ts';
import { monthlyCostUsd, priceRatio } from '../../shared/cost-comparison.ts';
import { votesToSeparate } from '../../server/leaderboard/separation-votes.ts';
import { votesNeededText } from '../../server/leaderboard/votes-needed-text.ts';

const price = (i: number, o: number) => ({ inputPerMTok: i, outputPerMTok: o, cachedInputPerMTok: null });

describe('paretoFrontier', () => {
  it('keeps only models nothing beats on both price and rating', () => {
    const pts = [
      { id: 'cheap-bad', p: 0.1, r: 900 },
      { id: 'cheap-good', p: 0.2, r: 1000 },
      { id: 'dominated', p: 0.5, r: 950 },
      { id: 'pricey-best', p: 3, r: 1100 },
      { id: 'pricey-worse', p: 4, r: 1090 },
    ];
    expect(
      paretoFrontier(
        pts,
        (x) => x.p,
        (x) => x.r,
      ).map((x) => x.id),
    ).toEqual(['cheap-bad', 'cheap-good', 'pricey-best']);
    expect(
      paretoFrontier(
        [],
        (x: number) => x,
        (x) => x,
      ),
    ).toEqual([]);
  });
});

describe('cost comparison', () => {
  it('prices a month at the blended 3:1 price', () => {
    // GPT-4.1 mini: (3 × 0.40 + 1.60) / 4 = $0.70 per million.
    expect(monthlyCostUsd(price(0.4, 1.6), 10_000_000)).toBeCloseTo(7, 10);
    expect(monthlyCostUsd({ ...price(0, 0), inputPerMTok: null }, 1e6)).toBeNull();
  });
  it('says which side is cheaper and by how much', () => {
    // GPT-4.1 (3.5 blended) vs GPT-4.1 mini (0.7 blended): mini 5× cheaper.
    const r = priceRatio(price(2, 8), price(0.4, 1.6))!;
    expect(r.cheaper).toBe('b');
    expect(r.times).toBeCloseTo(5, 12);
    expect(priceRatio(price(0, 0), price(1, 1))).toEqual({ cheaper: 'a', times: Infinity });
    expect(priceRatio(price(1, 1), price(1, 1))).toEqual({ cheaper: 'same', times: 1 });
  });
});

describe('votesToSeparate', () => {
  it('is zero for separated intervals', () => {
    expect(votesToSeparate({ rating: 1100, ciLower: 1080, ciUpper: 1120 }, { rating: 1000, ciLower: 980, ciUpper: 1020 }, 50)).toBe(0);
  });
  it('scales with the square of interval width over gap', () => {
    // Half-widths 40 + 40 = 80 against a 40-point gap: needs 4× the votes, so 300 more than 100.
    expect(votesToSeparate({ rating: 1040, ciLower: 1000, ciUpper: 1080 }, { rating: 1000, ciLower: 960, ciUpper: 1040 }, 100)).toBe(300);
  });
  it('gives up on a gap of zero', () => {
    expect(votesToSeparate({ rating: 1000, ciLower: 950, ciUpper: 1050 }, { rating: 1000, ciLower: 950, ciUpper: 1050 }, 100)).toBeNull();
  });
  it('has no realistic number beyond ten times the votes so far (at least 1,000)', () => {
    // The case: half-widths 60 + 60 against a 1-point gap, 30 votes → 431,970 more: no realistic number.
    expect(votesToSeparate({ rating: 1001, ciLower: 941, ciUpper: 1061 }, { rating: 1000, ciLower: 940, ciUpper: 1060 }, 30)).toBeNull();
    // 80 / 30: (8/3)² − 1 ≈ 6.1× more: 611 more for 100 votes, fine; for 2,000 votes 12,223 more is still under 10×.
    const a = { rating: 1030, ciLower: 990, ciUpper: 1070 };
    const b = { rating: 1000, ciLower: 960, ciUpper: 1040 };
    expect(votesToSeparate(a, b, 100)).toBe(612);
    expect(votesToSeparate(a, b, 2000)).toBe(12223);
    // 80 / 20: 15× more: beyond 10× for 2,000 votes, but under the 1,000 floor for 50.
    const c = { rating: 1020, ciLower: 980, ciUpper: 1060 };
    expect(votesToSeparate(c, b, 2000)).toBeNull();
    expect(votesToSeparate(c, b, 50)).toBe(750);
  });
  it('treats an open end as reaching to infinity: apart if the other lies beyond its finite end, else no estimate', () => {
    const unbeaten = { rating: null, ciLower: 1500, ciUpper: null };
    expect(votesToSeparate(unbeaten, { rating: 1000, ciLower: 950, ciUpper: 1050 }, 60)).toBe(0);
    expect(votesToSeparate(unbeaten, { rating: 1480, ciLower: 1400, ciUpper: 1560 }, 60)).toBeNull();
  });
});

describe('votesNeededText', () => {
  it('says "about" and rounds to two significant figures, with separators', () => {
    expect(votesNeededText(1234)).toBe('about 1,200 more votes');
    expect(votesNeededText(424048)).toBe('about 420,000 more votes');
    expect(votesNeededText(612)).toBe('about 610 more votes');
    expect(votesNeededText(7)).toBe('about 7 more votes');
    expect(votesNeededText(1)).toBe('about 1 more vote');
  });
});
