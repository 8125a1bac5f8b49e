import { describe, expect, it } from 'vitest';
import { CONTEXT_MARGIN, fitMaxTokens, outputRoom } from '../../server/arena/fit-max-tokens.ts';
import { maxTokensFor } from '../../server/arena/max-tokens-for.ts';
import type { ProviderAdapter } from '../../server/providers/types.ts';
import { noPublishedFacts, type ModelSpec } from '../../shared/catalog.ts';

describe('fitMaxTokens', () => {
  it('keeps the request when the window or the prompt size is unknown', () => {
    expect(fitMaxTokens({ requested: 1024, contextWindow: null, promptTokens: 500, messages: 1 })).toBe(1024);
    expect(fitMaxTokens({ requested: 1024, contextWindow: 2048, promptTokens: null, messages: 1 })).toBe(1024);
  });

  it('keeps the request when it fits beside the prompt', () => {
    expect(fitMaxTokens({ requested: 1024, contextWindow: 128_000, promptTokens: 2000, messages: 2 })).toBe(1024);
  });

  it('lowers it to the window minus the prompt and the margin', () => {
    // 16 + 8 × 2 messages + 10 % of 1500 = 182 tokens of margin.
    expect(CONTEXT_MARGIN).toEqual({ tokens: 16, perMessage: 8, fraction: 0.1 });
    expect(fitMaxTokens({ requested: 1024, contextWindow: 2048, promptTokens: 1500, messages: 2 })).toBe(2048 - 1500 - 182);
  });

  it('never exceeds the window minus the prompt, whatever is asked', () => {
    for (const promptTokens of [0, 1, 100, 1000, 1900]) {
      for (const requested of [1, 64, 1024, 100_000]) {
        const fitted = fitMaxTokens({ requested, contextWindow: 2048, promptTokens, messages: 3 });
        const room = outputRoom({ contextWindow: 2048, promptTokens, messages: 3 })!;
        if (room >= 1) expect(fitted).toBeLessThanOrEqual(2048 - promptTokens);
        expect(fitted).toBeLessThanOrEqual(requested);
        expect(fitted).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('sends the request as asked when the prompt alone fills the window, so the server says why', () => {
    expect(fitMaxTokens({ requested: 512, contextWindow: 2048, promptTokens: 2040, messages: 1 })).toBe(512);
  });
});

describe('maxTokensFor', () => {
  const spec = (over: Partial<ModelSpec> = {}): ModelSpec => ({
    id: 'm',
    label: 'M',
    organisation: 'Org',
    endpoint: 'e',
    upstreamModel: 'm-up',
    pricing: { inputPerMTok: null, outputPerMTok: null, cachedInputPerMTok: null },
    contextWindow: 2048,
    maxOutputTokens: null,
    releaseDate: null,
    knowledgeCutoff: null,
    license: null,
    openWeights: true,
    source: 'test',
    sampling: {},
    details: {},
    ...noPublishedFacts(),
    ...over,
  });
  const counting = (tokens: number, calls: string[]): ProviderAdapter => ({
    kind: 'test',
    stream: () => {
      throw new Error('not streamed here');
    },
    countTokens: (model, text) => {
      calls.push(`${model}:${text.length}`);
      return Promise.resolve(tokens);
    },
  });

  it("fits the arena default to the window left by the prompt, counted with the model's own tokenizer", async () => {
    const calls: string[] = [];
    const prompt = 'word '.repeat(1000);
    const n = await maxTokensFor(spec(), counting(1200, calls), [{ role: 'user', content: prompt }], 1024);
    expect(n).toBe(2048 - 1200 - (16 + 8 + 120));
    expect(calls).toEqual([`m-up:${prompt.length}`]);
  });

  it('does not count a prompt whose byte size already leaves room', async () => {
    const calls: string[] = [];
    expect(await maxTokensFor(spec(), counting(5, calls), [{ role: 'user', content: 'hi' }], 1024)).toBe(1024);
    expect(calls).toEqual([]);
  });

  it('keeps a pinned value and the output limit, and does nothing without a known window', async () => {
    const calls: string[] = [];
    const long = [{ role: 'user' as const, content: 'x'.repeat(10_000) }];
    expect(await maxTokensFor(spec({ contextWindow: null, maxOutputTokens: 300 }), counting(9000, calls), long, 1024)).toBe(300);
    expect(await maxTokensFor(spec({ contextWindow: null, sampling: { maxTokens: 77 } }), counting(9000, calls), long, 1024)).toBe(77);
    expect(calls).toEqual([]);
  });

  it('falls back to the o200k estimate without a tokenizer of its own', async () => {
    const adapter: ProviderAdapter = { kind: 'test', stream: () => (async function* () {})() };
    // 1,500 words of "hello " are about 1,500 o200k tokens.
    const n = await maxTokensFor(spec(), adapter, [{ role: 'user', content: 'hello '.repeat(1500) }], 1024);
    expect(n).toBeGreaterThan(100);
    expect(n).toBeLessThan(2048 - 1400);
  });
});
