import { z } from 'zod';
import { ProviderErrorKind } from './provider-error.ts';

/**
 * Hard bounds on one speed benchmark, whoever asks: a run is as many requests
 * as the levels times the requests per level, at most this wide at once, for at
 * most this long (each level, and the run in all).
 */
export const BENCHMARK_LIMITS = {
  maxLevels: 8,
  maxConcurrency: 32,
  maxRequestsPerLevel: 200,
  maxRequests: 1000,
  maxSecondsPerLevel: 300,
  maxRunSeconds: 30 * 60,
  /** Prompt length (o200k tokens, approximate) and output length caps. */
  maxPromptTokens: 8000,
  maxOutputTokens: 4096,
} as const;

/**
 * Prompt lengths drawn uniformly from [min, max] tokens by a seeded generator,
 * so two runs (or two endpoints) get the very same prompts.
 */
export const PromptLengths = z
  .object({
    minTokens: z.number().int().min(1).max(BENCHMARK_LIMITS.maxPromptTokens),
    maxTokens: z.number().int().min(1).max(BENCHMARK_LIMITS.maxPromptTokens),
    seed: z.number().int().nonnegative().max(0xffffffff).default(1),
  })
  .refine((p) => p.minTokens <= p.maxTokens, 'promptLengths.minTokens must not exceed maxTokens');
export type PromptLengths = z.infer<typeof PromptLengths>;

/** What to run: one catalog entry (a model on its endpoint), the load shape, and when each level stops. */
export const BenchmarkPlan = z.object({
  model: z.string().min(1).max(200),
  /** Requests in flight at once, one level after the other, in this order. */
  concurrency: z
    .array(z.number().int().min(1).max(BENCHMARK_LIMITS.maxConcurrency))
    .min(1)
    .max(BENCHMARK_LIMITS.maxLevels)
    .refine((l) => new Set(l).size === l.length, 'concurrency levels must differ'),
  /** Each level sends this many requests, or fewer when `secondsPerLevel` runs out first. */
  requestsPerLevel: z.number().int().min(1).max(BENCHMARK_LIMITS.maxRequestsPerLevel),
  /** Stop starting requests in a level after this long (those in flight finish). */
  secondsPerLevel: z.number().int().min(1).max(BENCHMARK_LIMITS.maxSecondsPerLevel).optional(),
  promptLengths: PromptLengths,
  /** max_tokens of every request; the prompt asks for at least this much text. */
  outputTokens: z.number().int().min(1).max(BENCHMARK_LIMITS.maxOutputTokens),
});
export type BenchmarkPlan = z.infer<typeof BenchmarkPlan>;

/**
 * The cost of a plan at its upper bound (every request sent, every prompt at
 * `maxTokens`, every answer at `outputTokens`), at the catalog's prices.
 * `costUsd` null: a price is unknown. `needsConfirmation`: anything but a
 * known price of zero.
 */
export const BenchmarkEstimate = z.object({
  requests: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative().nullable(),
  needsConfirmation: z.boolean(),
});
export type BenchmarkEstimate = z.infer<typeof BenchmarkEstimate>;

/** A start request: the plan, and for a paid model the estimate the person saw and confirmed. */
export const StartBenchmark = BenchmarkPlan.extend({
  confirmed: z.object({ costUsd: z.number().nonnegative().nullable() }).optional(),
});
export type StartBenchmark = z.infer<typeof StartBenchmark>;

/** p50/p90/p99 of one figure over a level's answers that have it (`n`); null when none has. */
export const Percentiles = z.object({
  n: z.number().int().nonnegative(),
  p50: z.number().nonnegative(),
  p90: z.number().nonnegative(),
  p99: z.number().nonnegative(),
});
export type Percentiles = z.infer<typeof Percentiles>;

/**
 * One concurrency level's figures. Per answer they are the arena's own
 * (shared/metrics.ts): TTFT, end-to-end latency, decode speed; inter-token
 * latency is the decode window over the tokens after the first. Totals are
 * over the level's wall time, from its first request to its last answer.
 */
export const LevelFigures = z.object({
  concurrency: z.number().int().positive(),
  requests: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
  ttftMs: Percentiles.nullable(),
  interTokenMs: Percentiles.nullable(),
  latencyMs: Percentiles.nullable(),
  outputTokensPerSecond: Percentiles.nullable(),
  /** All output tokens of the level over its wall time. */
  totalOutputTokensPerSecond: z.number().nonnegative().nullable(),
  requestsPerSecond: z.number().nonnegative().nullable(),
  outputTokens: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  /** Summed from the answers' costs; null when any answer's is unknown. */
  costUsd: z.number().nonnegative().nullable(),
  /** Failed requests by the provider error classification (shared/provider-error.ts). */
  errors: z.partialRecord(ProviderErrorKind, z.number().int().positive()),
});
export type LevelFigures = z.infer<typeof LevelFigures>;

export const BenchmarkStatus = z.enum(['running', 'finished', 'cancelled', 'failed', 'interrupted']);
export type BenchmarkStatus = z.infer<typeof BenchmarkStatus>;

/** One benchmark run as stored, listed and exported. */
export const BenchmarkRun = z.object({
  id: z.string().min(1),
  model: z.string(),
  modelLabel: z.string(),
  /** The model name the endpoint was asked for: runs of one upstream model on two endpoints compare. */
  upstreamModel: z.string(),
  endpointId: z.string(),
  providerLabel: z.string(),
  startedBy: z.string(),
  createdAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  status: BenchmarkStatus,
  /** Why a run failed or stopped early, when it did. */
  note: z.string().nullable(),
  plan: BenchmarkPlan,
  estimate: BenchmarkEstimate,
  levels: z.array(LevelFigures),
});
export type BenchmarkRun = z.infer<typeof BenchmarkRun>;

export const BenchmarkList = z.object({ runs: z.array(BenchmarkRun) });
export type BenchmarkList = z.infer<typeof BenchmarkList>;
