import { objectWith } from '../helpers/match.ts';
import { describe, expect, it } from 'vitest';
import { createSdkStreamAdapter, sdkClientOptions, type ChunkPart } from '../../server/providers/sdk-stream-adapter.ts';
import { nodeHttpFetch } from '../../server/providers/node-http-fetch.ts';
import type { ChatRequest, StreamEvent } from '../../server/providers/types.ts';
import { asyncFrom } from '../helpers/async-from.ts';
import { asyncItems } from '../helpers/async-items.ts';
import { collectEvents } from '../helpers/collect-events.ts';

/**
 * The skeleton's own rules, with a mapping whose "chunks" are already parts.
 * Each SDK's real wire format is tested in its adapter's file, through the
 * real SDK against a fake server.
 */

const KEY = 'sk-skeleton-0123456789abcdef';
const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }], sampling: {} };

function adapter(open: (signal: AbortSignal) => Promise<AsyncIterable<ChunkPart[]>>) {
  return createSdkStreamAdapter<ChunkPart[]>({
    kind: 'test',
    apiKey: KEY,
    open: (_req, signal) => open(signal),
    read: (parts) => parts,
    unifyFinishReason: (raw) => (raw === 'done' ? 'stop' : 'other'),
  });
}

/** What `open` resolves to: a stream of these chunks. */
const chunks = (...list: ChunkPart[][]) => Promise.resolve(asyncItems(...list));
/** The same from a generator, read lazily: what it does between its chunks happens mid-stream. */
const lazyChunks = (parts: () => Iterable<ChunkPart[]>) => Promise.resolve(asyncFrom(parts()));

const run = (open: (signal: AbortSignal) => Promise<AsyncIterable<ChunkPart[]>>, ctrl = new AbortController()) =>
  collectEvents(adapter(open).stream(request, { signal: ctrl.signal }));

const text = (t: string): StreamEvent => ({ type: 'text-delta', text: t });

