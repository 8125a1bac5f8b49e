import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming } from '@anthropic-ai/sdk/resources/messages/messages';
import type { FinishReason, FinishReasonUnified, Usage } from '../../shared/usage.ts';
import { toProviderError } from './to-provider-error.ts';
import type { ChatRequest, ProviderAdapter, StreamEvent, StreamOptions } from './types.ts';

export interface AnthropicAdapterOptions {
  /** What ANTHROPIC_BASE_URL would be (no /v1); the SDK default when omitted. */
  baseURL?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  /** SDK retries on 408/409/429/5xx and connection errors. Default 0: the arena shows failures at once. */
  maxRetries?: number;
  /** The SDK `timeout`: it only covers the wait for response headers, never the streamed body. */
  headersTimeoutMs?: number;
}

/**
 * Without a key the SDK walks its credential chain (env, profile files) and
 * throws on the first request; a placeholder keeps keyless proxies working
 * and makes a missing key show up as the server's 401.
 */
const PLACEHOLDER_KEY = 'no-key';
const DEFAULT_MAX_TOKENS = 4096;

export function createAnthropicAdapter(opts: AnthropicAdapterOptions = {}): ProviderAdapter {
  const client = new Anthropic({
    apiKey: opts.apiKey || PLACEHOLDER_KEY,
    baseURL: opts.baseURL,
    defaultHeaders: opts.headers,
    maxRetries: opts.maxRetries ?? 0,
    ...(opts.headersTimeoutMs !== undefined && { timeout: opts.headersTimeoutMs }),
  });
  return {
    kind: 'anthropic',
    stream: (req, streamOpts) => streamMessages(client, req, streamOpts, opts.apiKey),
  };
}

/** Usage numbers as they arrive; message_delta carries cumulative values that supersede message_start's. */
interface UsageParts {
  input?: number;
  cacheRead?: number;
  cacheCreation?: number;
  output?: number;
}

async function* streamMessages(
  client: Anthropic,
  req: ChatRequest,
  { signal }: StreamOptions,
  apiKey: string | undefined,
): AsyncGenerator<StreamEvent> {
  const fail = (err: unknown): StreamEvent => ({
    type: 'error',
    error: toProviderError(err, { aborted: signal.aborted, apiKey }),
  });
  const parts: UsageParts = {};
  let sawUsage = false;
  let stopRaw: string | undefined;
  let sawText = false;
  try {
    const stream = await client.messages.create(buildParams(req), { signal });
    for await (const ev of stream) {
      switch (ev.type) {
        case 'message_start':
          sawUsage = mergeUsage(parts, ev.message?.usage) || sawUsage;
          break;
        case 'message_delta':
          sawUsage = mergeUsage(parts, ev.usage, true) || sawUsage;
          if (typeof ev.delta?.stop_reason === 'string') stopRaw = ev.delta.stop_reason;
          break;
        case 'content_block_delta':
          if (ev.delta?.type === 'text_delta' && typeof ev.delta.text === 'string' && ev.delta.text.length > 0) {
            sawText = true;
            yield { type: 'text-delta', text: ev.delta.text };
          }
          break;
        case 'content_block_start':
        case 'content_block_stop':
        case 'message_stop':
          break;
        default: {
          // Compile-time exhaustiveness only: new event types from newer APIs are ignored, not fatal.
          const _future: never = ev;
          void _future;
        }
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
  if (stopRaw === undefined && !sawText && !sawUsage) {
    yield {
      type: 'error',
      error: { kind: 'server', message: 'The provider ended the stream without any output or stop reason.' },
    };
    return;
  }
  const finishReason: FinishReason =
    stopRaw === undefined ? { unified: 'unknown' } : { unified: unifyStopReason(stopRaw), raw: stopRaw };
  yield { type: 'finish', finishReason, usage: toUsage(parts) };
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
  input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  output_tokens?: number | null;
}

/** Returns whether anything usable was in `u`. */
function mergeUsage(parts: UsageParts, u: LenientUsage | null | undefined, includeOutput = false): boolean {
  if (!u) return false;
  parts.input = count(u.input_tokens) ?? parts.input;
  parts.cacheRead = count(u.cache_read_input_tokens) ?? parts.cacheRead;
  parts.cacheCreation = count(u.cache_creation_input_tokens) ?? parts.cacheCreation;
  // message_start's output_tokens is a placeholder (usually 1), not a count of this answer.
  if (includeOutput) parts.output = count(u.output_tokens) ?? parts.output;
  return Object.values(u).some((v) => typeof v === 'number');
}

function toUsage(p: UsageParts): Usage {
  const usage: Usage = {};
  // Anthropic's input_tokens excludes cached tokens; the arena's input count is everything the model read.
  if (p.input !== undefined) usage.inputTokens = p.input + (p.cacheRead ?? 0) + (p.cacheCreation ?? 0);
  if (p.cacheRead !== undefined) usage.cachedInputTokens = p.cacheRead;
  if (p.output !== undefined) usage.outputTokens = p.output;
  return usage;
}

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

function unifyStopReason(raw: string): FinishReasonUnified {
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    // The answer was cut by the context window: to the reader, the same as running out of tokens.
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
