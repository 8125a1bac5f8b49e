import { afterEach, describe, expect, it } from 'vitest';
import { runSide, type RunSideArgs } from '../../server/arena/run-side.ts';
import { createOpenAIAdapter } from '../../server/providers/openai-adapter.ts';
import { lazyAdapter } from '../../server/providers/lazy-adapter.ts';
import { withSecretRedaction } from '../../server/providers/with-secret-redaction.ts';
import type { ProviderAdapter, StreamEvent } from '../../server/providers/types.ts';
import { withTimeouts } from '../../server/providers/with-timeouts.ts';
import { LiveFigures } from '../../shared/protocol.ts';
import { asyncItems } from '../helpers/async-items.ts';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.ts';
import type { FakeScript } from '../helpers/fake-script.ts';

/** An adapter that plays fixed events (the adapters have their own tests against fake servers). */
function scripted(events: StreamEvent[]): ProviderAdapter {
  return {
    kind: 'scripted',
    stream: () => asyncItems(...events),
  };
}

/** A clock that returns the given stamps in order: t0, one per event, then the end. */
function clock(...stamps: number[]): () => number {
  let i = 0;
  return () => stamps[Math.min(i++, stamps.length - 1)]!;
}

const base = {
  request: { model: 'fake-model', messages: [{ role: 'user' as const, content: 'hi' }], sampling: {} },
  pricing: { inputPerMTok: 1, outputPerMTok: 2, cachedInputPerMTok: null },
  onText: () => undefined,
  onLive: () => undefined,
};

describe('runSide', () => {
  it('sends live figures on the first text and then at most every interval, with a speed only once the rule allows one', async () => {
    const live: LiveFigures[] = [];
    const texts: string[] = [];
    const deltas = Array.from({ length: 12 }, (_, i): StreamEvent => ({ type: 'text-delta', text: `t${i}` }));
    // t0 = 0, a delta every 50 ms from 100 to 650, the finish at 700, the end at 710.
    const stamps = [0, ...deltas.map((_, i) => 100 + 50 * i), 700, 710];
    const outcome = await runSide({
      ...base,
      adapter: scripted([
        ...deltas,
        { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: { inputTokens: 4, outputTokens: 12 } },
      ]),
      signal: new AbortController().signal,
      onText: (t) => texts.push(t),
      onLive: (l) => live.push(l),
      liveIntervalMs: 250,
      now: clock(...stamps),
    });
    expect(texts).toHaveLength(12);
    expect(live).toEqual([
      { ttftMs: 100, elapsedMs: 100, outputTokensEstimate: 1, tokensPerSecondEstimate: null },
      // 6 chunks over 250 ms: too few to time.
      { ttftMs: 100, elapsedMs: 350, outputTokensEstimate: 6, tokensPerSecondEstimate: null },
      // 11 chunks over 500 ms: 10 after the first in half a second.
      { ttftMs: 100, elapsedMs: 600, outputTokensEstimate: 11, tokensPerSecondEstimate: 20 },
    ]);
    for (const l of live) expect(LiveFigures.parse(l)).toEqual(l);
    expect(outcome).toMatchObject({ status: 'finished', error: null });
    expect(outcome.metrics).toMatchObject({
      ttftMs: 100,
      latencyMs: 710,
      decodeMs: 550,
      outputTokensPerSecond: 20,
      speedNote: null,
      outputTokens: 12,
    });
  });

  it('fails an adapter stream that ends without a finish or an error', async () => {
    const outcome = await runSide({
      ...base,
      adapter: scripted([{ type: 'text-delta', text: 'half' }]),
      signal: new AbortController().signal,
    });
    expect(outcome).toMatchObject({ status: 'error', text: 'half', error: { kind: 'server' } });
  });
});

describe('runSide with an adapter whose code loads on first use', () => {
  it("takes t0 once the adapter has loaded: loading Versus's own modules is not the provider's time to first token", async () => {
    let t = 0;
    const finish: StreamEvent = {
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 1, outputTokens: 1 },
    };
    const inner: ProviderAdapter = {
      kind: 'slow-to-load',
      stream: () => {
        t += 40;
        return asyncItems<StreamEvent>({ type: 'text-delta', text: 'hello' }, finish);
      },
    };
    // Loading takes 900 ms on the clock (the Anthropic SDK through tsx takes about that on a cold start).
    const load = async () => {
      await new Promise((r) => setTimeout(r, 1));
      t += 900;
      return inner;
    };
    // Wrapped as create-adapter wraps it: the wrappers pass the wait on.
    const adapter = withTimeouts(withSecretRedaction(lazyAdapter('slow', load, { countsTokens: false }), { credentials: [], all: [] }), {
      firstTokenMs: 60_000,
      idleMs: 60_000,
    });
    const outcome = await runSide({ ...base, adapter, signal: new AbortController().signal, now: () => t });
    expect(outcome.status).toBe('finished');
    expect(outcome.metrics.ttftMs).toBe(40);

    // A load that fails is the stream's error, reported as before, not a thrown wait.
    const broken = lazyAdapter('broken', () => Promise.reject(new Error('cannot find module')), { countsTokens: false });
    const failed = await runSide({ ...base, adapter: broken, signal: new AbortController().signal });
    expect(failed).toMatchObject({ status: 'error', error: { kind: 'server' } });
    expect(failed.error?.message).toContain('cannot find module');
  });
});

