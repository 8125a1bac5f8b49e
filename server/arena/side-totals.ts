import type { SideMetrics } from '../../shared/metrics.ts';
import type { SideTotals } from '../../shared/protocol.ts';

export const NO_TOTALS: SideTotals = { answers: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0, estimated: false };

const plus = (sum: number | null, x: number | null): number | null => (sum === null || x === null ? null : sum + x);

/** Adds one answer's figures to a side's battle totals: an unknown figure makes its sum unknown, never smaller. */
export function addToTotals(t: SideTotals, m: SideMetrics): SideTotals {
  return {
    answers: t.answers + 1,
    inputTokens: plus(t.inputTokens, m.inputTokens),
    outputTokens: plus(t.outputTokens, m.outputTokens),
    costUsd: plus(t.costUsd, m.costUsd),
    latencyMs: plus(t.latencyMs, m.latencyMs),
    estimated: t.estimated || m.estimated.inputTokens || m.estimated.outputTokens,
  };
}
