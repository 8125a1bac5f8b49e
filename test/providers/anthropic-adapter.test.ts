import { containing, objectWith } from '../helpers/match.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnthropicAdapter, type AnthropicAdapterOptions } from '../../server/providers/anthropic-adapter.ts';
import type { ChatRequest, StreamEvent } from '../../server/providers/types.ts';
import { collectEvents } from '../helpers/collect-events.ts';
import { startFakeAnthropic, type FakeServer } from '../helpers/fake-anthropic-server.ts';
import type { FakeScript } from '../helpers/fake-script.ts';

const API_KEY = 'sk-ant-test-0123456789abcdef';

const request = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'claude-fake',
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

async function run(
  script: FakeScript,
  opts: { adapter?: AnthropicAdapterOptions; req?: Partial<ChatRequest>; abortAfterEvents?: number } = {},
): Promise<{ events: StreamEvent[]; server: FakeServer }> {
  const server = await startFakeAnthropic({ defaultScript: script });
  servers.push(server);
  const adapter = createAnthropicAdapter({ baseURL: server.baseURL, apiKey: API_KEY, ...opts.adapter });
  const ctrl = new AbortController();
  const events = await collectEvents(adapter.stream(request(opts.req), { signal: ctrl.signal }), (_ev, i) => {
    if (opts.abortAfterEvents === i + 1) ctrl.abort();
  });
  return { events, server };
}

const text = (t: string): StreamEvent => ({ type: 'text-delta', text: t });

describe('createAnthropicAdapter against a fake Anthropic server', () => {
  it('streams text exactly and finishes with usage (cache counted in input) and both stop reasons', async () => {
    const { events, server } = await run({
      tokens: ['Hel', 'lo', ' there'],
      intervalMs: 2,
      usage: { inputTokens: 5, cachedInputTokens: 100, cacheCreationInputTokens: 20, outputTokens: 3 },
    });
    expect(events).toEqual([
      text('Hel'),
      text('lo'),
      text(' there'),
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'end_turn' },
        usage: { inputTokens: 125, cachedInputTokens: 100, outputTokens: 3 },
      },
    ]);
    expect(server.chatRequests[0]!.outcome).toBe('completed');
  });

  it('moves system messages to `system`, defaults max_tokens to 4096 and sends the key and headers', async () => {
    const { server } = await run(
      {},
      {
        adapter: { headers: { 'x-team': 'arena' } },
        req: {
          messages: [
            { role: 'system', content: 'One.' },
            { role: 'system', content: 'Two.' },
            { role: 'user', content: 'Hi' },
            { role: 'assistant', content: 'Hello' },
            { role: 'user', content: 'Again' },
          ],
          sampling: { temperature: 0.2, seed: 7 },
        },
      },
    );
    const rec = server.chatRequests[0]!;
    expect(rec.body).toEqual({
      model: 'claude-fake',
      max_tokens: 4096,
      system: 'One.\n\nTwo.',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'Again' },
      ],
      stream: true,
      temperature: 0.2,
    });
    expect(JSON.stringify(rec.headers)).toContain(API_KEY);
    expect(rec.headers['x-team']).toBe('arena');
  });

  it('passes sampling.maxTokens and topP through', async () => {
    const { server } = await run({}, { req: { sampling: { maxTokens: 64, topP: 0.5 } } });
    expect(server.chatRequests[0]!.body).toMatchObject({ max_tokens: 64, top_p: 0.5 });
  });

  it.each([
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['pause_turn', 'other'],
  ] as const)('maps stop_reason %s to %s and keeps the raw value', async (raw, unified) => {
    const { events } = await run({ tokens: ['a'], end: { type: 'finish', reason: raw } });
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified, raw } });
  });

  it('reports unknown usage as undefined, not zero', async () => {
    const { events } = await run({ tokens: ['a'], usageMode: 'none' });
    expect(events).toEqual([text('a'), { type: 'finish', finishReason: { unified: 'stop', raw: 'end_turn' }, usage: {} }]);
  });

  it('maps 401 to auth without leaking the key', async () => {
    const { events } = await run({ httpError: { status: 401, message: `invalid x-api-key ${API_KEY}` } });
    expect(events).toEqual([{ type: 'error', error: objectWith({ kind: 'auth', status: 401 }) }]);
    expect(JSON.stringify(events)).not.toContain('0123456789abcdef');
  });

  it('maps 429 with retry-after to rate_limit with retryAfterMs', async () => {
    const { events } = await run({ httpError: { status: 429, headers: { 'retry-after': '7' } } });
    expect(events).toEqual([{ type: 'error', error: objectWith({ kind: 'rate_limit', status: 429, retryAfterMs: 7000 }) }]);
  });

  it('maps 500 to server', async () => {
    const { events, server } = await run({ httpError: { status: 500 } });
    expect(events).toEqual([{ type: 'error', error: objectWith({ kind: 'server', status: 500 }) }]);
    expect(server.chatRequests).toHaveLength(1);
  });

  it.each([529, 503])('maps %i to overloaded', async (status) => {
    const { events } = await run({ httpError: { status } });
    expect(events).toEqual([{ type: 'error', error: objectWith({ kind: 'overloaded', status }) }]);
  });

  it('reports an overloaded_error event mid-stream after the partial text', async () => {
    const { events } = await run({ tokens: ['par', 'tial'], end: { type: 'error-event' } });
    expect(events).toHaveLength(3);
    expect(events.slice(0, 2)).toEqual([text('par'), text('tial')]);
    expect(events[2]).toMatchObject({ type: 'error', error: { kind: 'overloaded', message: containing('Overloaded') } });
  });

  it('reports a connection dropped mid-stream as network after the partial text', async () => {
    const { events, server } = await run({ tokens: ['a', 'b'], end: { type: 'drop' } });
    expect(events).toHaveLength(3);
    expect(events.slice(0, 2)).toEqual([text('a'), text('b')]);
    expect(events[2]).toMatchObject({ type: 'error', error: { kind: 'network' } });
    expect(server.chatRequests[0]!.outcome).toBe('dropped');
  });

  it('ends with cancelled when the caller aborts mid-stream, and the abort reaches the server', async () => {
    const { events, server } = await run({ tokens: ['a'], end: { type: 'stall' } }, { abortAfterEvents: 1 });
    expect(events).toEqual([text('a'), { type: 'error', error: objectWith({ kind: 'cancelled' }) }]);
    expect(await server.waitForOutcome(0)).toBe('aborted');
  });
});
