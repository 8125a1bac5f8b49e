import { objectWith } from '../helpers/match.ts';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAIAdapter, type OpenAIAdapterOptions } from '../../server/providers/openai-adapter.ts';
import type { ChatRequest, StreamEvent } from '../../server/providers/types.ts';
import { collectEvents } from '../helpers/collect-events.ts';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.ts';
import type { FakeScript } from '../helpers/fake-script.ts';

const API_KEY = 'sk-test-0123456789abcdef';

const request = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'fake-model',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Say hello.' },
  ],
  sampling: {},
  ...over,
});

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(script: FakeScript): Promise<FakeServer> {
  const server = await startFakeOpenAI({ defaultScript: script });
  servers.push(server);
  return server;
}

/** One request through the real SDK against a fake server playing `script`. */
async function run(
  script: FakeScript,
  opts: { adapter?: OpenAIAdapterOptions; req?: Partial<ChatRequest>; abortAfterEvents?: number } = {},
): Promise<{ events: StreamEvent[]; server: FakeServer }> {
  const server = await serve(script);
  const adapter = createOpenAIAdapter({ baseURL: server.baseURL, apiKey: API_KEY, ...opts.adapter });
  const ctrl = new AbortController();
  const events = await collectEvents(adapter.stream(request(opts.req), { signal: ctrl.signal }), (_ev, i) => {
    if (opts.abortAfterEvents === i + 1) ctrl.abort();
  });
  return { events, server };
}

const text = (t: string): StreamEvent => ({ type: 'text-delta', text: t });

