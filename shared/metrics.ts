import { z } from 'zod';
import type { Pricing } from './catalog.ts';
import type { Usage } from './usage.ts';

/**
 * Measurements of one answer. Definitions (also in the README):
 * - t0: the moment the request is handed to the SDK (monotonic clock).
 * - ttftMs: first non-empty text − t0.
 * - latencyMs: end of stream − t0 (end-to-end).
 * - decodeMs: last text − first text.
 * - outputTokensPerSecond: (outputTokens − 1) / decodeMs, the decode speed without
 *   TTFT; null with fewer than 2 output tokens or a zero decode window.
 * - tokens: the provider's usage; where usage is missing a local o200k count,
 *   flagged in `estimated`.
 * - costUsd: (input − cached) × input price + cached × cached price + output ×
 *   output price, per million; null when a price or a token count is unknown.
 */
export const SideMetrics = z.object({
  ttftMs: z.number().nonnegative().nullable(),
  latencyMs: z.number().nonnegative().nullable(),
  decodeMs: z.number().nonnegative().nullable(),
  outputTokensPerSecond: z.number().nonnegative().nullable(),
  inputTokens: z.number().int().nonnegative().nullable(),
  outputTokens: z.number().int().nonnegative().nullable(),
  cachedInputTokens: z.number().int().nonnegative().nullable(),
  costUsd: z.number().nonnegative().nullable(),
  /** Which figures are local estimates rather than provider-reported. */
  estimated: z.object({
    inputTokens: z.boolean(),
    outputTokens: z.boolean(),
  }),
});
export type SideMetrics = z.infer<typeof SideMetrics>;

/** Monotonic timestamps (ms, performance.now()) collected by the battle runner. */
export interface SideTiming {
  t0: number;
  firstTextAt?: number;
  lastTextAt?: number;
  endAt?: number;
}

export interface TokenEstimates {
  inputTokens?: number;
  outputTokens?: number;
}

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

export function tokensPerSecond(outputTokens: number | null, decodeMs: number | null): number | null {
  if (outputTokens === null || decodeMs === null || outputTokens < 2 || decodeMs <= 0) return null;
  return (outputTokens - 1) / (decodeMs / 1000);
}

export function computeMetrics(timing: SideTiming, usage: Usage, estimates: TokenEstimates, pricing: Pricing): SideMetrics {
  const ttftMs = timing.firstTextAt === undefined ? null : timing.firstTextAt - timing.t0;
  const latencyMs = timing.endAt === undefined ? null : timing.endAt - timing.t0;
  const decodeMs =
    timing.firstTextAt === undefined || timing.lastTextAt === undefined ? null : timing.lastTextAt - timing.firstTextAt;
  const inputEstimated = usage.inputTokens === undefined && estimates.inputTokens !== undefined;
  const outputEstimated = usage.outputTokens === undefined && estimates.outputTokens !== undefined;
  const inputTokens = usage.inputTokens ?? estimates.inputTokens ?? null;
  const outputTokens = usage.outputTokens ?? estimates.outputTokens ?? null;
  const cachedInputTokens = usage.cachedInputTokens ?? null;
  return {
    ttftMs,
    latencyMs,
    decodeMs,
    outputTokensPerSecond: tokensPerSecond(outputTokens, decodeMs),
    inputTokens,
    outputTokens,
    cachedInputTokens,
    costUsd: costUsd(pricing, { inputTokens, outputTokens, cachedInputTokens }),
    estimated: { inputTokens: inputEstimated, outputTokens: outputEstimated },
  };
}
