import type { Pricing } from '../../shared/catalog.ts';
import type { ServerReportedTimings, SideMetrics } from '../../shared/metrics.ts';
import type { Usage } from '../../shared/usage.ts';
import { costUsd } from './cost-usd.ts';
import { tokensPerSecond } from './tokens-per-second.ts';

/** Monotonic timestamps (ms, performance.now()) collected by the battle runner. */
export interface SideTiming {
  t0: number;
  firstTextAt?: number;
  lastTextAt?: number;
  endAt?: number;
}

/** Local token counts, used only where the provider reported no usage. */
export interface TokenEstimates {
  inputTokens?: number;
  outputTokens?: number;
}

/**
 * One answer's final figures, as `SideMetrics` defines them. The server's own
 * timings are passed through beside Versus's, never folded into them.
 */
export function computeMetrics(
  timing: SideTiming,
  usage: Usage,
  estimates: TokenEstimates,
  pricing: Pricing,
  serverReported: ServerReportedTimings | null = null,
): SideMetrics {
  const ttftMs = timing.firstTextAt === undefined ? null : timing.firstTextAt - timing.t0;
  const latencyMs = timing.endAt === undefined ? null : timing.endAt - timing.t0;
  const decodeMs = timing.firstTextAt === undefined || timing.lastTextAt === undefined ? null : timing.lastTextAt - timing.firstTextAt;
  const inputEstimated = usage.inputTokens === undefined && estimates.inputTokens !== undefined;
  const outputEstimated = usage.outputTokens === undefined && estimates.outputTokens !== undefined;
  const inputTokens = usage.inputTokens ?? estimates.inputTokens ?? null;
  const outputTokens = usage.outputTokens ?? estimates.outputTokens ?? null;
  const cachedInputTokens = usage.cachedInputTokens ?? null;
  const speed = tokensPerSecond(outputTokens, decodeMs);
  return {
    ttftMs,
    latencyMs,
    decodeMs,
    outputTokensPerSecond: speed.tokensPerSecond,
    speedNote: speed.note,
    inputTokens,
    outputTokens,
    cachedInputTokens,
    costUsd: costUsd(pricing, { inputTokens, outputTokens, cachedInputTokens }),
    estimated: { inputTokens: inputEstimated, outputTokens: outputEstimated },
    serverReported,
  };
}