describe('createOpenAIAdapter against a fake OpenAI server', () => {
  it('streams text exactly and finishes with usage and both finish reasons', async () => {
    const { events, server } = await run({
      tokens: ['Hel', 'lo', ', ', 'wor', 'ld'],
      intervalMs: 2,
      usage: { inputTokens: 11, outputTokens: 5, cachedInputTokens: 3 },
    });
    expect(events).toEqual([
      text('Hel'),
      text('lo'),
      text(', '),
      text('wor'),
      text('ld'),
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: { inputTokens: 11, outputTokens: 5, cachedInputTokens: 3 },
      },
    ]);
    expect(server.chatRequests).toHaveLength(1);
    expect(server.chatRequests[0]!.outcome).toBe('completed');
  });

  it('sends the model, messages, sampling, stream_options, key and custom headers', async () => {
    const { server } = await run(
      {},
      {
        adapter: { headers: { 'x-team': 'arena' } },
        req: { model: 'm-1', sampling: { temperature: 0.3, topP: 0.9, seed: 42, maxTokens: 77 } },
      },
    );
    const rec = server.chatRequests[0]!;
    expect(rec.body).toEqual({
      model: 'm-1',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello.' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.3,
      top_p: 0.9,
      seed: 42,
      max_tokens: 77,
    });
    expect(rec.headers['authorization']).toBe(`Bearer ${API_KEY}`);
    expect(rec.headers['x-team']).toBe('arena');
  });

  it('puts maxTokens in max_completion_tokens when the endpoint asks for it', async () => {
    const { server } = await run({}, { adapter: { maxTokensField: 'max_completion_tokens' }, req: { sampling: { maxTokens: 9 } } });
    const body = server.chatRequests[0]!.body as Record<string, unknown>;
    expect(body['max_completion_tokens']).toBe(9);
    expect(body).not.toHaveProperty('max_tokens');
  });

  it('sends a placeholder key when none is configured (local servers need none)', async () => {
    const server = await serve({ tokens: ['ok'] });
    const adapter = createOpenAIAdapter({ baseURL: server.baseURL });
    const events = await collectEvents(adapter.stream(request(), { signal: new AbortController().signal }));
    expect(events.at(-1)?.type).toBe('finish');
    expect(server.chatRequests[0]!.headers['authorization']).toMatch(/^Bearer \S+$/);
  });

  it('reads usage from the finish chunk', async () => {
    const { events } = await run({ tokens: ['a', 'b'], usageMode: 'finish', usage: { inputTokens: 4, outputTokens: 2 } });
    expect(events).toEqual([
      text('a'),
      text('b'),
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: { inputTokens: 4, outputTokens: 2 } },
    ]);
  });

  it('keeps the last usage when every chunk carries a running count', async () => {
    // Running counts are 1, 2, 3 on the token chunks; the final chunk says 9.
    const { events } = await run({ tokens: ['a', 'b', 'c'], usageMode: 'every', usage: { inputTokens: 4, outputTokens: 9 } });
    expect(events.at(-1)).toEqual({
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 4, outputTokens: 9 },
    });
  });

  it('reports unknown usage as undefined, not zero, when the server sends none', async () => {
    const { events } = await run({ tokens: ['a'], usageMode: 'none' });
    const finish = events.at(-1);
    expect(finish).toEqual({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: {} });
    if (finish?.type !== 'finish') throw new Error('expected finish');
    expect(finish.usage.inputTokens).toBeUndefined();
    expect(finish.usage.outputTokens).toBeUndefined();
  });

  it('does without the role chunk', async () => {
    const { events } = await run({ tokens: ['x', 'y'], roleChunk: false, usage: { inputTokens: 1, outputTokens: 2 } });
    expect(events).toEqual([
      text('x'),
      text('y'),
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: { inputTokens: 1, outputTokens: 2 } },
    ]);
  });

  it('sends no stream_options when includeUsage is false', async () => {
    const { events, server } = await run({ tokens: ['x'] }, { adapter: { includeUsage: false } });
    expect(server.chatRequests[0]!.body).not.toHaveProperty('stream_options');
    // OpenAI only sends the usage chunk when asked.
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: {} });
  });

  it('surfaces a server that rejects stream_options as bad_request, and works with includeUsage off', async () => {
    const rejected = await run({ rejectStreamOptions: true });
    expect(rejected.events).toHaveLength(1);
    expect(rejected.events[0]).toMatchObject({ type: 'error', error: { kind: 'bad_request', status: 400 } });
    const ok = await run({ rejectStreamOptions: true, tokens: ['fine'] }, { adapter: { includeUsage: false } });
    expect(ok.events.map((e) => e.type)).toEqual(['text-delta', 'finish']);
  });

  it.each([
    ['length', 'length'],
    ['content_filter', 'content_filter'],
    ['tool_calls', 'tool_calls'],
    ['something_new', 'other'],
  ] as const)('maps finish_reason %s to %s and keeps the raw value', async (raw, unified) => {
    const { events } = await run({ tokens: ['a'], usageMode: 'none', end: { type: 'finish', reason: raw } });
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: { unified, raw }, usage: {} });
  });

  it('skips empty content deltas', async () => {
    const { events } = await run({ tokens: ['', 'a', '', 'b'], usageMode: 'none' });
    expect(events.filter((e) => e.type === 'text-delta')).toEqual([text('a'), text('b')]);
  });

  it('maps 401 to auth without leaking the key the provider echoed back', async () => {
    const { events } = await run({
      httpError: { status: 401, message: `Incorrect API key provided: ${API_KEY}.`, errorType: 'invalid_request_error' },
    });
    expect(events).toHaveLength(1);
    const ev = events[0]!;
    expect(ev).toMatchObject({ type: 'error', error: { kind: 'auth', status: 401 } });
    expect(JSON.stringify(ev)).not.toContain(API_KEY);
    expect(JSON.stringify(ev)).not.toContain('0123456789abcdef');
  });

  it('maps 429 with retry-after to rate_limit with retryAfterMs', async () => {
    const { events } = await run({ httpError: { status: 429, headers: { 'retry-after': '12' } } });
    expect(events).toEqual([
      {
        type: 'error',
        error: objectWith({ kind: 'rate_limit', status: 429, retryAfterMs: 12_000 }),
      },
    ]);
    const ev = events[0]!;
    if (ev.type !== 'error') throw new Error('expected error');
    expect(ev.error.message).toMatch(/rate limited.*retry in 12 s/i);
  });

  it('maps 500 to server, and does not retry by default', async () => {
    const { events, server } = await run({ httpError: { status: 500 } });
    expect(events).toEqual([{ type: 'error', error: objectWith({ kind: 'server', status: 500 }) }]);
    expect(server.chatRequests).toHaveLength(1);
  });

  it.each([503, 529])('maps %i to overloaded', async (status) => {
    const { events } = await run({ httpError: { status } });
    expect(events).toEqual([{ type: 'error', error: objectWith({ kind: 'overloaded', status }) }]);
  });

  it('reports an error event mid-stream after the partial text', async () => {
    const { events } = await run({
      tokens: ['par', 'tial'],
      end: { type: 'error-event', message: 'model crashed', errorType: 'server_error' },
    });
    expect(events).toHaveLength(3);
    expect(events.slice(0, 2)).toEqual([text('par'), text('tial')]);
    expect(events[2]).toMatchObject({ type: 'error', error: { kind: 'server' } });
    const last = events[2]!;
    if (last.type !== 'error') throw new Error('expected error');
    expect(last.error.message).toContain('model crashed');
    expect(last.error.status).toBeUndefined();
  });

  it('reports a connection dropped mid-stream as network after the partial text', async () => {
    const { events, server } = await run({ tokens: ['a', 'b'], end: { type: 'drop' } });
    expect(events).toHaveLength(3);
    expect(events.slice(0, 2)).toEqual([text('a'), text('b')]);
    expect(events[2]).toMatchObject({ type: 'error', error: { kind: 'network' } });
    expect(server.chatRequests[0]!.outcome).toBe('dropped');
  });

  it('reports a refused connection as network', async () => {
    const port = await closedPort();
    const adapter = createOpenAIAdapter({ baseURL: `http://127.0.0.1:${port}/v1` });
    const events = await collectEvents(adapter.stream(request(), { signal: new AbortController().signal }));
    expect(events).toEqual([{ type: 'error', error: objectWith({ kind: 'network' }) }]);
    const ev = events[0]!;
    if (ev.type !== 'error') throw new Error('expected error');
    expect(ev.error.message).toMatch(/connection refused/i);
  });

  it('maps the SDK headers timeout to timeout and closes the request', async () => {
    const { events, server } = await run({ headersDelayMs: 10_000 }, { adapter: { headersTimeoutMs: 100 } });
    expect(events).toEqual([{ type: 'error', error: objectWith({ kind: 'timeout' }) }]);
    expect(await server.waitForOutcome(0)).toBe('aborted');
  });

  it('ends with cancelled when the caller aborts mid-stream, and the abort reaches the server', async () => {
    const { events, server } = await run({ tokens: ['a'], end: { type: 'stall' } }, { abortAfterEvents: 1 });
    expect(events).toEqual([text('a'), { type: 'error', error: objectWith({ kind: 'cancelled' }) }]);
    expect(await server.waitForOutcome(0)).toBe('aborted');
  });

  it('ends with cancelled without calling the server when the signal is already aborted', async () => {
    const server = await serve({});
    const adapter = createOpenAIAdapter({ baseURL: server.baseURL });
    const ctrl = new AbortController();
    ctrl.abort();
    const events = await collectEvents(adapter.stream(request(), { signal: ctrl.signal }));
    expect(events).toEqual([{ type: 'error', error: objectWith({ kind: 'cancelled' }) }]);
    expect(server.chatRequests).toHaveLength(0);
  });
});

/** A port nobody listens on: bind, note it, close. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}
