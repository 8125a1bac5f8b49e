import {
  contentText,
  startFakeProviderServer,
  type FakeDialect,
  type FakeServer,
  type FakeServerOptions,
  type ResponseContext,
} from './fake-provider-server.ts';

export type { FakeServer, FakeServerOptions, RecordedRequest, RequestOutcome } from './fake-provider-server.ts';

/**
 * A real HTTP server on 127.0.0.1 (random port) that speaks Anthropic's
 * Messages API the way api.anthropic.com does on the wire:
 *
 * - POST /v1/messages with `stream: true` → SSE `event: <name>\ndata: <json>\n\n`:
 *   message_start (usage.input_tokens, cache_read_input_tokens, cache_creation_input_tokens),
 *   content_block_start, ping, one content_block_delta (text_delta) per token,
 *   content_block_stop, message_delta (stop_reason, usage.output_tokens), message_stop;
 *   `stream: false` → one message JSON;
 * - GET /v1/models → the model list;
 * - errors as `{"type":"error","error":{"type","message"},"request_id"}`, in the body of an
 *   HTTP error or as `event: error` mid-stream (default: overloaded_error / "Overloaded").
 *
 * `baseURL` is what ANTHROPIC_BASE_URL would be: the origin, without /v1.
 * Scripts and request records are shared with the OpenAI fake: see fake-script.ts.
 *
 * @example
 *   const server = await startFakeAnthropic({
 *     defaultScript: { tokens: ['Hi'], usage: { inputTokens: 5, cachedInputTokens: 100, outputTokens: 1 } },
 *   });
 *   const client = new Anthropic({ baseURL: server.baseURL, apiKey: 'x' });
 */
export function startFakeAnthropic(opts?: FakeServerOptions): Promise<FakeServer> {
  return startFakeProviderServer(anthropicDialect, opts);
}

const anthropicDialect: FakeDialect = {
  basePath: '',
  chatPath: '/v1/messages',
  modelsPath: '/v1/models',
  requestIdHeader: 'request-id',
  defaultFinishReason: 'end_turn',

  modelsBody: (ids) => ({
    data: ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' })),
    has_more: false,
    first_id: ids[0] ?? null,
    last_id: ids[ids.length - 1] ?? null,
  }),

  errorBody: (status, message, errorType) => ({
    type: 'error',
    error: {
      type: errorType ?? DEFAULT_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'),
      message: message ?? DEFAULT_MESSAGES[status] ?? `HTTP ${status}`,
    },
    request_id: 'req_fake',
  }),

  promptText: (body) => {
    const b = body as { system?: unknown; messages?: { content?: unknown }[] };
    return [contentText(b.system), ...(b.messages ?? []).map((m) => contentText(m.content))].join('\n');
  },

  sse: (ctx) => {
    const withUsage = ctx.script.usageMode !== 'none';
    const ev = (name: string, data: object) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
    return {
      preamble: () =>
        ev('message_start', {
          type: 'message_start',
          message: {
            ...messageShell(ctx),
            content: [],
            stop_reason: null,
            stop_sequence: null,
            // output_tokens here is a placeholder, as in the real API.
            ...(withUsage && { usage: { ...inputUsage(ctx), output_tokens: 1 } }),
          },
        }) +
        ev('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
        ev('ping', { type: 'ping' }),
      token: (text) => ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
      finish: (reason) =>
        ev('content_block_stop', { type: 'content_block_stop', index: 0 }) +
        ev('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: reason, stop_sequence: null },
          ...(withUsage && { usage: { output_tokens: ctx.usage.outputTokens } }),
        }) +
        ev('message_stop', { type: 'message_stop' }),
      errorEvent: (e) =>
        ev('error', {
          type: 'error',
          error: { type: e.errorType ?? 'overloaded_error', message: e.message ?? 'Overloaded' },
        }),
      endMarker: () => ev('message_stop', { type: 'message_stop' }),
    };
  },

  completionBody: (ctx, text, finishReason) => ({
    ...messageShell(ctx),
    content: [{ type: 'text', text }],
    stop_reason: finishReason,
    stop_sequence: null,
    ...(ctx.script.usageMode !== 'none' && { usage: { ...inputUsage(ctx), output_tokens: ctx.usage.outputTokens } }),
  }),
};

function messageShell(ctx: ResponseContext) {
  return { id: `msg_fake_${ctx.seq}`, type: 'message', role: 'assistant', model: ctx.model };
}

/** The real API always sends the cache fields, as 0 when nothing was cached. */
function inputUsage(ctx: ResponseContext) {
  return {
    input_tokens: ctx.usage.inputTokens,
    cache_creation_input_tokens: ctx.usage.cacheCreationInputTokens ?? 0,
    cache_read_input_tokens: ctx.usage.cachedInputTokens ?? 0,
  };
}

const DEFAULT_TYPES: Partial<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

const DEFAULT_MESSAGES: Partial<Record<number, string>> = {
  401: 'invalid x-api-key',
  403: 'Your API key does not have permission to use the specified resource.',
  404: 'The requested resource could not be found.',
  413: 'Request exceeds the maximum allowed number of bytes.',
  429: 'Number of request tokens has exceeded your per-minute rate limit',
  500: 'An unexpected error has occurred internal to our systems.',
  529: 'Overloaded',
};
