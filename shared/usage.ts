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

/**
 * Raw finish reasons of Versus's own per-answer caps. A capped answer ends as
 * `length` (cut by a limit, like max_tokens) with one of these as `raw`, so no
 * new unified value is needed and the reason stays readable after the fact.
 */
export const CAP_FINISH_RAW = {
  wallTime: 'versus:wall-time-cap',
  textSize: 'versus:text-size-cap',
} as const;
export type AnswerCap = keyof typeof CAP_FINISH_RAW;
