import { containing, matching, objectWith } from '../helpers/match.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnthropicAdapter } from '../../server/providers/anthropic-adapter.ts';
import { createOpenAIAdapter } from '../../server/providers/openai-adapter.ts';
import type { ChatRequest, ProviderAdapter, StreamEvent } from '../../server/providers/types.ts';
import { collectEvents } from '../helpers/collect-events.ts';
import { startFakeAnthropic } from '../helpers/fake-anthropic-server.ts';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.ts';
import type { FakeScript } from '../helpers/fake-script.ts';

/**
 * Every way a stream can end, through the real SDKs against fake servers that
 * write each shape byte for byte. A side is `finished` only when its stream
 * said so (a finish reason, or a final output count); everything else is an
 * error that keeps the text so far and the provider's own detail.
 */

const request: ChatRequest = { model: 'fake-model', messages: [{ role: 'user', content: 'Say hello.' }], sampling: {} };

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function openai(script: FakeScript): Promise<{ events: StreamEvent[]; server: FakeServer }> {
  const server = await startFakeOpenAI({ defaultScript: script });
  servers.push(server);
  return { events: await drain(createOpenAIAdapter({ baseURL: server.baseURL, apiKey: 'sk-test' })), server };
}

async function anthropic(script: FakeScript): Promise<{ events: StreamEvent[]; server: FakeServer }> {
  const server = await startFakeAnthropic({ defaultScript: script });
  servers.push(server);
  return { events: await drain(createAnthropicAdapter({ baseURL: server.baseURL, apiKey: 'sk-ant-test' })), server };
}

const drain = (adapter: ProviderAdapter) => collectEvents(adapter.stream(request, { signal: new AbortController().signal }));

const text = (t: string): StreamEvent => ({ type: 'text-delta', text: t });

function lastError(events: StreamEvent[]) {
  const last = events.at(-1);
  if (last?.type !== 'error') throw new Error(`expected the stream to end with an error, got ${JSON.stringify(last)}`);
  return last.error;
}

/** What llama.cpp's server says when the prompt does not fit (format_error_response, ERROR_TYPE_EXCEED_CONTEXT_SIZE). */
const CONTEXT_EXCEEDED = {
  code: 400,
  errorType: 'exceed_context_size_error',
  message: 'the request exceeds the available context size, try increasing it',
} as const;

