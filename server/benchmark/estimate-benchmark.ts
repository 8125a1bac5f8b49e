import type { BenchmarkEstimate, BenchmarkPlan } from '../../shared/benchmark.ts';
import type { Pricing } from '../../shared/catalog.ts';
import { costUsd } from '../arena/cost-usd.ts';
import { HEADER_TOKENS } from './benchmark-prompt.ts';

/**
 * What a plan can cost at most: every request sent (the warm-ups too), every prompt at its
 * longest, every answer at max_tokens, at the catalog's prices (the same
 * formula as an answer's cost). Only a known price of zero needs no confirmation.
 */
export function estimateBenchmark(plan: BenchmarkPlan, pricing: Pricing): BenchmarkEstimate {
  // The levels' requests, and before each as many one-token warm-up requests as it sends at once (run-benchmark.ts).
  const measured = plan.concurrency.length * plan.requestsPerLevel;
  const warmUps = plan.concurrency.reduce((a, b) => a + b, 0);
  const requests = measured + warmUps;
  const inputTokens = measured * Math.max(plan.promptLengths.maxTokens, HEADER_TOKENS) + warmUps * HEADER_TOKENS;
  const outputTokens = measured * plan.outputTokens + warmUps;
  const cost = costUsd(pricing, { inputTokens, outputTokens, cachedInputTokens: 0 });
  return {
    requests,
    inputTokens,
    outputTokens,
    costUsd: cost,
    needsConfirmation: !(pricing.inputPerMTok === 0 && pricing.outputPerMTok === 0),
  };
}

/** Whether what the person confirmed is this estimate (to the micro-dollar: the client got it as JSON). */
export function confirmsEstimate(confirmed: { costUsd: number | null } | undefined, estimate: BenchmarkEstimate): boolean {
  if (!estimate.needsConfirmation) return true;
  if (confirmed === undefined) return false;
  if (confirmed.costUsd === null || estimate.costUsd === null) return confirmed.costUsd === estimate.costUsd;
  return Math.abs(confirmed.costUsd - estimate.costUsd) < 1e-6;
}
