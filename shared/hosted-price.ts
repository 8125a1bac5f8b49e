import { blendedPricePerMTok, type HostedPrice, type ModelSpec } from './catalog.ts';
import type { PriceRatio } from './cost-comparison.ts';

/** The price a hosted API charges for a model: the endpoint Versus uses when it charges per token, else the cheapest listed reference. */
export interface HostedPriceChoice {
  provider: string;
  inputPerMTok: number;
  outputPerMTok: number;
  /** Where the price comes from; for the endpoint's own price, the catalog entry's source. */
  source: string;
  date: string | null;
  /** True: the price of the endpoint this Versus uses. False: a reference price of another host. */
  viaEndpoint: boolean;
}

type PricedSpec = Pick<ModelSpec, 'pricing' | 'referencePrices' | 'source' | 'organisation'>;

/** The endpoint costs nothing per token: the model runs on the user's own hardware. */
export function isSelfHosted(spec: Pick<ModelSpec, 'pricing'>): boolean {
  return spec.pricing.inputPerMTok === 0 && spec.pricing.outputPerMTok === 0;
}

const blended = (p: Pick<HostedPrice, 'inputPerMTok' | 'outputPerMTok'>) => blendedPricePerMTok({ ...p, cachedInputPerMTok: null })!;

/** The cheapest listed hosted price at the blended 3:1 price; null when none is listed. */
export function cheapestReferencePrice(prices: readonly HostedPrice[]): HostedPrice | null {
  let best: HostedPrice | null = null;
  for (const p of prices) if (best === null || blended(p) < blended(best)) best = p;
  return best;
}

/**
 * What this model costs on a hosted API: the endpoint's own price when it
 * charges per token (the maker's API, usually), else the cheapest reference
 * price a hosted API lists. Null when neither is known: self-hosted is $0 per
 * token, but that is not a hosted price.
 */
export function hostedPriceOf(spec: PricedSpec, endpointLabel: string | null): HostedPriceChoice | null {
  const { inputPerMTok, outputPerMTok } = spec.pricing;
  if (!isSelfHosted(spec) && inputPerMTok !== null && outputPerMTok !== null) {
    return {
      provider: endpointLabel ?? spec.organisation,
      inputPerMTok,
      outputPerMTok,
      source: spec.source,
      date: null,
      viaEndpoint: true,
    };
  }
  const ref = cheapestReferencePrice(spec.referencePrices);
  if (!ref) return null;
  return {
    provider: ref.provider,
    inputPerMTok: ref.inputPerMTok,
    outputPerMTok: ref.outputPerMTok,
    source: ref.source,
    date: ref.date,
    viaEndpoint: false,
  };
}

/** "N× cheaper" between two hosted prices, blended 3:1; null when either is missing. Times is null (not Infinity) when one is free. */
export function hostedPriceRatio(
  a: HostedPriceChoice | null,
  b: HostedPriceChoice | null,
): { cheaper: PriceRatio['cheaper']; times: number | null } | null {
  if (!a || !b) return null;
  const pa = blended(a);
  const pb = blended(b);
  if (pa === pb) return { cheaper: 'same', times: 1 };
  const [lo, hi, cheaper] = pa < pb ? [pa, pb, 'a' as const] : [pb, pa, 'b' as const];
  return { cheaper, times: lo === 0 ? null : hi / lo };
}
