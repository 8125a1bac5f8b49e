import OpenAI from 'openai';
import { llamaCppTimings } from './llama-cpp-timings.ts';
import type { SseItem } from './read-sse-events.ts';
import type { ChunkPart } from './sdk-stream-adapter.ts';

/**
 * The parts one SSE item of a chat-completions stream carries. Read from the
 * raw event stream because the SDK's parser drops llama.cpp's `error:` lines
 * and yields an `event: error` whose data lacks an `error` member as if it
 * were a chunk. Failures become the SDK's own `APIError`, as the SDK builds it
 * for `data: {"error":…}`, so classification stays in one place.
 *
 * The three ways a compatible server reports a failure mid-stream:
 * - `error: {"code":400,"message":…,"type":…}` (llama.cpp's server, until it moved errors into `data:`), then `data: [DONE]`;
 * - `data: {"error":{…}}` (OpenAI, vLLM, OpenRouter, llama.cpp now), often followed by `data: [DONE]`;
 * - `event: error` with `data: {…}`, with or without an `error` member.
 */
export function openAIStreamParts(item: SseItem): readonly ChunkPart[] {
  if (item.type === 'field') return item.name === 'error' ? [errorPart(parseLenient(item.value))] : NOTHING;
  if (item.data.trim() === '[DONE]') return [{ type: 'end' }];
  let json: unknown;
  try {
    json = JSON.parse(item.data);
  } catch {
    return [{ type: 'error', error: new Error(`The provider sent a stream event that is not JSON: ${item.data.slice(0, 200)}`) }];
  }
  if (isObject(json) && json['error'] !== undefined && json['error'] !== null) return [errorPart(json['error'])];
  if (item.event === 'error') return [errorPart(json)];
  return chunkParts(json);
}

const NOTHING: readonly ChunkPart[] = [];

function errorPart(payload: unknown): ChunkPart {
  const body = isObject(payload) ? payload : { message: String(payload) };
  return { type: 'error', error: new OpenAI.APIError(undefined, body, undefined, undefined) };
}

function parseLenient(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

interface LenientUsage {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
  prompt_tokens_details?: { cached_tokens?: unknown } | null;
}

interface LenientChunk {
  choices?: Array<{ index?: number; delta?: { content?: unknown } | null; finish_reason?: unknown } | null> | null;
  usage?: LenientUsage | null;
  /** Groq reports usage here instead of `usage`. */
  x_groq?: { usage?: LenientUsage | null } | null;
  /** llama.cpp's server timings, on the last chunk. */
  timings?: unknown;
}

function chunkParts(json: unknown): ChunkPart[] {
  // Typed loosely on purpose: compatible servers omit or null out fields the SDK types as required.
  if (!isObject(json)) return [];
  const c = json as LenientChunk;
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
    if (!isObject(choice) || (choice.index ?? 0) !== 0) continue;
    const text = choice.delta?.content;
    if (typeof text === 'string') parts.push({ type: 'text-delta', text });
    if (typeof choice.finish_reason === 'string') parts.push({ type: 'finish-reason', raw: choice.finish_reason });
  }
  const timings = c.timings === undefined ? undefined : llamaCppTimings(c.timings);
  if (timings) parts.push({ type: 'server-timings', timings });
  return parts;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