describe('createSdkStreamAdapter', () => {
  it('relays text, keeps the last finish reason raw and unified, and ends with the tallied usage', async () => {
    const events = await run(() =>
      chunks(
        [
          { type: 'usage', usage: { input: 3 } },
          { type: 'text-delta', text: 'a' },
        ],
        [
          { type: 'text-delta', text: '' },
          { type: 'finish-reason', raw: 'first' },
        ],
        [
          { type: 'text-delta', text: 'b' },
          { type: 'finish-reason', raw: '' },
        ],
        [
          { type: 'finish-reason', raw: 'done' },
          { type: 'usage', usage: { output: 2 } },
        ],
      ),
    );
    expect(events).toEqual([
      text('a'),
      text('b'),
      { type: 'finish', finishReason: { unified: 'stop', raw: 'done' }, usage: { inputTokens: 3, outputTokens: 2 } },
    ]);
  });

  it("finishes as 'unknown' when a final output count came without a finish reason", async () => {
    const events = await run(() => chunks([{ type: 'text-delta', text: 'a' }], [{ type: 'usage', usage: { input: 2, output: 1 } }]));
    expect(events).toEqual([
      text('a'),
      { type: 'finish', finishReason: { unified: 'unknown' }, usage: { inputTokens: 2, outputTokens: 1 } },
    ]);
  });

  it('fails a stream that stopped after text with neither a finish reason nor an output count', async () => {
    // Input-only usage is what Anthropic's message_start carries before any text: it says nothing about the end.
    const events = await run(() =>
      chunks([
        { type: 'usage', usage: { uncachedInput: 3 } },
        { type: 'text-delta', text: 'half' },
      ]),
    );
    expect(events).toEqual([
      text('half'),
      {
        type: 'error',
        error: {
          kind: 'server',
          message:
            'The stream ended without a finish: the provider sent neither a finish reason nor usage, so the answer may be cut short.',
          raw: JSON.stringify({ endedWithoutFinish: { text: true, usage: true, end: false } }),
        },
      },
    ]);
  });

  it('fails a stream that said nothing at all', async () => {
    const events = await run(() => chunks([], [{ type: 'text-delta', text: '' }], [{ type: 'end' }]));
    expect(events).toEqual([
      {
        type: 'error',
        error: {
          kind: 'server',
          message: 'The stream ended without a finish: the provider sent no output, finish reason or usage.',
          raw: JSON.stringify({ endedWithoutFinish: { text: false, usage: false, end: true } }),
        },
      },
    ]);
  });

  it('ends at an error part with the text so far, classified, and reads nothing after it', async () => {
    let readAfterError = false;
    const events = await run(() =>
      lazyChunks(function* () {
        yield [{ type: 'text-delta', text: 'par' }] as ChunkPart[];
        yield [
          { type: 'error', error: Object.assign(new Error('boom'), { status: 429 }) },
          { type: 'text-delta', text: 'x' },
        ] as ChunkPart[];
        readAfterError = true;
        yield [{ type: 'finish-reason', raw: 'done' }] as ChunkPart[];
      }),
    );
    expect(events).toEqual([text('par'), { type: 'error', error: objectWith({ kind: 'rate_limit' }) }]);
    expect(readAfterError).toBe(false);
  });

  it('stops reading at the end marker', async () => {
    let readAfterEnd = false;
    const events = await run(() =>
      lazyChunks(function* () {
        yield [
          { type: 'text-delta', text: 'a' },
          { type: 'finish-reason', raw: 'done' },
          { type: 'end' },
          { type: 'text-delta', text: 'late' },
        ] as ChunkPart[];
        readAfterEnd = true;
      }),
    );
    expect(events).toEqual([text('a'), { type: 'finish', finishReason: { unified: 'stop', raw: 'done' }, usage: {} }]);
    expect(readAfterEnd).toBe(false);
  });

  it('puts the last server timings on the finish', async () => {
    const timings = (n: number) => ({
      outputTokens: n,
      decodeMs: 10,
      outputTokensPerSecond: n * 100,
      promptTokens: 3,
      promptMs: 1,
      promptTokensPerSecond: 3000,
    });
    const events = await run(() =>
      chunks(
        [
          { type: 'text-delta', text: 'a' },
          { type: 'server-timings', timings: timings(1) },
        ],
        [
          { type: 'finish-reason', raw: 'done' },
          { type: 'server-timings', timings: timings(2) },
        ],
      ),
    );
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: { unified: 'stop', raw: 'done' }, usage: {}, serverTimings: timings(2) });
  });

  it('turns a failure to open into one classified error, with the key scrubbed', async () => {
    const events = await run(() =>
      Promise.reject(Object.assign(new Error(`connect ECONNREFUSED for ${KEY}`), { cause: { code: 'ECONNREFUSED' } })),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', error: { kind: 'network' } });
    expect(JSON.stringify(events)).not.toContain(KEY);
  });

  it('ends with the text so far and one error when the stream throws mid-way', async () => {
    const events = await run(() =>
      lazyChunks(function* () {
        yield [{ type: 'text-delta', text: 'partial' }] as ChunkPart[];
        throw new TypeError('terminated');
      }),
    );
    expect(events).toEqual([text('partial'), { type: 'error', error: objectWith({ kind: 'network' }) }]);
  });

  it('reports cancelled when the iterator ends quietly after an abort, as the SDKs do', async () => {
    const ctrl = new AbortController();
    const events = await run(
      (signal) =>
        lazyChunks(function* () {
          yield [{ type: 'text-delta', text: 'a' }] as ChunkPart[];
          ctrl.abort();
          if (signal.aborted) return;
          yield [{ type: 'finish-reason', raw: 'done' }] as ChunkPart[];
        }),
      ctrl,
    );
    expect(events).toEqual([text('a'), { type: 'error', error: { kind: 'cancelled', message: 'Cancelled before the answer finished.' } }]);
  });
});

describe('sdkClientOptions', () => {
  it('sends a placeholder key, no retries, the SDK timeout only when one is set, and fetches through node:http', () => {
    expect(sdkClientOptions({})).toEqual({
      apiKey: 'no-key',
      baseURL: undefined,
      defaultHeaders: undefined,
      maxRetries: 0,
      fetch: nodeHttpFetch,
    });
    expect(sdkClientOptions({ apiKey: 'k', maxRetries: 2, headersTimeoutMs: 500, headers: { a: 'b' } })).toMatchObject({
      apiKey: 'k',
      maxRetries: 2,
      timeout: 500,
      defaultHeaders: { a: 'b' },
    });
  });
});
