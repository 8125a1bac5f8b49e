import { describe, expect, it } from 'vitest';
import { benchmarkCsv } from '../../server/benchmark/benchmark-csv.ts';
import { benchmarkPrompt } from '../../server/benchmark/benchmark-prompt.ts';
import { confirmsEstimate, estimateBenchmark } from '../../server/benchmark/estimate-benchmark.ts';
import { summarizeLevel } from '../../server/benchmark/summarize-level.ts';
import { estimateTokens } from '../../server/arena/token-estimator.ts';
import type { BenchmarkPlan, BenchmarkRun } from '../../shared/benchmark.ts';
import type { SideMetrics } from '../../shared/metrics.ts';

const plan: BenchmarkPlan = {
  model: 'm',
  concurrency: [1, 4, 16],
  requestsPerLevel: 10,
  promptLengths: { minTokens: 100, maxTokens: 1000, seed: 7 },
  outputTokens: 256,
};

describe('estimateBenchmark', () => {
  it('prices the plan at its upper bound (its one-token warm-ups too) with the answer cost formula', () => {
    // 30 measured requests; 1 + 4 + 16 warm-ups of a 24-token instruction and one output token.
    expect(estimateBenchmark(plan, { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: null })).toEqual({
      requests: 51,
      inputTokens: 30_504,
      outputTokens: 7701,
      costUsd: (30_504 * 2 + 7701 * 8) / 1e6,
      needsConfirmation: true,
    });
  });

  it('needs no confirmation only for a known price of zero; an unknown price is confirmed as unknown', () => {
    const free = estimateBenchmark(plan, { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: null });
    expect(free).toMatchObject({ costUsd: 0, needsConfirmation: false });
    expect(confirmsEstimate(undefined, free)).toBe(true);
    const unknown = estimateBenchmark(plan, { inputPerMTok: null, outputPerMTok: 0, cachedInputPerMTok: null });
    expect(unknown).toMatchObject({ costUsd: null, needsConfirmation: true });
    expect(confirmsEstimate(undefined, unknown)).toBe(false);
    expect(confirmsEstimate({ costUsd: 0 }, unknown)).toBe(false);
    expect(confirmsEstimate({ costUsd: null }, unknown)).toBe(true);
    const paid = estimateBenchmark(plan, { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: null });
    expect(confirmsEstimate({ costUsd: paid.costUsd }, paid)).toBe(true);
    expect(confirmsEstimate({ costUsd: paid.costUsd! / 2 }, paid)).toBe(false);
  });
});

describe('benchmarkPrompt', () => {
  it('draws lengths in the range from the seed, the same for the same seed, about as long as planned in o200k tokens', async () => {
    const a = Array.from({ length: 20 }, (_, i) => benchmarkPrompt(plan.promptLengths, 256, i));
    const b = Array.from({ length: 20 }, (_, i) => benchmarkPrompt(plan.promptLengths, 256, i));
    expect(a).toEqual(b);
    expect(new Set(a.map((p) => p.text)).size).toBe(20);
    for (const p of a) {
      expect(p.tokens).toBeGreaterThanOrEqual(100);
      expect(p.tokens).toBeLessThanOrEqual(1000);
      expect(Math.abs((await estimateTokens(p.text)) - p.tokens)).toBeLessThanOrEqual(Math.max(3, p.tokens * 0.02));
    }
    expect(new Set(a.map((p) => p.tokens)).size).toBeGreaterThan(10);
  });
});

const metrics = (over: Partial<SideMetrics>): SideMetrics => ({
  ttftMs: 100,
  latencyMs: 1000,
  decodeMs: 900,
  outputTokensPerSecond: 10,
  speedNote: null,
  inputTokens: 50,
  outputTokens: 10,
  cachedInputTokens: null,
  costUsd: 0.001,
  estimated: { inputTokens: false, outputTokens: false },
  serverReported: null,
  ...over,
});

describe('summarizeLevel', () => {
  it('takes p50/p90/p99 over the answers that finished, totals over the level wall time, and counts errors by kind', () => {
    const ok = [100, 200, 300, 400, 500].map((ttftMs) => ({ metrics: metrics({ ttftMs }), errorKind: null }));
    const failed = [
      { metrics: metrics({ ttftMs: 1, outputTokens: 0, costUsd: 0 }), errorKind: 'timeout' as const },
      { metrics: metrics({ ttftMs: null, outputTokens: 0, costUsd: 0 }), errorKind: 'timeout' as const },
    ];
    const l = summarizeLevel(4, 2000, [...ok, ...failed]);
    expect(l).toMatchObject({ concurrency: 4, requests: 7, succeeded: 5, outputTokens: 50, errors: { timeout: 2 } });
    expect(l.ttftMs).toEqual({ n: 5, p50: 300, p90: 460, p99: 496 });
    expect(l.interTokenMs!.p50).toBeCloseTo(100, 10);
    expect(l.totalOutputTokensPerSecond).toBe(25);
    expect(l.requestsPerSecond).toBe(2.5);
    expect(l.costUsd).toBeCloseTo(0.005, 12);
    expect(summarizeLevel(1, 100, [{ metrics: metrics({ costUsd: null }), errorKind: null }]).costUsd).toBeNull();
    expect(summarizeLevel(1, 100, failed)).toMatchObject({ ttftMs: null, totalOutputTokensPerSecond: null, succeeded: 0 });
  });
});

describe('benchmarkCsv', () => {
  it('writes a row per level, quotes what needs it and defuses spreadsheet formulas', () => {
    const level = summarizeLevel(2, 1000, [
      { metrics: metrics({}), errorKind: null },
      { metrics: metrics({}), errorKind: 'rate_limit' },
    ]);
    const run: BenchmarkRun = {
      id: 'r1',
      model: 'm',
      modelLabel: 'M',
      upstreamModel: 'up',
      endpointId: 'e',
      providerLabel: '=HYPERLINK("x"), Inc',
      startedBy: 'local',
      createdAt: Date.UTC(2026, 0, 2),
      finishedAt: null,
      status: 'finished',
      note: null,
      plan,
      estimate: estimateBenchmark(plan, { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: null }),
      levels: [level, { ...level, concurrency: 4 }],
    };
    const [head, ...rows] = benchmarkCsv([run]).trimEnd().split('\r\n');
    expect(head!.split(',')).toHaveLength(rows[0]!.split(',').length - 1); // the provider's own comma is inside quotes
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(`r1,m,up,e,"'=HYPERLINK(""x""), Inc",2026-01-02T00:00:00.000Z,finished,2,2,1,1000,100,100,100,`);
    expect(rows[0]!.endsWith(',rate_limit=1')).toBe(true);
  });
});
