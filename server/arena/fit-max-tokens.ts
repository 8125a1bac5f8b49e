/**
 * Room kept free beyond the prompt's estimated size: chat-template tokens
 * (role markers, a few per message) and the estimate's own error (the o200k
 * count of a prompt differs from another model's tokenizer by some percent).
 */
export const CONTEXT_MARGIN = { tokens: 16, perMessage: 8, fraction: 0.1 } as const;

export interface FitMaxTokensArgs {
  /** What the catalog and config ask for. */
  requested: number;
  /** The model's context window, null when unknown. */
  contextWindow: number | null;
  /** The prompt's size in tokens (an estimate or the model's own count), null when unknown. */
  promptTokens: number | null;
  /** Messages in the prompt, each wrapped in a few template tokens. */
  messages: number;
}

/**
 * The output budget that fits the context window: `requested`, lowered so that
 * prompt + margin + max_tokens stays inside the window when both the window and
 * the prompt size are known. When the prompt alone (with the margin) fills the
 * window there is no budget that fits: the request goes as asked, and the
 * server's own check answers with a context error the user can read.
 */
export function fitMaxTokens({ requested, ...prompt }: FitMaxTokensArgs): number {
  const room = outputRoom(prompt);
  if (room === null || room < 1) return requested;
  return Math.min(requested, room);
}

/** Tokens left for the answer once the prompt and the margin are in the window; null when either size is unknown. */
export function outputRoom({ contextWindow, promptTokens, messages }: Omit<FitMaxTokensArgs, 'requested'>): number | null {
  if (contextWindow === null || promptTokens === null) return null;
  const margin = CONTEXT_MARGIN.tokens + CONTEXT_MARGIN.perMessage * messages + Math.ceil(CONTEXT_MARGIN.fraction * promptTokens);
  return contextWindow - promptTokens - margin;
}
