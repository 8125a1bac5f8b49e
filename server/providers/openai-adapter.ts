import OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions/completions';
import type { FinishReasonUnified } from '../../shared/usage.ts';
import { nodeBodyOf } from './node-http-fetch.ts';
import { openAIStreamParts } from './openai-stream-parts.ts';
import { readSseEvents, type SseItem } from './read-sse-events.ts';
import { createSdkStreamAdapter, sdkClientOptions, type SdkEndpointOptions } from './sdk-stream-adapter.ts';
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
  return createSdkStreamAdapter<SseItem>({
    kind: 'openai',
    apiKey: opts.apiKey,
    open: async (req, signal) => {
      // The SDK still makes the request and throws its classified errors for an HTTP failure; only the
      // body is read here, because its stream parser loses the errors compatible servers send mid-stream.
      const response = await client.chat.completions.create(buildParams(req, s), { signal }).asResponse();
      // Some servers answer a failure with HTTP 200 and a JSON body (LM Studio: {"error": "Unexpected endpoint…"}):
      // read as one event, its `error` fails the side with the server's words instead of an empty stream.
      if (/^application\/json/i.test(response.headers.get('content-type') ?? '')) return [wholeBody(await response.text())];
      const body = nodeBodyOf(response) ?? response.body;
      if (!body) throw new Error('The provider answered without a body.');
      return { batches: readSseEvents(body) };
    },
    read: openAIStreamParts,
    unifyFinishReason,
  });
}

function wholeBody(text: string): SseItem {
  return { type: 'event', event: undefined, data: text };
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
