import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages/messages';
import type { FinishReasonUnified } from '../../shared/usage.ts';
import { createSdkStreamAdapter, sdkClientOptions, type ChunkPart, type SdkEndpointOptions } from './sdk-stream-adapter.ts';
import { registerSdkErrorClasses } from './sdk-error-classes.ts';
import type { ChatRequest, ProviderAdapter } from './types.ts';

registerSdkErrorClasses(Anthropic);

/** `baseURL` is what ANTHROPIC_BASE_URL would be: the origin, without /v1. */
export type AnthropicAdapterOptions = SdkEndpointOptions;

const DEFAULT_MAX_TOKENS = 4096;

/** Anthropic's field mapping for the shared SDK stream skeleton: Messages, streamed. */
export function createAnthropicAdapter(opts: AnthropicAdapterOptions = {}): ProviderAdapter {
  const client = new Anthropic(sdkClientOptions(opts));
  return createSdkStreamAdapter<RawMessageStreamEvent>({
    kind: 'anthropic',
    apiKey: opts.apiKey,
    open: (req, signal) => client.messages.create(buildParams(req), { signal }),
    read: readEvent,
    unifyFinishReason: unifyStopReason,
  });
}

/**
 * SDK 1.x dropped `temperature`/`top_p` from its types (deprecated by the API for
 * current models) but still sends whatever the body holds. A catalog entry that
 * pins them gets them on the wire: older models and Anthropic-compatible proxies
 * honour them, and an API that refuses says so with a 400 the user can read.
 */
type MessageParams = MessageCreateParamsStreaming & { temperature?: number; top_p?: number };

function buildParams(req: ChatRequest): MessageParams {
  const system = req.messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n\n');
  const params: MessageParams = {
    model: req.model,
    max_tokens: req.sampling.maxTokens ?? DEFAULT_MAX_TOKENS,
    messages: req.messages.flatMap((m) => (m.role === 'system' ? [] : [{ role: m.role, content: m.content }])),
    stream: true,
  };
  if (system.length > 0) params.system = system;
  if (req.sampling.temperature !== undefined) params.temperature = req.sampling.temperature;
  if (req.sampling.topP !== undefined) params.top_p = req.sampling.topP;
  // The Messages API has no seed: a pinned seed is silently not honoured here.
  return params;
}

interface LenientUsage {
  input_tokens?: unknown;
  cache_read_input_tokens?: unknown;
  cache_creation_input_tokens?: unknown;
  output_tokens?: unknown;
}

const NOTHING: readonly ChunkPart[] = [];

function readEvent(ev: RawMessageStreamEvent): readonly ChunkPart[] {
  switch (ev.type) {
    case 'message_start': {
      const u = ev.message?.usage as LenientUsage | null | undefined;
      // Its output_tokens is a placeholder (usually 1), not a count of this answer.
      return u ? [{ type: 'usage', usage: inputUsage(u) }] : NOTHING;
    }
    case 'message_delta': {
      const parts: ChunkPart[] = [];
      // Cumulative counts: they supersede message_start's.
      const u = ev.usage as LenientUsage | null | undefined;
      if (u) parts.push({ type: 'usage', usage: { ...inputUsage(u), output: u.output_tokens } });
      if (typeof ev.delta?.stop_reason === 'string') parts.push({ type: 'finish-reason', raw: ev.delta.stop_reason });
      return parts;
    }
    case 'content_block_delta':
      return ev.delta?.type === 'text_delta' && typeof ev.delta.text === 'string' ? [{ type: 'text-delta', text: ev.delta.text }] : NOTHING;
    case 'content_block_start':
    case 'content_block_stop':
    case 'message_stop':
      return NOTHING;
    default: {
      // Compile-time exhaustiveness only: new event types from newer APIs are ignored, not fatal.
      const _future: never = ev;
      void _future;
      return NOTHING;
    }
  }
}

/** Anthropic's input_tokens leaves out the cache reads and writes; the tally adds them back. */
function inputUsage(u: LenientUsage) {
  return { uncachedInput: u.input_tokens, cacheRead: u.cache_read_input_tokens, cacheWrite: u.cache_creation_input_tokens };
}

function unifyStopReason(raw: string): FinishReasonUnified {
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    // model_context_window_exceeded: the answer was cut by the context window, to the reader the same as running out of tokens.
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'other';
  }
}
