import OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions/completions';
import type { FinishReason, FinishReasonUnified, Usage } from '../../shared/usage.ts';
import { toProviderError } from './to-provider-error.ts';
import type { ChatRequest, ProviderAdapter, StreamEvent, StreamOptions } from './types.ts';

export interface OpenAIAdapterOptions {
  /** e.g. http://127.0.0.1:11434/v1 for Ollama; the SDK default (api.openai.com) when omitted. */
  baseURL?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  /** Ask for a usage chunk (`stream_options.include_usage`); some servers reject the option with a 400. */
  includeUsage?: boolean;
  /** SDK retries on 408/409/429/5xx and connection errors. Default 0: the arena shows failures at once. */
  maxRetries?: number;
  /** The SDK `timeout`: it only covers the wait for response headers, never the streamed body. */
  headersTimeoutMs?: number;
  /**
   * Which field carries `sampling.maxTokens`. `max_tokens` (default) is the one every
   * OpenAI-compatible server understands (Ollama, vLLM, llama.cpp, LM Studio, Groq,
   * OpenRouter, Gemini); OpenAI itself deprecated it and its reasoning models (o-series,
   * gpt-5) reject it, so endpoints serving those set `max_completion_tokens`.
   */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
}

/** Local servers ignore the key, but the SDK refuses to build a client without one. */
const PLACEHOLDER_KEY = 'no-key';

export function createOpenAIAdapter(opts: OpenAIAdapterOptions = {}): ProviderAdapter {
  const client = new OpenAI({
    apiKey: opts.apiKey || PLACEHOLDER_KEY,
    baseURL: opts.baseURL,
    // Explicit nulls: ambient OPENAI_ORG_ID / OPENAI_PROJECT_ID must not leak to third-party servers.
    organization: null,
    project: null,
    defaultHeaders: opts.headers,
    maxRetries: opts.maxRetries ?? 0,
    ...(opts.headersTimeoutMs !== undefined && { timeout: opts.headersTimeoutMs }),
  });
  const includeUsage = opts.includeUsage ?? true;
  const maxTokensField = opts.maxTokensField ?? 'max_tokens';

  return {
    kind: 'openai',
    stream: (req, streamOpts) => streamChat(client, req, streamOpts, { includeUsage, maxTokensField, apiKey: opts.apiKey }),
  };
}

interface StreamSettings {
  includeUsage: boolean;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  apiKey: string | undefined;
}

async function* streamChat(
  client: OpenAI,
  req: ChatRequest,
  { signal }: StreamOptions,
  s: StreamSettings,
): AsyncGenerator<StreamEvent> {
  const fail = (err: unknown): StreamEvent => ({
    type: 'error',
    error: toProviderError(err, { aborted: signal.aborted, apiKey: s.apiKey }),
  });
  let finishRaw: string | undefined;
  let usage: Usage | undefined;
  let sawText = false;
  try {
    const stream = await client.chat.completions.create(buildParams(req, s), { signal });
    for await (const chunk of stream) {
      // Typed loosely on purpose: compatible servers omit or null out fields the SDK types as required.
      const c = chunk as unknown as LenientChunk;
      const u = c.usage ?? c.x_groq?.usage;
      if (u) usage = toUsage(u);
      for (const choice of Array.isArray(c.choices) ? c.choices : []) {
        if ((choice.index ?? 0) !== 0) continue;
        const text = choice.delta?.content;
        if (typeof text === 'string' && text.length > 0) {
          sawText = true;
          yield { type: 'text-delta', text };
        }
        if (typeof choice.finish_reason === 'string' && choice.finish_reason.length > 0) finishRaw = choice.finish_reason;
      }
    }
  } catch (err) {
    yield fail(err);
    return;
  }
  // The SDK's iterator ends silently when its request is aborted, so a stopped stream looks complete here.
  if (signal.aborted) {
    yield fail(undefined);
    return;
  }
  if (finishRaw === undefined && !sawText && usage === undefined) {
    yield {
      type: 'error',
      error: { kind: 'server', message: 'The provider ended the stream without any output or finish reason.' },
    };
    return;
  }
  const finishReason: FinishReason =
    finishRaw === undefined ? { unified: 'unknown' } : { unified: unifyFinishReason(finishRaw), raw: finishRaw };
  yield { type: 'finish', finishReason, usage: usage ?? {} };
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

function toUsage(u: LenientUsage): Usage {
  const usage: Usage = {};
  const input = count(u.prompt_tokens);
  const output = count(u.completion_tokens);
  const cached = count(u.prompt_tokens_details?.cached_tokens);
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  if (cached !== undefined) usage.cachedInputTokens = cached;
  return usage;
}

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
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
