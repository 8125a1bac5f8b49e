import type { CostEstimate, PromptSetItem } from '../../shared/prompt-set.ts';
import type { ModelSpec } from '../../shared/catalog.ts';
import { costUsd } from '../arena/cost-usd.ts';
import { estimateTokens } from '../arena/token-estimator.ts';

/**
 * What a run would cost at most, from the catalog's prices: each prompt's
 * tokens (system prompt included) by the o200k count the arena falls back on,
 * and every answer as long as it may be (its max_tokens), since how long the
 * answers will be is not known before they are written. Null for a model
 * without a price (unknown is not free).
 */
export async function estimateRunCost(
  items: readonly PromptSetItem[],
  specs: readonly ModelSpec[],
  defaultMaxTokens: number,
): Promise<CostEstimate> {
  let inputTokens = 0;
  for (const it of items) inputTokens += (await estimateTokens(it.prompt)) + (it.system ? await estimateTokens(it.system) : 0);
  const models = specs.map((spec) => {
    const perAnswer = Math.min(spec.sampling.maxTokens ?? defaultMaxTokens, spec.maxOutputTokens ?? Infinity);
    const outputTokens = perAnswer * items.length;
    return {
      model: spec.id,
      inputTokens,
      outputTokens,
      costUsd: costUsd(spec.pricing, { inputTokens, outputTokens, cachedInputTokens: 0 }),
    };
  });
  const costs = models.map((m) => m.costUsd);
  return {
    prompts: items.length,
    assumedOutputTokens: Math.max(0, ...models.map((m) => (items.length > 0 ? m.outputTokens / items.length : 0))),
    models,
    totalUsd: costs.some((c) => c === null) ? null : costs.reduce((a: number, c) => a + c!, 0),
  };
}
