import type { SideMetrics } from '../../shared/metrics.ts';
import type { ProviderErrorKind, PublicProviderError } from '../../shared/provider-error.ts';
import type { FinishReason } from '../../shared/usage.ts';
import type { SideOutcome } from './run-side.ts';
import { tokensPerSecond } from './tokens-per-second.ts';

/** The same sentence for every provider: the provider's own text names models and shapes its errors. */
const NEUTRAL: Record<ProviderErrorKind, string> = {
  auth: 'The provider of this side refused its credentials.',
  rate_limit: 'The provider of this side is limiting requests; try again in a moment.',
  overloaded: 'The provider of this side is overloaded; try again in a moment.',
  timeout: 'This side took too long to answer.',
  network: 'The connection to this side failed.',
  bad_request: 'The provider of this side refused the request.',
  server: 'The provider of this side failed.',
  cancelled: 'Stopped before the answer finished.',
};

export interface BlindEnd {
  finishReason: FinishReason | null;
  error: PublicProviderError | null;
  metrics: SideMetrics;
}

/**
 * What a blind client may see of an ended side before its vote: only what
 * every provider would show for the same answer text and timing. Withheld
 * until the vote, because each tells providers apart:
 * - the raw finish reason (`end_turn` is Anthropic's, `stop` OpenAI's) and
 *   the error's own text, HTTP status and retry time;
 * - input tokens and cached tokens (each provider wraps a prompt differently),
 *   the provider's output count (each tokenizer splits a text differently)
 *   and which counts are estimates (some providers report no usage);
 * - cost (price gives the tier away), and the server's own timings (only
 *   some servers send them).
 * Output tokens and tokens/s are shown from one tokenizer for every side
 * (`outputTokensOneTokenizer`, o200k), flagged as estimates; timing stays, as
 * how fast a model answers is its own behaviour, not a label.
 */
export function blindView(outcome: SideOutcome, outputTokensOneTokenizer: number | null): BlindEnd {
  const m = outcome.metrics;
  const speed = tokensPerSecond(outputTokensOneTokenizer, m.decodeMs);
  return {
    finishReason: outcome.finishReason ? { unified: outcome.finishReason.unified } : null,
    error: outcome.error ? { kind: outcome.error.kind, message: NEUTRAL[outcome.error.kind] } : null,
    metrics: {
      ttftMs: m.ttftMs,
      latencyMs: m.latencyMs,
      decodeMs: m.decodeMs,
      outputTokensPerSecond: speed.tokensPerSecond,
      speedNote: speed.note,
      inputTokens: null,
      outputTokens: outputTokensOneTokenizer,
      cachedInputTokens: null,
      costUsd: null,
      estimated: { inputTokens: false, outputTokens: outputTokensOneTokenizer !== null },
      // Only some servers (llama.cpp) report their own timings: that alone would name the kind of server.
      serverReported: null,
    },
  };
}
