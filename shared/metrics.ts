import { z } from 'zod';

/**
 * When an observed speed is published: at least `minTokens` output tokens over
 * at least `minWindowMs` from first to last text (why: server/arena/tokens-per-second.ts).
 */
export const SPEED_RULE = { minTokens: 8, minWindowMs: 250 } as const;

/**
 * Why an answer has no observed output speed (`outputTokensPerSecond` is null):
 * - no_output: no text arrived, or its token count is unknown;
 * - too_few_tokens: fewer output tokens than the rule needs;
 * - window_too_short: the decode window (first to last text) is too short to time.
 * The thresholds are SPEED_RULE.
 */
export const SpeedNote = z.enum(['no_output', 'too_few_tokens', 'window_too_short']);
export type SpeedNote = z.infer<typeof SpeedNote>;

/**
 * The inference server's own account of its work, as it reported it (llama.cpp's
 * `timings`). Kept apart from what Versus observed: the two are never mixed in
 * one figure or one median. Each field is null when the server left it out.
 */
export const ServerReportedTimings = z.object({
  /** Tokens the server generated (llama.cpp `predicted_n`). */
  outputTokens: z.number().int().nonnegative().nullable(),
  /** The server's generation time (`predicted_ms`). */
  decodeMs: z.number().nonnegative().nullable(),
  /** The server's generation speed (`predicted_per_second`, else outputTokens / decodeMs). */
  outputTokensPerSecond: z.number().nonnegative().nullable(),
  /** Prompt tokens the server processed, cache hits excluded (`prompt_n`). */
  promptTokens: z.number().int().nonnegative().nullable(),
  /** The server's prompt processing time (`prompt_ms`). */
  promptMs: z.number().nonnegative().nullable(),
  /** The server's prompt processing speed (`prompt_per_second`, else promptTokens / promptMs). */
  promptTokensPerSecond: z.number().nonnegative().nullable(),
});
export type ServerReportedTimings = z.infer<typeof ServerReportedTimings>;

/**
 * Measurements of one answer, computed on the server (server/arena/compute-metrics.ts)
 * and shown by the client. Definitions (also in the README):
 * - t0: the moment the request is handed to the SDK (monotonic clock).
 * - ttftMs: first non-empty text − t0.
 * - latencyMs: end of stream − t0 (end-to-end).
 * - decodeMs: last text − first text.
 * - outputTokensPerSecond: (outputTokens − 1) / decodeMs, the decode speed without
 *   TTFT, published only from a window long enough to time (at least 8 output
 *   tokens and 250 ms from first to last text); otherwise null, and `speedNote` says why.
 * - tokens: the provider's usage; where usage is missing a local o200k count,
 *   flagged in `estimated`.
 * - costUsd: (input − cached) × input price + cached × cached price + output ×
 *   output price, per million; null when a price or a token count is unknown.
 * - serverReported: the server's own timings, when it sent any (else null).
 *
 * `speedNote` and `serverReported` are optional only so that records and exports
 * written before they existed still read; new answers always carry both.
 */
export const SideMetrics = z.object({
  ttftMs: z.number().nonnegative().nullable(),
  latencyMs: z.number().nonnegative().nullable(),
  decodeMs: z.number().nonnegative().nullable(),
  outputTokensPerSecond: z.number().nonnegative().nullable(),
  /** Why `outputTokensPerSecond` is null; null when it is published. */
  speedNote: SpeedNote.nullable().optional(),
  inputTokens: z.number().int().nonnegative().nullable(),
  outputTokens: z.number().int().nonnegative().nullable(),
  cachedInputTokens: z.number().int().nonnegative().nullable(),
  costUsd: z.number().nonnegative().nullable(),
  /** Which figures are local estimates rather than provider-reported. */
  estimated: z.object({
    inputTokens: z.boolean(),
    outputTokens: z.boolean(),
  }),
  serverReported: ServerReportedTimings.nullable().optional(),
});
export type SideMetrics = z.infer<typeof SideMetrics>;
