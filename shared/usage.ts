import { z } from 'zod';

/** Token usage as reported by a provider. Unknown is `undefined`, never zero. */
export const Usage = z.object({
  inputTokens: z.number().int().nonnegative().optional(),
  outputTokens: z.number().int().nonnegative().optional(),
  /** Input tokens served from the provider's prompt cache (billed at the cached price). */
  cachedInputTokens: z.number().int().nonnegative().optional(),
});
export type Usage = z.infer<typeof Usage>;

export const FinishReasonUnified = z.enum(['stop', 'length', 'content_filter', 'tool_calls', 'other', 'unknown']);
export type FinishReasonUnified = z.infer<typeof FinishReasonUnified>;

/** The normalised reason plus the provider's own string, so nothing is lost in translation. */
export const FinishReason = z.object({
  unified: FinishReasonUnified,
  raw: z.string().optional(),
});
export type FinishReason = z.infer<typeof FinishReason>;
