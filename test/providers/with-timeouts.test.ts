import { objectWith } from '../helpers/match.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAnthropicAdapter } from '../../server/providers/anthropic-adapter.ts';
import { createOpenAIAdapter } from '../../server/providers/openai-adapter.ts';
import type { ChatRequest, ProviderAdapter, StreamEvent } from '../../server/providers/types.ts';
import { withTimeouts } from '../../server/providers/with-timeouts.ts';
import { asyncFrom } from '../helpers/async-from.ts';
import { asyncItems } from '../helpers/async-items.ts';
import { collectEvents } from '../helpers/collect-events.ts';
import { startFakeAnthropic } from '../helpers/fake-anthropic-server.ts';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.ts';
import type { FakeScript } from '../helpers/fake-script.ts';

const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }], sampling: {} };
const text = (t: string): StreamEvent => ({ type: 'text-delta', text: t });
const finish: StreamEvent = { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: {} };

const servers: FakeServer[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function openAI(script: FakeScript) {
  const server = await startFakeOpenAI({ defaultScript: script });
  servers.push(server);
  return { server, adapter: createOpenAIAdapter({ baseURL: server.baseURL }) };
}

async function anthropic(script: FakeScript) {
  const server = await startFakeAnthropic({ defaultScript: script });
  servers.push(server);
  return { server, adapter: createAnthropicAdapter({ baseURL: server.baseURL }) };
}

function errorOf(ev: StreamEvent | undefined) {
  if (ev?.type !== 'error') throw new Error(`expected an error event, got ${JSON.stringify(ev)}`);
  return ev.error;
}

describe('withTimeouts over real adapters and fake servers', () => {
  it.each([
    ['OpenAI', openAI],
    ['Anthropic', anthropic],
  ] as const)('%s: a stream stalled after text hits the idle timeout and the request is aborted upstream', async (_name, make) => {
    const { server, adapter } = await make({ tokens: ['a', 'b'], intervalMs: 5, end: { type: 'stall' } });
    const events = await collectEvents(
      withTimeouts(adapter, { firstTokenMs: 10_000, idleMs: 150 }).stream(request, { signal: new AbortController().signal }),
    );
    expect(events.slice(0, 2)).toEqual([text('a'), text('b')]);
    expect(events).toHaveLength(3);
    const error = errorOf(events[2]);
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/idle timeout/);
    expect(error.message).toContain('150 ms');
    expect(await server.waitForOutcome(0)).toBe('aborted');
  });

  it('hits the first-token timeout when no text comes (a role chunk is not text) and aborts upstream', async () => {
    const { server, adapter } = await openAI({ tokens: [], end: { type: 'stall' } });
    const events = await collectEvents(
      withTimeouts(adapter, { firstTokenMs: 150, idleMs: 10_000 }).stream(request, { signal: new AbortController().signal }),
    );
    expect(events).toHaveLength(1);
    const error = errorOf(events[0]);
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/first-token timeout/);
    expect(error.message).toContain('150 ms');
    expect(await server.waitForOutcome(0)).toBe('aborted');
  });

  it('does not apply the idle timeout before the first text', async () => {
    const { server, adapter } = await openAI({ tokens: ['slow', ' start'], firstTokenMs: 1200, intervalMs: 5, usageMode: 'none' });
    const events = await collectEvents(
      withTimeouts(adapter, { firstTokenMs: 10_000, idleMs: 500 }).stream(request, { signal: new AbortController().signal }),
    );
    expect(events).toEqual([text('slow'), text(' start'), finish]);
    expect(server.chatRequests[0]!.outcome).toBe('completed');
  });

  it("passes the inner adapter's cancelled error through on caller abort, and the abort reaches the server", async () => {
    const { server, adapter } = await anthropic({ tokens: ['a'], end: { type: 'stall' } });
    const ctrl = new AbortController();
    const events = await collectEvents(
      withTimeouts(adapter, { firstTokenMs: 10_000, idleMs: 10_000 }).stream(request, { signal: ctrl.signal }),
      () => ctrl.abort(),
    );
    expect(events).toEqual([text('a'), { type: 'error', error: objectWith({ kind: 'cancelled' }) }]);
    expect(await server.waitForOutcome(0)).toBe('aborted');
  });
});

/** An inner adapter whose stream is a hand-written generator; records the signal it was given. */
function innerAdapter(
  body: (signal: AbortSignal) => AsyncGenerator<StreamEvent>,
  extra: Partial<ProviderAdapter> = {},
): ProviderAdapter & { signals: AbortSignal[] } {
  const signals: AbortSignal[] = [];
  return {
    kind: 'fake',
    signals,
    stream(_req, { signal }) {
      signals.push(signal);
      return body(signal);
    },
    ...extra,
  };
}

const never = () => new Promise<never>(() => undefined);

