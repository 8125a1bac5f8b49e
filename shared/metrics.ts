import { z } from 'zod';

/**
 * Measurements of one answer, computed on the server (server/arena/compute-metrics.ts)
 * and shown by the client. Definitions (also in the README):
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
