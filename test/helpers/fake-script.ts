/**
 * The script shape both fake provider servers (fake-openai-server.ts,
 * fake-anthropic-server.ts) play back. One script describes one response;
 * each server turns it into its provider's exact wire format.
 *
 * Timing is absolute: every `atMs` is measured from the moment the request
 * arrived at the server, so "first token at 300 ms, then one every 20 ms"
 * means the same thing however slow the client is to read.
 *
 * Fields marked (OpenAI) or (Anthropic) are ignored by the other server.
 */

/** A token as text (timed by `firstTokenMs`/`intervalMs`) or with its own arrival time. */
export type ScriptToken = string | { text: string; atMs: number };

/** How the response ends once all tokens are sent. */
export type ScriptEnd =
  /** The normal ending. `reason` undefined = the provider's usual ("stop" / "end_turn"); null = none sent. */
  | {
      type: 'finish';
      reason?: string | null;
      atMs?: number;
      /** Hold the body open this long after the last event (`[DONE]`) before ending it. */
      lingerMs?: number;
    }
  /**
   * An error event in the SSE stream, then the response ends. Anthropic: `event: error`. OpenAI, by `form`:
   * - 'data' (default): `data: {"error":{message,type,param,code}}`, as OpenAI, vLLM and llama.cpp now send it;
   * - 'field': `error: {code,message,type}`, the line llama.cpp's server wrote (a field SSE does not define);
   * - 'event': `event: error` + `data: {code,message,type}`, without an `error` member.
   * `done` (OpenAI) adds the `data: [DONE]` that llama.cpp sent after the error.
   */
  | {
      type: 'error-event';
      errorType?: string;
      message?: string;
      code?: string | number;
      form?: 'data' | 'field' | 'event';
      done?: boolean;
      atMs?: number;
    }
  /** Only the protocol's end marker, with no finish and no usage (OpenAI: `data: [DONE]`; Anthropic: `message_stop`). */
  | { type: 'end-marker'; atMs?: number }
  /** `socket.destroy()`: the client sees the connection drop mid-body. */
  | { type: 'drop'; atMs?: number }
  /** Say nothing more and keep the connection open until the client gives up (or the server closes). */
  | { type: 'stall' }
  /** End the HTTP response cleanly without a finish chunk, [DONE] or message_stop. */
  | { type: 'close'; atMs?: number };

/**
 * Token counts written verbatim into the provider's own usage fields:
 * OpenAI prompt_tokens / completion_tokens / prompt_tokens_details.cached_tokens;
 * Anthropic input_tokens (which excludes cache) / output_tokens /
 * cache_read_input_tokens / cache_creation_input_tokens.
 */
export interface ScriptUsage {
  inputTokens?: number;
  outputTokens?: number;
  cachedInputTokens?: number;
  cacheCreationInputTokens?: number;
}

/**
 * Where usage goes (OpenAI; Anthropic always reports in message_start and
 * message_delta unless 'none'):
 * - 'separate': like OpenAI, a final chunk with `choices: []`, and only when the
 *   request asked for `stream_options.include_usage` (then every chunk has `usage: null`);
 * - 'finish': on the finish chunk, whatever the request asked (servers that ignore stream_options);
 * - 'every': on every chunk, counting up (some servers report running totals);
 * - 'none': never.
 */
export type UsageMode = 'separate' | 'finish' | 'every' | 'none';

export interface HttpErrorSpec {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON verbatim. Default: the provider's own error shape built from `message`/`errorType`. */
  body?: unknown;
  message?: string;
  errorType?: string;
}

export interface FakeScript {
  /** Default: ['Hello', ',', ' world', '!']. */
  tokens?: ScriptToken[];
  /** When the first string token is sent. Default 0. */
  firstTokenMs?: number;
  /** Gap between string tokens. Default 0. */
  intervalMs?: number;
  /** Default: { type: 'finish' } at the last token's time. */
  end?: ScriptEnd;
  /** Default: inputTokens = ceil(characters of all messages / 4), outputTokens = number of tokens. */
  usage?: ScriptUsage;
  /** Default 'separate'. */
  usageMode?: UsageMode;
  /** (OpenAI) Send the `{role: 'assistant', content: ''}` chunk first. Default true. */
  roleChunk?: boolean;
  /** (OpenAI) Answer 400 when the request has `stream_options`, as some compatible servers do. */
  rejectStreamOptions?: boolean;
  /** Answer with this HTTP error instead of a completion. */
  httpError?: HttpErrorSpec;
  /** Hold the response headers back this long (to exercise the SDK's headers timeout). */
  headersDelayMs?: number;
  /** After the scripted tokens, send `text` every `intervalMs` (default 5) until the client goes away: a stream that never ends. */
  endless?: { text: string; intervalMs?: number };
  /** (OpenAI) llama.cpp's `timings` object, written verbatim on the finish chunk. */
  timings?: Record<string, unknown>;
}

export const DEFAULT_TOKENS: readonly string[] = ['Hello', ',', ' world', '!'];

export interface TimedToken {
  text: string;
  atMs: number;
}

/** The tokens with their absolute send times, in send order. */
export function tokenSchedule(script: FakeScript): TimedToken[] {
  const first = script.firstTokenMs ?? 0;
  const interval = script.intervalMs ?? 0;
  let stringIndex = 0;
  return (script.tokens ?? DEFAULT_TOKENS).map((t) => (typeof t === 'string' ? { text: t, atMs: first + interval * stringIndex++ } : t));
}

export function scriptEnd(script: FakeScript): ScriptEnd {
  return script.end ?? { type: 'finish' };
}

/** When the ending is played: its own `atMs`, else right after the last token. */
export function endAtMs(script: FakeScript, schedule: TimedToken[]): number {
  const end = scriptEnd(script);
  const last = schedule.length > 0 ? Math.max(...schedule.map((t) => t.atMs)) : (script.firstTokenMs ?? 0);
  return end.type === 'stall' ? last : (end.atMs ?? last);
}

/** Usage with the defaults filled in; `promptText` is everything the model was given. */
export function resolveUsage(
  script: FakeScript,
  promptText: string,
  tokenCount: number,
): Required<Pick<ScriptUsage, 'inputTokens' | 'outputTokens'>> & ScriptUsage {
  return {
    ...script.usage,
    inputTokens: script.usage?.inputTokens ?? Math.ceil(promptText.length / 4),
    outputTokens: script.usage?.outputTokens ?? tokenCount,
  };
}
