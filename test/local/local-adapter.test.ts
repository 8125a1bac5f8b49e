import { arrayWith } from '../helpers/match.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAdapter } from '../../server/providers/local/local-adapter.ts';
import { getLlamaRuntime } from '../../server/providers/local/llama-runtime.ts';
import { LocalModelPool } from '../../server/providers/local/model-pool.ts';
import type { ChatRequest } from '../../server/providers/types.ts';
import { TINY_LLAMA_WORDS, writeTinyLlamaGguf, type TinyLlamaGguf } from '../helpers/write-tiny-llama-gguf.ts';
import { collect } from './collect-stream.ts';

const pool = new LocalModelPool({ llama: () => getLlamaRuntime() });
const adapter = createLocalAdapter(undefined, { pool });
const never = () => new AbortController().signal;

let dir: string;
/** A 512-token context and a 512-token vocabulary, like the llama2.c "stories" models. */
let tiny: TinyLlamaGguf;
let MODEL: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'versus-local-adapter-'));
  tiny = writeTinyLlamaGguf(join(dir, 'tiny.gguf'), { contextLength: 512, vocabSize: 512 });
  MODEL = tiny.path;
});

afterAll(async () => {
  await pool.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** "Once upon a time": four words of the fixture's vocabulary, so four tokens by construction. */
const PROMPT = 'Once upon a time';
const PROMPT_TOKENS = 4;

function story(sampling: ChatRequest['sampling'] = {}, content = PROMPT): ChatRequest {
  return { model: MODEL, messages: [{ role: 'user', content }], sampling };
}

describe('local adapter on a generated tiny llama GGUF (real inference)', () => {
  it('streams text and finishes with usage counted by the model tokenizer', async () => {
    const r = await collect(adapter.stream(story({ maxTokens: 40, seed: 7 }), { signal: never() }));
    expect(r.deltas).toBeGreaterThan(10);
    expect(r.text.length).toBeGreaterThan(40);
    expect(r.afterEnd).toBe(0);
    expect(r.end?.type).toBe('finish');
    if (r.end?.type !== 'finish') return;
    expect(r.end.finishReason).toEqual({ unified: 'length', raw: 'maxTokens' });
    expect(r.end.usage.outputTokens).toBe(40);
    // The prompt is its words plus BOS; node-llama-cpp's meter counts the last prompt token,
    // evaluated together with the first generated one, as output.
    expect(r.end.usage.inputTokens).toBeGreaterThanOrEqual(PROMPT_TOKENS);
    expect(r.end.usage.inputTokens).toBeLessThanOrEqual(PROMPT_TOKENS + 1);
    expect(await adapter.countTokens('', 'x').catch(() => 'no model')).toBe('no model');
    // The fixture only generates whole-word pieces, so its text re-tokenizes to exactly what was generated.
    expect(await adapter.countTokens(MODEL, r.text)).toBe(40);
  });

  it('counts tokens with the model own 512-token vocabulary, not an estimate', async () => {
    expect(tiny.vocabSize).toBe(512);
    expect(TINY_LLAMA_WORDS).toEqual(arrayWith(['Once', 'upon', 'a', 'time', 'there', 'was']));
    // One whole-word piece per word (▁Once ▁upon ▁a ▁time); an estimate from characters would say otherwise.
    expect(await adapter.countTokens(MODEL, PROMPT)).toBe(PROMPT_TOKENS);
    expect(await adapter.countTokens(MODEL, ' there was')).toBe(2);
    expect(await adapter.countTokens(MODEL, '')).toBe(0);
    // Words outside the vocabulary fall back to pieces and bytes: more tokens than words.
    expect(await adapter.countTokens(MODEL, 'Zebra quux')).toBeGreaterThan(2);
  });

  it('caps the answer to what fits in the 512-token context and reports length', async () => {
    expect(tiny.contextLength).toBe(512);
    const r = await collect(adapter.stream(story({ maxTokens: 5000, seed: 1 }), { signal: never() }));
    expect(r.end?.type).toBe('finish');
    if (r.end?.type !== 'finish') return;
    expect(r.end.finishReason.unified).toBe('length');
    expect(r.end.finishReason.raw).toMatch(/context/);
    // It filled the context (llama.cpp keeps one cell free) and did not run past it.
    expect(r.end.usage.inputTokens! + r.end.usage.outputTokens!).toBeLessThanOrEqual(512);
    expect(r.end.usage.inputTokens! + r.end.usage.outputTokens!).toBeGreaterThanOrEqual(510);
  });

  it('rejects a prompt longer than the context as a bad request event, without throwing', async () => {
    const r = await collect(adapter.stream(story({ maxTokens: 10 }, `${PROMPT} `.repeat(200)), { signal: never() }));
    expect(r.end).toMatchObject({ type: 'error', error: { kind: 'bad_request' } });
    if (r.end?.type === 'error') expect(r.end.error.message).toMatch(/512 tokens/);
  });

  it('reproduces an answer from the same seed and varies with another', async () => {
    const a = await collect(adapter.stream(story({ maxTokens: 60, seed: 42, temperature: 1 }), { signal: never() }));
    const b = await collect(adapter.stream(story({ maxTokens: 60, seed: 42, temperature: 1 }), { signal: never() }));
    const c = await collect(adapter.stream(story({ maxTokens: 60, seed: 4242, temperature: 1 }), { signal: never() }));
    expect(a.text).toBe(b.text);
    expect(c.text).not.toBe(a.text);
  });

  it('varies between two unseeded requests started together (no shared clock seed)', async () => {
    const [a, b] = await Promise.all([
      collect(adapter.stream(story({ maxTokens: 80, temperature: 1 }), { signal: never() })),
      collect(adapter.stream(story({ maxTokens: 80, temperature: 1 }), { signal: never() })),
    ]);
    expect(a.text).not.toBe(b.text);
  });

  it('cancels mid-stream, frees the context at once, and the next requests work', async () => {
    const ac = new AbortController();
    const r = await collect(adapter.stream(story({ maxTokens: 400 }), { signal: ac.signal }), (n) => n === 5 && ac.abort());
    expect(r.end).toMatchObject({ type: 'error', error: { kind: 'cancelled' } });
    expect(r.deltas).toBeLessThan(50);
    // Both contexts of the pool must be free again: two more streams at once finish.
    const [x, y] = await Promise.all([
      collect(adapter.stream(story({ maxTokens: 20 }), { signal: never() })),
      collect(adapter.stream(story({ maxTokens: 20 }), { signal: never() })),
    ]);
    expect(x.end?.type).toBe('finish');
    expect(y.end?.type).toBe('finish');
  });

  it('frees the context when the consumer stops reading (return) without aborting', async () => {
    for (let i = 0; i < 3; i++) {
      for await (const ev of adapter.stream(story({ maxTokens: 400 }), { signal: never() })) {
        if (ev.type === 'text-delta') break;
      }
    }
    const r = await collect(adapter.stream(story({ maxTokens: 10 }), { signal: never() }));
    expect(r.end?.type).toBe('finish');
  });

  it('runs two sides truly in parallel on two one-thread contexts', async () => {
    const spans: { start: number; end: number }[] = [];
    const side = async () => {
      let first = 0;
      const r = await collect(adapter.stream(story({ maxTokens: 300, seed: 3 }), { signal: never() }), (n) => {
        if (n === 1) first = performance.now();
      });
      spans.push({ start: first, end: performance.now() });
      return r;
    };
    const [a, b] = await Promise.all([side(), side()]);
    expect(a.end?.type).toBe('finish');
    expect(b.end?.type).toBe('finish');
    // Both were producing tokens at the same time rather than one after the other.
    const [s1, s2] = spans as [{ start: number; end: number }, { start: number; end: number }];
    expect(Math.max(s1.start, s2.start)).toBeLessThan(Math.min(s1.end, s2.end));
    const { sequence, release } = await pool.acquire(MODEL, never());
    expect(sequence.context.currentThreads).toBe(1);
    release();
  });

  it('queues a third concurrent stream until a context frees, and cancels a queued one cleanly', async () => {
    const ac = new AbortController();
    const results = await Promise.all([
      collect(adapter.stream(story({ maxTokens: 100 }), { signal: never() })),
      collect(adapter.stream(story({ maxTokens: 100 }), { signal: never() })),
      collect(adapter.stream(story({ maxTokens: 30 }), { signal: never() })),
      (async () => {
        const s = adapter.stream(story({ maxTokens: 30 }), { signal: ac.signal });
        setTimeout(() => ac.abort(), 1);
        return collect(s);
      })(),
    ]);
    expect(results.slice(0, 3).map((r) => r.end?.type)).toEqual(['finish', 'finish', 'finish']);
    expect(results[3].end).toMatchObject({ type: 'error', error: { kind: 'cancelled' } });
  });

  it('ends a side stopped while its model is still loading at once', async () => {
    const slowPool = new LocalModelPool({ llama: () => new Promise((r) => setTimeout(r, 1500)).then(() => getLlamaRuntime()) });
    const slow = createLocalAdapter(undefined, { pool: slowPool });
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 50);
      const t0 = performance.now();
      const r = await collect(slow.stream(story({ maxTokens: 10 }), { signal: ac.signal }));
      expect(r.end).toMatchObject({ type: 'error', error: { kind: 'cancelled' } });
      expect(performance.now() - t0).toBeLessThan(1000);
      // The load carried on; the next request gets the model.
      const next = await collect(slow.stream(story({ maxTokens: 10 }), { signal: never() }));
      expect(next.end?.type).toBe('finish');
    } finally {
      await slowPool.dispose();
    }
  });

  it('reports an already-aborted signal as cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await collect(adapter.stream(story(), { signal: ac.signal }));
    expect(r.end).toMatchObject({ type: 'error', error: { kind: 'cancelled' } });
  });

  it('turns a missing or broken model file into an error event, never a throw', async () => {
    const r = await collect(adapter.stream({ ...story(), model: '/nonexistent/model.gguf' }, { signal: never() }));
    expect(r.end).toMatchObject({ type: 'error', error: { kind: 'server' } });
    if (r.end?.type === 'error') expect(r.end.error.message).toMatch(/local model failed/i);
  });
});
