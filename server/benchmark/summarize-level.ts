import type { LevelFigures, Percentiles } from '../../shared/benchmark.ts';
import type { SideMetrics } from '../../shared/metrics.ts';
import type { ProviderErrorKind } from '../../shared/provider-error.ts';
import { interTokenLatencyMs } from '../arena/inter-token-latency.ts';
import { percentile } from '../ratings/percentile.ts';

/** One benchmark request's outcome: the arena's own figures for it, and why it failed if it did. */
export interface RequestOutcome {
  metrics: SideMetrics;
  /** Null for an answer that finished. */
  errorKind: ProviderErrorKind | null;
}

function percentiles(values: (number | null)[]): Percentiles | null {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (known.length === 0) return null;
  return { n: known.length, p50: percentile(known, 0.5), p90: percentile(known, 0.9), p99: percentile(known, 0.99) };
}

/**
 * A level's figures from its answers. Per-answer figures are the arena's
 * (computeMetrics), taken from the answers that finished; a failed answer
 * counts only under its error kind, so a fast failure never flatters TTFT.
 */
export function summarizeLevel(concurrency: number, durationMs: number, outcomes: readonly RequestOutcome[]): LevelFigures {
  const ok = outcomes.filter((o) => o.errorKind === null).map((o) => o.metrics);
  const errors: Partial<Record<ProviderErrorKind, number>> = {};
  for (const o of outcomes) if (o.errorKind !== null) errors[o.errorKind] = (errors[o.errorKind] ?? 0) + 1;
  const outputTokens = ok.reduce((s, m) => s + (m.outputTokens ?? 0), 0);
  const inputTokens = outcomes.reduce((s, o) => s + (o.metrics.inputTokens ?? 0), 0);
  const costs = outcomes.map((o) => o.metrics.costUsd);
  const seconds = durationMs / 1000;
  return {
    concurrency,
    requests: outcomes.length,
    succeeded: ok.length,
    durationMs,
    ttftMs: percentiles(ok.map((m) => m.ttftMs)),
    interTokenMs: percentiles(ok.map((m) => interTokenLatencyMs(m.outputTokens, m.decodeMs))),
    latencyMs: percentiles(ok.map((m) => m.latencyMs)),
    outputTokensPerSecond: percentiles(ok.map((m) => m.outputTokensPerSecond)),
    totalOutputTokensPerSecond: seconds > 0 && ok.length > 0 ? outputTokens / seconds : null,
    requestsPerSecond: seconds > 0 && ok.length > 0 ? ok.length / seconds : null,
    outputTokens,
    inputTokens,
    costUsd: costs.some((c) => c === null) ? null : costs.reduce<number>((s, c) => s + (c ?? 0), 0),
    errors,
  };
}
