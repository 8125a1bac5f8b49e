import { blendedPricePerMTok, type Pricing } from './catalog.ts';

export const MONTHLY_VOLUMES = [1_000_000, 10_000_000, 100_000_000] as const;

/** Monthly cost at a volume of tokens, at the blended 3:1 price. Null when a price is unknown. */
export function monthlyCostUsd(p: Pricing, tokensPerMonth: number): number | null {
  const blended = blendedPricePerMTok(p);
  return blended === null ? null : (blended * tokensPerMonth) / 1e6;
}

export interface PriceRatio {
  /** Which side is cheaper at the blended price, or 'same'. */
  cheaper: 'a' | 'b' | 'same';
  /** How many times cheaper (≥ 1); Infinity when the cheaper one costs nothing. */
  times: number;
}

/** "N× cheaper, blended 3:1"; null when either price is unknown or both are free. */
export function priceRatio(a: Pricing, b: Pricing): PriceRatio | null {
  const pa = blendedPricePerMTok(a);
  const pb = blendedPricePerMTok(b);
  if (pa === null || pb === null) return null;
  if (pa === pb) return { cheaper: 'same', times: 1 };
  return pa < pb ? { cheaper: 'a', times: pa === 0 ? Infinity : pb / pa } : { cheaper: 'b', times: pb === 0 ? Infinity : pa / pb };
}