describe('withTimeouts as a decorator', () => {
  it('passes events through unchanged and stops after the terminal event', async () => {
    // Breaks the invariant on purpose: nothing after a finish may reach the consumer.
    const inner = innerAdapter(() => asyncItems(text('x'), finish, text('late')));
    const events = await collectEvents(
      withTimeouts(inner, { firstTokenMs: 1000, idleMs: 1000 }).stream(request, { signal: new AbortController().signal }),
    );
    expect(events).toEqual([text('x'), finish]);
  });

  it('keeps kind and countTokens, and adds no countTokens the inner adapter lacks', async () => {
    const withCount = withTimeouts(
      innerAdapter(async function* () {}, { countTokens: (_m, s) => Promise.resolve(s.length) }),
      {
        firstTokenMs: 1,
        idleMs: 1,
      },
    );
    expect(withCount.kind).toBe('fake');
    expect(await withCount.countTokens?.('m', 'abcd')).toBe(4);
    const without = withTimeouts(
      innerAdapter(async function* () {}),
      { firstTokenMs: 1, idleMs: 1 },
    );
    expect(typeof without.countTokens).toBe('undefined');
  });

  it('times out even when the inner adapter ignores the abort, and aborts its signal', async () => {
    const inner = innerAdapter(async function* () {
      yield text('a');
      await never();
    });
    const events = await collectEvents(
      withTimeouts(inner, { firstTokenMs: 1000, idleMs: 50 }).stream(request, { signal: new AbortController().signal }),
    );
    expect(events.map((e) => e.type)).toEqual(['text-delta', 'error']);
    expect(errorOf(events[1]).kind).toBe('timeout');
    expect(inner.signals[0]!.aborted).toBe(true);
  });

  it("aborts the inner request when the consumer stops early, but not the caller's signal", async () => {
    const inner = innerAdapter(async function* () {
      yield text('a');
      yield text('b');
      await never();
    });
    const caller = new AbortController();
    for await (const ev of withTimeouts(inner, { firstTokenMs: 1000, idleMs: 1000 }).stream(request, { signal: caller.signal })) {
      expect(ev).toEqual(text('a'));
      break;
    }
    expect(inner.signals[0]!.aborted).toBe(true);
    expect(caller.signal.aborted).toBe(false);
  });

  it('links the caller signal to the inner one', async () => {
    const caller = new AbortController();
    const inner = innerAdapter(async function* (signal) {
      yield text('a');
      if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      yield { type: 'error', error: { kind: 'cancelled', message: 'stopped' } };
    });
    const events = await collectEvents(
      withTimeouts(inner, { firstTokenMs: 1000, idleMs: 1000 }).stream(request, { signal: caller.signal }),
      () => caller.abort(),
    );
    expect(events).toEqual([text('a'), { type: 'error', error: { kind: 'cancelled', message: 'stopped' } }]);
  });

  it('turns an inner adapter that throws into one error event', async () => {
    const inner = innerAdapter(() =>
      asyncFrom(
        (function* () {
          yield text('a');
          throw new Error('boom');
        })(),
      ),
    );
    const events = await collectEvents(
      withTimeouts(inner, { firstTokenMs: 1000, idleMs: 1000 }).stream(request, { signal: new AbortController().signal }),
    );
    expect(events).toEqual([text('a'), { type: 'error', error: objectWith({ kind: 'server' }) }]);
  });

  it('re-arms one idle timer: chunks closer than the limit keep a long stream alive, a longer gap still times out', async () => {
    vi.useFakeTimers();
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const inner = innerAdapter(async function* () {
      // 20 chunks 90 ms apart: 1.8 s in all, many times the 100 ms limit, never 100 ms of silence.
      for (let i = 0; i < 20; i++) {
        await sleep(90);
        yield text(String(i));
      }
      await sleep(150);
      yield finish;
    });
    const timersSeen = new Set<number>();
    const done = collectEvents(
      withTimeouts(inner, { firstTokenMs: 1000, idleMs: 100 }).stream(request, { signal: new AbortController().signal }),
    );
    for (let t = 0; t < 2000; t += 10) {
      await vi.advanceTimersByTimeAsync(10);
      timersSeen.add(vi.getTimerCount());
    }
    const events = await done;
    expect(events.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => text(String(i))));
    expect(events).toHaveLength(21);
    const error = errorOf(events[20]);
    expect(error.message).toMatch(/idle timeout/);
    // The provider's sleep and our one timer: never a timer per chunk piling up.
    expect(Math.max(...timersSeen)).toBeLessThanOrEqual(2);
    expect(inner.signals[0]!.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('times only the wait for the provider, not a consumer slower than the idle limit', async () => {
    const inner = innerAdapter(() => asyncItems(text('a'), text('b'), text('c'), finish));
    const events: StreamEvent[] = [];
    for await (const ev of withTimeouts(inner, { firstTokenMs: 1000, idleMs: 30 }).stream(request, {
      signal: new AbortController().signal,
    })) {
      events.push(ev);
      await new Promise((r) => setTimeout(r, 80));
    }
    expect(events).toEqual([text('a'), text('b'), text('c'), finish]);
  });

  it('leaves no timer behind, after a finish or after a timeout', async () => {
    vi.useFakeTimers();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const finishing = innerAdapter(async function* () {
      yield text('a');
      await gate;
      yield finish;
    });
    const done = collectEvents(
      withTimeouts(finishing, { firstTokenMs: 60_000, idleMs: 30_000 }).stream(request, { signal: new AbortController().signal }),
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(vi.getTimerCount()).toBe(1); // the idle timer, while waiting
    release();
    expect(await done).toEqual([text('a'), finish]);
    expect(vi.getTimerCount()).toBe(0);

    const stalled = innerAdapter(() => asyncItems<StreamEvent>(never()));
    const timedOut = collectEvents(
      withTimeouts(stalled, { firstTokenMs: 5_000, idleMs: 1_000 }).stream(request, { signal: new AbortController().signal }),
    );
    await vi.advanceTimersByTimeAsync(5_000);
    const events = await timedOut;
    expect(events).toHaveLength(1);
    expect(errorOf(events[0]).message).toMatch(/first-token timeout/);
    expect(vi.getTimerCount()).toBe(0);
  });
});
