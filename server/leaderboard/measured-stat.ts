import type { MeasuredStat } from '../../shared/api.ts';
import type { MeasuredFigures } from '../../db/battle-store.ts';

/** Nearest-rank percentile of already sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Median and p90 over the known values; unknown (null) samples are left out and not counted. */
export function measuredStat(values: readonly (number | null)[]): MeasuredStat {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((x, y) => x - y);
  const n = known.length;
  const median = n === 0 ? null : n % 2 === 1 ? known[(n - 1) / 2]! : (known[n / 2 - 1]! + known[n / 2]!) / 2;
  return { median, p90: percentile(known, 90), samples: n };
}

/** A model's measured figures as every board shows them: median and p90 of each over its latest answers (ModelFigures). */
export interface MeasuredSummary {
  /** Answers the figures come from (those without a figure are left out of its stat, not of this count). */
  answers: number;
  ttftMs: MeasuredStat;
  outputTokensPerSecond: MeasuredStat;
  costUsd: MeasuredStat;
}

/** One model's answers summed up once, when they are read, rather than on every board built from them. */
export function summarizeMeasured(figures: readonly MeasuredFigures[]): MeasuredSummary {
  return {
    answers: figures.length,
    ttftMs: measuredStat(figures.map((m) => m.ttftMs)),
    outputTokensPerSecond: measuredStat(figures.map((m) => m.tokensPerSecond)),
    costUsd: measuredStat(figures.map((m) => m.costUsd)),
  };
}

/** A model without a measured answer. */
export const NOT_MEASURED: MeasuredSummary = summarizeMeasured([]);
