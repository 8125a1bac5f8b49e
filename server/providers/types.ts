import type { ServerReportedTimings } from '../../shared/metrics.ts';
import type { ProviderError } from '../../shared/provider-error.ts';
import type { FinishReason, Usage } from '../../shared/usage.ts';
import type { Sampling } from '../../shared/catalog.ts';

/**
 * The one event union every provider adapter yields. Invariants:
 * - a stream ends with exactly one `finish` or one `error`, then nothing;
 * - an adapter never throws once iteration started: failures are `error` events;
 * - usage fields are undefined when unknown (unknown is not zero);
 * - a finish is a stream that said it finished (a finish reason, or a final
 *   output count); a stream that just stops is an `error`, never a `finish`;
 * - adapters do not measure time: the battle runner does, in one place.
 */
export type StreamEvent =
  | { type: 'text-delta'; text: string }
  | {
      type: 'finish';
      finishReason: FinishReason;
      usage: Usage;
      /** The server's own timings, when it reports them (llama.cpp's `timings`). */
      serverTimings?: ServerReportedTimings;
    }
  | { type: 'error'; error: ProviderError };

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  /** The model name the upstream API expects. */
  model: string;
  messages: ChatMessage[];
  sampling: Sampling;
}

export interface StreamOptions {
  signal: AbortSignal;
}

export interface ProviderAdapter {
  /** The endpoint kind, e.g. "openai", "anthropic", "local". */
  readonly kind: string;
  stream(req: ChatRequest, opts: StreamOptions): AsyncIterable<StreamEvent>;
  /**
   * Exact token count with the model's own tokenizer, when the adapter has one
   * (local models). Adapters without it leave estimates to the o200k fallback.
   */
  countTokens?(model: string, text: string): Promise<number>;
  /**
   * Resolves once the adapter can send a request: an adapter whose code loads on
   * first use has loaded it. runSide waits for it before taking t0, so loading
   * Versus's own modules never counts as the provider's time to first token.
   * Never rejects: a failed load is the stream's error to report.
   */
  ready?(): Promise<void>;
}
