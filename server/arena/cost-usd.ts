import type { Pricing } from '../../shared/catalog.ts';

/** An answer's cost from the catalog's prices per million tokens; null when a price or a count is unknown. */
export function costUsd(
  pricing: Pricing,
  tokens: { inputTokens: number | null; outputTokens: number | null; cachedInputTokens: number | null },
): number | null {
  const { inputPerMTok, outputPerMTok } = pricing;
  if (inputPerMTok === null || outputPerMTok === null) return null;
  if (tokens.inputTokens === null || tokens.outputTokens === null) return null;
  const cached = Math.min(tokens.cachedInputTokens ?? 0, tokens.inputTokens);
  // Without a published cached price, cached tokens are billed as ordinary input.
  const cachedPrice = pricing.cachedInputPerMTok ?? inputPerMTok;
  return ((tokens.inputTokens - cached) * inputPerMTok + cached * cachedPrice + tokens.outputTokens * outputPerMTok) / 1e6;
}
