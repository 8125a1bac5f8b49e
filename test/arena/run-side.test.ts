import { describe, expect, it } from 'vitest';
import { runSide } from '../../server/arena/run-side.ts';
import { LiveFigures } from '../../shared/protocol.ts';
import type { ProviderAdapter, StreamEvent } from '../../server/providers/types.ts';

/** An adapter that plays fixed events (no SDK here: the adapters have their own tests against fake servers). */
function scripted(events: StreamEvent[]): ProviderAdapter {
  return {
    kind: 'scripted',
    async *stream() {
      yield* events;
    },
  };
}

/** A clock that returns the given stamps in order: t0, one per event, then the end. */
function clock(...stamps: number[]): () => number {
  let i = 0;
  return () => stamps[Math.min(i++, stamps.length - 1)]!;
}

describe('runSide', () => {
  it('sends live figures on the first text and then at most every interval, with the decode speed so far', async () => {
    const live: LiveFigures[] = [];
    const texts: string[] = [];
    const outcome = await runSide({
      adapter: scripted([
        { type: 'text-delta', text: 'a' },
        { type: 'text-delta', text: 'b' },
        { type: 'text-delta', text: 'c' },
        { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: { inputTokens: 4, outputTokens: 3 } },
      ]),
      request: { model: 'm', messages: [{ role: 'user', content: 'hi' }], sampling: {} },
      pricing: { inputPerMTok: 1, outputPerMTok: 2, cachedInputPerMTok: null },
      signal: new AbortController().signal,
      onText: (t) => texts.push(t),
      onLive: (l) => live.push(l),
      liveIntervalMs: 250,
      now: clock(1000, 1100, 1200, 1600, 1700, 1800),
    });
    expect(texts).toEqual(['a', 'b', 'c']);
    // 'b' lands 100 ms after the last live figures: too soon; 'c' 500 ms after: sent, 2 tokens in 0.5 s.
    expect(live).toEqual([
      { ttftMs: 100, elapsedMs: 100, outputTokensEstimate: 1, tokensPerSecondEstimate: null },
      { ttftMs: 100, elapsedMs: 600, outputTokensEstimate: 3, tokensPerSecondEstimate: 4 },
    ]);
    for (const l of live) expect(LiveFigures.parse(l)).toEqual(l);
    expect(outcome).toMatchObject({ status: 'finished', text: 'abc', error: null });
    expect(outcome.metrics).toMatchObject({ ttftMs: 100, latencyMs: 800, decodeMs: 500, outputTokensPerSecond: 4, inputTokens: 4, outputTokens: 3 });
  });
});
