import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions/completions';
import type { FinishReasonUnified } from '../../shared/usage.ts';
import { createSdkStreamAdapter, sdkClientOptions, type ChunkPart, type SdkEndpointOptions } from './sdk-stream-adapter.ts';
import type { ChatRequest, ProviderAdapter } from './types.ts';

export interface OpenAIAdapterOptions extends SdkEndpointOptions {
  /** Ask for a usage chunk (`stream_options.include_usage`); some servers reject the option with a 400. */
  includeUsage?: boolean;
  /**
   * Which field carries `sampling.maxTokens`. `max_tokens` (default) is the one every
   * OpenAI-compatible server understands (Ollama, vLLM, llama.cpp, LM Studio, Groq,
   * OpenRouter, Gemini); OpenAI itself deprecated it and its reasoning models (o-series,
   * gpt-5) reject it, so endpoints serving those set `max_completion_tokens`.
   */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
}

/** OpenAI's field mapping for the shared SDK stream skeleton: chat completions, streamed. */
export function createOpenAIAdapter(opts: OpenAIAdapterOptions = {}): ProviderAdapter {
  const client = new OpenAI({
    ...sdkClientOptions(opts),
    // Explicit nulls: ambient OPENAI_ORG_ID / OPENAI_PROJECT_ID must not leak to third-party servers.
    organization: null,
    project: null,
  });
  const s: StreamSettings = { includeUsage: opts.includeUsage ?? true, maxTokensField: opts.maxTokensField ?? 'max_tokens' };
  return createSdkStreamAdapter<ChatCompletionChunk>({
    kind: 'openai',
    apiKey: opts.apiKey,
    open: (req, signal) => client.chat.completions.create(buildParams(req, s), { signal }),
    read: readChunk,
    unifyFinishReason,
  });
}

interface StreamSettings {
  includeUsage: boolean;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
}

function buildParams(req: ChatRequest, s: StreamSettings): ChatCompletionCreateParamsStreaming {
  const { temperature, topP, seed, maxTokens } = req.sampling;
  const params: ChatCompletionCreateParamsStreaming = {
    model: req.model,
    messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
    stream: true,
  };
  // Only what is set goes on the wire: some servers reject fields they do not know, even when null.
  if (s.includeUsage) params.stream_options = { include_usage: true };
  if (temperature !== undefined) params.temperature = temperature;
  if (topP !== undefined) params.top_p = topP;
  if (seed !== undefined) params.seed = seed;
  if (maxTokens !== undefined) params[s.maxTokensField] = maxTokens;
  return params;
}

interface LenientUsage {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
  prompt_tokens_details?: { cached_tokens?: unknown } | null;
}

interface LenientChunk {
  choices?: Array<{ index?: number; delta?: { content?: unknown } | null; finish_reason?: unknown }> | null;
  usage?: LenientUsage | null;
  /** Groq reports usage here instead of `usage`. */
  x_groq?: { usage?: LenientUsage | null } | null;
}

function readChunk(chunk: ChatCompletionChunk): ChunkPart[] {
  // Typed loosely on purpose: compatible servers omit or null out fields the SDK types as required.
  const c = chunk as unknown as LenientChunk;
  const parts: ChunkPart[] = [];
  const u = c.usage ?? c.x_groq?.usage;
  if (u) {
    parts.push({
      type: 'usage',
      usage: { input: u.prompt_tokens, output: u.completion_tokens, cacheRead: u.prompt_tokens_details?.cached_tokens },
    });
  }
  for (const choice of Array.isArray(c.choices) ? c.choices : []) {
    // Only the first choice is the answer; a server that ignores `n` must not interleave a second one.
    if ((choice.index ?? 0) !== 0) continue;
    const text = choice.delta?.content;
    if (typeof text === 'string') parts.push({ type: 'text-delta', text });
    if (typeof choice.finish_reason === 'string') parts.push({ type: 'finish-reason', raw: choice.finish_reason });
  }
  return parts;
}

/** OpenAI's own values plus the spellings compatible servers (and Gemini, via its shim) are known to send. */
function unifyFinishReason(raw: string): FinishReasonUnified {
  switch (raw.toLowerCase()) {
    case 'stop':
    case 'eos':
    case 'eos_token':
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'length':
    case 'max_tokens':
    case 'model_length':
      return 'length';
    case 'content_filter':
    case 'safety':
    case 'recitation':
    case 'prohibited_content':
    case 'blocklist':
    case 'spii':
      return 'content_filter';
    case 'tool_calls':
    case 'function_call':
    case 'tool_use':
      return 'tool_calls';
    default:
      return 'other';
  }
}
