import type { ModelSpec } from '../../shared/catalog.ts';
import type { ChatMessage, ProviderAdapter } from '../providers/types.ts';
import { fitMaxTokens, outputRoom } from './fit-max-tokens.ts';
import { estimateTokens } from './token-estimator.ts';

/**
 * max_tokens for one request: the battle's own setting or the entry's pinned
 * value, else the arena default; within the model's output limit, fitted to
 * the context window left by the prompt.
 */
export async function maxTokensFor(
  spec: ModelSpec,
  adapter: ProviderAdapter,
  messages: readonly ChatMessage[],
  defaultMaxTokens: number,
  battleSetting?: number,
): Promise<number> {
  const requested = Math.min(battleSetting ?? spec.sampling.maxTokens ?? defaultMaxTokens, spec.maxOutputTokens ?? Infinity);
  if (spec.contextWindow === null) return requested;
  const prompt = messages.map((m) => m.content).join('\n');
  const sizes = { contextWindow: spec.contextWindow, messages: messages.length };
  // Tokenizers spend at least one UTF-8 byte per token, so a prompt whose byte size leaves room needs no
  // count: counting a long prompt blocks the event loop for a noticeable time.
  const roomAtLeast = outputRoom({ ...sizes, promptTokens: Buffer.byteLength(prompt, 'utf8') });
  if (roomAtLeast !== null && roomAtLeast >= requested) return requested;
  const counted = await (adapter.countTokens ? adapter.countTokens(spec.upstreamModel, prompt) : estimateTokens(prompt)).catch(() => null);
  return fitMaxTokens({ requested, ...sizes, promptTokens: counted });
}
