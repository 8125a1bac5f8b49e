import type { AnswerSample } from '../../db/battle-store.ts';
import type { SpeedChartsResponse, Spread } from '../../shared/category-api.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';
import { percentile } from '../ratings/percentile.ts';

/** Time buckets of the speed-over-time chart: about this many across the span of the sample. */
const BUCKETS = 24;
const HOUR = 3_600_000;
const COST_BINS_PER_DECADE = 4;

function spread(values: readonly (number | null)[]): Spread | null {
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((x, y) => x - y);
  if (sorted.length === 0) return null;
  return { p10: percentile(sorted, 0.1), median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), samples: sorted.length };
}

/** A whole number of hours, so buckets line up with the clock. */
function bucketWidth(samples: readonly AnswerSample[]): number {
  if (samples.length === 0) return HOUR;
  let first = Infinity;
  let last = -Infinity;
  for (const s of samples) {
    first = Math.min(first, s.endedAt);
    last = Math.max(last, s.endedAt);
  }
  return Math.max(HOUR, Math.ceil((last - first + 1) / BUCKETS / HOUR) * HOUR);
}

/**
 * The speed and cost charts' data from the latest answers (a bounded sample,
 * newest first from the store): per model the p10 / median / p90 of time to
 * first token, output speed and cost per answer; the median output speed per
 * model and endpoint per time bucket; and a log-scale histogram of cost per
 * answer (free answers, cost 0, are left out of it: no log of 0).
 */
export function buildSpeedCharts(samples: readonly AnswerSample[], catalog: ModelCatalog, limit: number): SpeedChartsResponse {
  const byModel = new Map<string, AnswerSample[]>();
  for (const s of samples) {
    const list = byModel.get(s.modelId);
    if (list) list.push(s);
    else byModel.set(s.modelId, [s]);
  }
  const endpointOf = (id: string) => {
    const e = catalog.get(id)?.endpoint;
    return e ? (e.label ?? e.id) : null;
  };
  const width = bucketWidth(samples);
  const models = [...byModel.keys()].sort();
  const costs = samples.map((s) => s.costUsd).filter((c): c is number => c !== null && c > 0);
  return {
    limit,
    answers: samples.length,
    models: models.map((modelId) => {
      const list = byModel.get(modelId)!;
      return {
        modelId,
        label: catalog.get(modelId)?.spec.label ?? modelId,
        endpoint: endpointOf(modelId),
        ttftMs: spread(list.map((s) => s.ttftMs)),
        tokensPerSecond: spread(list.map((s) => s.tokensPerSecond)),
        costUsd: spread(list.map((s) => s.costUsd)),
      };
    }),
    speedOverTime: models.flatMap((modelId) => {
      const buckets = new Map<number, number[]>();
      for (const s of byModel.get(modelId)!) {
        if (s.tokensPerSecond === null) continue;
        const at = Math.floor(s.endedAt / width) * width;
        const list = buckets.get(at);
        if (list) list.push(s.tokensPerSecond);
        else buckets.set(at, [s.tokensPerSecond]);
      }
      if (buckets.size === 0) return [];
      const points = [...buckets]
        .sort(([x], [y]) => x - y)
        .map(([at, v]) => ({
          at,
          median: percentile(
            v.sort((x, y) => x - y),
            0.5,
          ),
          samples: v.length,
        }));
      return [{ modelId, endpoint: endpointOf(modelId), points }];
    }),
    bucketMs: width,
    costHistogram: costHistogram(costs),
  };
}

function costHistogram(costs: readonly number[]): SpeedChartsResponse['costHistogram'] {
  if (costs.length === 0) return [];
  const bin = (c: number) => Math.floor(Math.log10(c) * COST_BINS_PER_DECADE);
  const counts = new Map<number, number>();
  for (const c of costs) counts.set(bin(c), (counts.get(bin(c)) ?? 0) + 1);
  const lo = Math.min(...counts.keys());
  const hi = Math.max(...counts.keys());
  const out: SpeedChartsResponse['costHistogram'] = [];
  for (let k = lo; k <= hi; k++) {
    out.push({ from: 10 ** (k / COST_BINS_PER_DECADE), to: 10 ** ((k + 1) / COST_BINS_PER_DECADE), answers: counts.get(k) ?? 0 });
  }
  return out;
}