describe('runSide caps, against a fake OpenAI-compatible server', () => {
  const servers: FakeServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function run(script: FakeScript, args: Partial<RunSideArgs> = {}) {
    const server = await startFakeOpenAI({ defaultScript: script });
    servers.push(server);
    // As the arena builds it: the SDK adapter inside the timeout wrapper.
    const adapter = withTimeouts(createOpenAIAdapter({ baseURL: server.baseURL }), { firstTokenMs: 10_000, idleMs: 10_000 });
    const texts: string[] = [];
    const outcome = await runSide({ ...base, adapter, signal: new AbortController().signal, onText: (t) => texts.push(t), ...args });
    return { outcome, server, texts };
  }

  it('ends a stream that never ends at the wall-time cap: partial answer kept, finish length, upstream aborted', async () => {
    const { outcome, server, texts } = await run(
      { tokens: ['Once'], endless: { text: ' more', intervalMs: 5 } },
      // Long enough that the first token arrives well before it even on a loaded machine.
      { caps: { wallMs: 1000 } },
    );
    expect(outcome.status).toBe('finished');
    expect(outcome.finishReason).toEqual({ unified: 'length', raw: 'versus:wall-time-cap' });
    expect(outcome.error).toBeNull();
    expect(outcome.text).toMatch(/^Once( more)+$/);
    expect(texts.join('')).toBe(outcome.text);
    expect(outcome.metrics.latencyMs).toBeGreaterThanOrEqual(995);
    expect(outcome.metrics.latencyMs).toBeLessThan(10_000);
    // No usage came: the count is a local estimate.
    expect(outcome.metrics.estimated.outputTokens).toBe(true);
    expect(await server.waitForOutcome(0)).toBe('aborted');
  });

  it('ends an answer from a provider that ignores max_tokens at the text-size cap, cut to the byte', async () => {
    const { outcome, server, texts } = await run(
      { tokens: [], endless: { text: 'é'.repeat(50), intervalMs: 1 } },
      { caps: { textBytes: 1025 } },
    );
    expect(outcome).toMatchObject({ status: 'finished', error: null, finishReason: { unified: 'length', raw: 'versus:text-size-cap' } });
    // 'é' is two bytes: 1025 bytes hold 512 of them, never half of one.
    expect(outcome.text).toBe('é'.repeat(512));
    expect(Buffer.byteLength(outcome.text)).toBe(1024);
    expect(texts.join('')).toBe(outcome.text);
    expect(await server.waitForOutcome(0)).toBe('aborted');
  });

  it('leaves an answer that finishes under the caps alone', async () => {
    const { outcome } = await run(
      { tokens: ['a', 'b'], usage: { inputTokens: 3, outputTokens: 2 } },
      { caps: { wallMs: 5000, textBytes: 2 } },
    );
    expect(outcome).toMatchObject({ status: 'finished', text: 'ab', finishReason: { unified: 'stop', raw: 'stop' } });
  });

  it("is the user's stop, not a cap, when the user stops first", async () => {
    const ctrl = new AbortController();
    const { outcome, server } = await run(
      { tokens: ['a'], endless: { text: 'b', intervalMs: 5 } },
      { caps: { wallMs: 5000 }, signal: ctrl.signal, onText: () => ctrl.abort() },
    );
    expect(outcome).toMatchObject({ status: 'cancelled', finishReason: null, error: { kind: 'cancelled' } });
    expect(await server.waitForOutcome(0)).toBe('aborted');
  });

  it('is a timeout, not a finished empty answer, when the wall-time cap comes before any text', async () => {
    const { outcome, server } = await run({ tokens: [], end: { type: 'stall' } }, { caps: { wallMs: 200 } });
    expect(outcome).toMatchObject({ status: 'error', text: '', finishReason: null, error: { kind: 'timeout' } });
    expect(await server.waitForOutcome(0)).toBe('aborted');
  });

  it("stores llama.cpp's timings as server-reported, beside a speed Versus withholds for a burst", async () => {
    const timings = {
      prompt_n: 12,
      prompt_ms: 3.5,
      prompt_per_second: 3428.6,
      predicted_n: 16,
      predicted_ms: 2.071,
      predicted_per_second: 7725.7,
    };
    const tokens = Array.from({ length: 16 }, (_, i) => `w${i} `);
    const { outcome } = await run({ tokens, usageMode: 'finish', usage: { inputTokens: 12, outputTokens: 16 }, timings });
    expect(outcome.status).toBe('finished');
    expect(outcome.metrics.outputTokensPerSecond).toBeNull();
    expect(outcome.metrics.speedNote).toBe('window_too_short');
    expect(outcome.metrics.serverReported).toEqual({
      outputTokens: 16,
      decodeMs: 2.071,
      outputTokensPerSecond: 7725.7,
      promptTokens: 12,
      promptMs: 3.5,
      promptTokensPerSecond: 3428.6,
    });
  });
});
