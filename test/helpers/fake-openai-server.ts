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
 * A real HTTP server on 127.0.0.1 (random port) that speaks OpenAI's
 * chat-completions API the way api.openai.com does on the wire:
 *
 * - POST /v1/chat/completions with `stream: true` → SSE `data: {chunk}\n\n` frames
 *   (`object: 'chat.completion.chunk'`, an optional first role chunk, one chunk per
 *   token, a finish chunk, the usage chunk with `choices: []` when the request set
 *   `stream_options.include_usage`, then `data: [DONE]\n\n`); `stream: false` → one JSON body;
 * - GET /v1/models → the model list;
 * - errors as `{"error":{"message","type","param","code"}}`; mid-stream in the three forms compatible
 *   servers use (`data: {"error":…}`, llama.cpp's `error: {…}` line, `event: error`), optionally
 *   followed by `data: [DONE]` (see `ScriptEnd` in fake-script.ts);
 * - llama.cpp's `timings` on the finish chunk when the script has them.
 *
 * Every response is played from a `FakeScript` (see fake-script.ts), chosen per
 * request by `opts.script(req)`, else `opts.models[model]`, else `opts.defaultScript`.
 *
 * @example
 *   const server = await startFakeOpenAI({
 *     models: {
 *       fast: { tokens: ['Hi', ' there'], intervalMs: 10, usage: { inputTokens: 7, outputTokens: 2 } },
 *       limited: { httpError: { status: 429, headers: { 'retry-after': '12' } } },
 *       stalls: { tokens: ['a'], end: { type: 'stall' } },
 *     },
 *   });
 *   const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'x' });
 *   // … after the client aborts:
 *   expect(await server.chatRequests[0]!.settled).toBe('aborted');
 *   await server.close();
 */
export function startFakeOpenAI(opts?: FakeServerOptions): Promise<FakeServer> {
  return startFakeProviderServer(openAIDialect, opts);
}

const openAIDialect: FakeDialect = {
  basePath: '/v1',
  chatPath: '/v1/chat/completions',
  modelsPath: '/v1/models',
  requestIdHeader: 'x-request-id',
  defaultFinishReason: 'stop',

  modelsBody: (ids) => ({
    object: 'list',
    data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake-openai' })),
  }),

  errorBody: (status, message, errorType) => ({
    error: {
      message: message ?? DEFAULT_MESSAGES[status] ?? `HTTP ${status}`,
      type: errorType ?? (status >= 500 ? 'server_error' : status === 429 ? 'requests' : 'invalid_request_error'),
      param: null,
      code: DEFAULT_CODES[status] ?? null,
    },
  }),

  rejectRequest: (req, script) => {
    const body = req.body as { stream_options?: unknown };
    if (script.rejectStreamOptions && body.stream_options !== undefined) {
      return {
        status: 400,
        message: 'Unrecognized request argument supplied: stream_options',
        errorType: 'invalid_request_error',
      };
    }
    return undefined;
  },

  promptText: (body) => {
    const messages = (body as { messages?: { content?: unknown }[] }).messages ?? [];
    return messages.map((m) => contentText(m.content)).join('\n');
  },

  sse: (ctx) => {
    const mode = ctx.script.usageMode ?? 'separate';
    const asked = (ctx.req.body as { stream_options?: { include_usage?: unknown } }).stream_options?.include_usage === true;
    // Real OpenAI: with include_usage every chunk carries `usage: null`, then one usage-only chunk.
    const separate = mode === 'separate' && asked;
    const perChunkUsage = (sent: number): object | null | undefined =>
      mode === 'every' ? usageObject(ctx, sent) : separate ? null : undefined;
    const frame = (choices: unknown[], usage: object | null | undefined, extra: object = {}) =>
      `data: ${JSON.stringify({
        id: `chatcmpl-fake-${ctx.seq}`,
        object: 'chat.completion.chunk',
        created: ctx.createdEpochS,
        model: ctx.model,
        system_fingerprint: 'fp_fake',
        choices,
        ...(usage !== undefined && { usage }),
        ...extra,
      })}\n\n`;
    const choice = (delta: object, finishReason: string | null) => ({ index: 0, delta, logprobs: null, finish_reason: finishReason });

    return {
      preamble: () => (ctx.script.roleChunk === false ? '' : frame([choice({ role: 'assistant', content: '' }, null)], perChunkUsage(0))),
      token: (text, i) => frame([choice({ content: text }, null)], perChunkUsage(i + 1)),
      finish: (reason) => {
        let out = '';
        if (reason !== null) {
          const finalUsage = mode === 'finish' || mode === 'every' ? usageObject(ctx, ctx.usage.outputTokens) : perChunkUsage(0);
          // llama.cpp puts its timings on the last chunk.
          out += frame([choice({}, reason)], finalUsage, ctx.script.timings ? { timings: ctx.script.timings } : {});
        }
        if (separate) out += frame([], usageObject(ctx, ctx.usage.outputTokens));
        return `${out}data: [DONE]\n\n`;
      },
      errorEvent: (e) => {
        const message = e.message ?? 'The server had an error while processing your request.';
        const type = e.errorType ?? 'server_error';
        // llama.cpp's own error object (format_error_response): numeric code, message, type.
        const llama = JSON.stringify({ code: e.code ?? 500, message, type });
        const body =
          e.form === 'field'
            ? `error: ${llama}\n\n`
            : e.form === 'event'
              ? `event: error\ndata: ${llama}\n\n`
              : `data: ${JSON.stringify({ error: { message, type, param: null, code: e.code ?? null } })}\n\n`;
        return e.done ? `${body}data: [DONE]\n\n` : body;
      },
      endMarker: () => 'data: [DONE]\n\n',
    };
  },

  completionBody: (ctx, text, finishReason) => ({
    id: `chatcmpl-fake-${ctx.seq}`,
    object: 'chat.completion',
    created: ctx.createdEpochS,
    model: ctx.model,
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, logprobs: null, finish_reason: finishReason }],
    ...(ctx.script.usageMode !== 'none' && { usage: usageObject(ctx, ctx.usage.outputTokens) }),
  }),
};

function usageObject(ctx: ResponseContext, completionTokens: number): object {
  const u = ctx.usage;
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: completionTokens,
    total_tokens: u.inputTokens + completionTokens,
    // Only when scripted: many compatible servers (Ollama, llama.cpp) never send the details object.
    ...(u.cachedInputTokens !== undefined && { prompt_tokens_details: { cached_tokens: u.cachedInputTokens } }),
  };
}

const DEFAULT_MESSAGES: Partial<Record<number, string>> = {
  400: 'Invalid request.',
  401: 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
  403: 'You are not allowed to access this resource.',
  404: 'The model does not exist or you do not have access to it.',
  429: 'Rate limit reached for requests. Please try again later.',
  500: 'The server had an error while processing your request. Sorry about that!',
  503: 'The engine is currently overloaded, please try again later.',
  529: 'The server is overloaded.',
};

const DEFAULT_CODES: Partial<Record<number, string>> = {
  401: 'invalid_api_key',
  404: 'model_not_found',
  429: 'rate_limit_exceeded',
};