describe('an OpenAI-compatible stream', () => {
  it('finished with usage: finish, with the reason and the counts', async () => {
    const { events } = await openai({ tokens: ['a', 'b'], usage: { inputTokens: 5, outputTokens: 2 } });
    expect(events).toEqual([
      text('a'),
      text('b'),
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: { inputTokens: 5, outputTokens: 2 } },
    ]);
  });

  it('finished without usage: finish, counts unknown', async () => {
    const { events } = await openai({ tokens: ['a'], usageMode: 'none' });
    expect(events).toEqual([text('a'), { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: {} }]);
  });

  it("usage without a finish reason: finish as 'unknown' (the final usage chunk comes only once generation is over)", async () => {
    const { events } = await openai({ tokens: ['a'], end: { type: 'finish', reason: null }, usage: { inputTokens: 5, outputTokens: 1 } });
    expect(events).toEqual([
      text('a'),
      { type: 'finish', finishReason: { unified: 'unknown' }, usage: { inputTokens: 5, outputTokens: 1 } },
    ]);
  });

  it("llama.cpp's `error:` line then [DONE], before any text: bad_request for a prompt over the context, with the detail kept", async () => {
    const { events } = await openai({ tokens: [], end: { type: 'error-event', form: 'field', done: true, ...CONTEXT_EXCEEDED } });
    expect(events).toHaveLength(1);
    const error = lastError(events);
    expect(error).toMatchObject({ kind: 'bad_request' });
    expect(error.message).toContain('exceeds the available context size');
    expect(error.raw).toContain('exceed_context_size_error');
    expect(error.status).toBeUndefined();
  });

  it("llama.cpp's `error:` line mid-answer: an error after the partial text, kind from its code", async () => {
    const { events } = await openai({
      tokens: ['par', 'tial'],
      end: { type: 'error-event', form: 'field', done: true, code: 500, errorType: 'server_error', message: 'decode failed' },
    });
    expect(events.slice(0, 2)).toEqual([text('par'), text('tial')]);
    expect(lastError(events)).toMatchObject({ kind: 'server', message: containing('decode failed') });
  });

  it.each([
    [429, 'rate_limit_error', 'rate_limit'],
    [503, 'unavailable_error', 'overloaded'],
    [500, 'server_error', 'server'],
  ] as const)('`data: {"error":…}` then [DONE] with code %i: an error of kind %s', async (code, errorType, kind) => {
    const { events } = await openai({
      tokens: ['a'],
      end: { type: 'error-event', form: 'data', done: true, code, errorType, message: 'no' },
    });
    expect(events[0]).toEqual(text('a'));
    expect(lastError(events)).toMatchObject({ kind });
    expect(events).toHaveLength(2);
  });

  it('`data: {"error":…}` for a prompt over the context, whatever its type: bad_request', async () => {
    const { events } = await openai({
      tokens: [],
      end: { type: 'error-event', form: 'data', done: true, ...CONTEXT_EXCEEDED, errorType: 'server_error' },
    });
    expect(lastError(events)).toMatchObject({ kind: 'bad_request' });
  });

  it('`event: error` whose data has no `error` member: an error, not a chunk', async () => {
    const { events } = await openai({ tokens: ['a'], end: { type: 'error-event', form: 'event', code: 500, message: 'worker died' } });
    expect(lastError(events)).toMatchObject({ kind: 'server', message: containing('worker died') });
  });

  it('[DONE] with nothing before it: an error, the stream ended without a finish', async () => {
    const { events } = await openai({ tokens: [], end: { type: 'end-marker' } });
    expect(events).toEqual([{ type: 'error', error: objectWith({ kind: 'server', message: matching(/ended without a finish/) }) }]);
  });

  it('text then [DONE], no finish reason, no usage: an error after the text', async () => {
    const { events } = await openai({ tokens: ['a', 'b'], usageMode: 'none', end: { type: 'end-marker' } });
    expect(events.slice(0, 2)).toEqual([text('a'), text('b')]);
    expect(lastError(events).message).toMatch(/ended without a finish.*cut short/);
  });

  it('text then a clean close without [DONE]: an error after the text', async () => {
    const { events } = await openai({ tokens: ['a'], usageMode: 'none', end: { type: 'close' } });
    expect(events[0]).toEqual(text('a'));
    expect(lastError(events).message).toMatch(/ended without a finish/);
  });

  it('the connection dropped mid-answer: network, after the text', async () => {
    const { events, server } = await openai({ tokens: ['a'], end: { type: 'drop' } });
    expect(events[0]).toEqual(text('a'));
    expect(lastError(events)).toMatchObject({ kind: 'network' });
    expect(server.chatRequests[0]!.outcome).toBe('dropped');
  });

  it('an HTTP error before the stream: classified by the SDK from its status', async () => {
    const { events } = await openai({
      httpError: { status: 400, message: CONTEXT_EXCEEDED.message, errorType: CONTEXT_EXCEEDED.errorType },
    });
    expect(events).toEqual([{ type: 'error', error: objectWith({ kind: 'bad_request', status: 400 }) }]);
  });

  it("carries llama.cpp's timings on the finish, as the server reported them", async () => {
    const timings = {
      cache_n: 0,
      prompt_n: 12,
      prompt_ms: 3.5,
      prompt_per_token_ms: 0.29,
      prompt_per_second: 3428.6,
      predicted_n: 16,
      predicted_ms: 2.071,
      predicted_per_token_ms: 0.129,
      predicted_per_second: 7725.7,
    };
    const { events } = await openai({ tokens: ['a'], usageMode: 'finish', timings });
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      serverTimings: {
        outputTokens: 16,
        decodeMs: 2.071,
        outputTokensPerSecond: 7725.7,
        promptTokens: 12,
        promptMs: 3.5,
        promptTokensPerSecond: 3428.6,
      },
    });
  });
});

describe('an Anthropic stream', () => {
  it('finished: finish with stop reason and usage', async () => {
    const { events } = await anthropic({ tokens: ['a'], usage: { inputTokens: 3, outputTokens: 1 } });
    expect(events).toEqual([
      text('a'),
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'end_turn' },
        usage: { inputTokens: 3, outputTokens: 1, cachedInputTokens: 0 },
      },
    ]);
  });

  it("output usage without a stop reason: finish as 'unknown'", async () => {
    const { events } = await anthropic({
      tokens: ['a'],
      end: { type: 'finish', reason: null },
      usage: { inputTokens: 3, outputTokens: 1 },
    });
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'unknown' }, usage: { outputTokens: 1 } });
  });

  it('`event: error` mid-stream: an error after the partial text, kind from its type', async () => {
    const { events } = await anthropic({
      tokens: ['par'],
      end: { type: 'error-event', errorType: 'overloaded_error', message: 'Overloaded' },
    });
    expect(events).toEqual([text('par'), { type: 'error', error: objectWith({ kind: 'overloaded' }) }]);
  });

  it('message_stop without message_delta: an error (message_start usage is input only)', async () => {
    const { events } = await anthropic({ tokens: ['a'], usage: { inputTokens: 3 }, end: { type: 'end-marker' } });
    expect(events[0]).toEqual(text('a'));
    expect(lastError(events)).toMatchObject({ kind: 'server', message: matching(/ended without a finish/) });
  });

  it('a clean close with nothing at all: an error', async () => {
    const { events } = await anthropic({ tokens: [], usageMode: 'none', end: { type: 'close' } });
    expect(events).toEqual([{ type: 'error', error: objectWith({ kind: 'server' }) }]);
  });

  it('the connection dropped mid-answer: network', async () => {
    const { events } = await anthropic({ tokens: ['a'], end: { type: 'drop' } });
    expect(events).toEqual([text('a'), { type: 'error', error: objectWith({ kind: 'network' }) }]);
  });
});

describe('after the end of a stream', () => {
  it('keeps the connection for the next request when the body ends just after [DONE]', async () => {
    // A fresh connection would put a new TCP (and TLS) handshake into the next answer's time to first token.
    const server = await startFakeOpenAI({ defaultScript: { tokens: ['a'], end: { type: 'finish', lingerMs: 30 } } });
    servers.push(server);
    const adapter = createOpenAIAdapter({ baseURL: server.baseURL, apiKey: 'sk-test' });
    expect((await drain(adapter)).at(-1)?.type).toBe('finish');
    const warm = server.connections;
    for (let i = 0; i < 3; i++) {
      // The next battle comes later than the end of the body: the finish does not wait for it.
      await new Promise((r) => setTimeout(r, 100));
      expect((await drain(adapter)).at(-1)?.type).toBe('finish');
    }
    expect(server.chatRequests).toHaveLength(4);
    expect(server.connections).toBe(warm);
  });
});

describe('a server that answers a stream request with JSON', () => {
  it('fails the side with the error an HTTP 200 JSON body holds (LM Studio)', async () => {
    const { events } = await openai({
      httpError: { status: 200, body: { error: 'Unexpected endpoint or method. (POST /chat/completions)' } },
    });
    expect(events).toHaveLength(1);
    expect(lastError(events)).toMatchObject({ kind: 'server', message: containing('Unexpected endpoint') });
  });

  it('fails a JSON body without an error as a stream that ended without a finish', async () => {
    const { events } = await openai({ httpError: { status: 200, body: { object: 'chat.completion', choices: [] } } });
    expect(lastError(events).message).toMatch(/ended without a finish/);
  });
});
