import { describe, expect, it } from 'vitest';
import { createSdkStreamAdapter, sdkClientOptions, type ChunkPart } from '../../server/providers/sdk-stream-adapter.ts';
import type { ChatRequest, StreamEvent } from '../../server/providers/types.ts';
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

async function* chunks(...list: ChunkPart[][]): AsyncGenerator<ChunkPart[]> {
  for (const c of list) yield c;
}

const run = (open: (signal: AbortSignal) => Promise<AsyncIterable<ChunkPart[]>>, ctrl = new AbortController()) =>
  collectEvents(adapter(open).stream(request, { signal: ctrl.signal }));

const text = (t: string): StreamEvent => ({ type: 'text-delta', text: t });

describe('createSdkStreamAdapter', () => {
  it('relays text, keeps the last finish reason raw and unified, and ends with the tallied usage', async () => {
    const events = await run(async () =>
      chunks(
        [{ type: 'usage', usage: { input: 3 } }, { type: 'text-delta', text: 'a' }],
        [{ type: 'text-delta', text: '' }, { type: 'finish-reason', raw: 'first' }],
        [{ type: 'text-delta', text: 'b' }, { type: 'finish-reason', raw: '' }],
        [{ type: 'finish-reason', raw: 'done' }, { type: 'usage', usage: { output: 2 } }],
      ),
    );
    expect(events).toEqual([
      text('a'),
      text('b'),
      { type: 'finish', finishReason: { unified: 'stop', raw: 'done' }, usage: { inputTokens: 3, outputTokens: 2 } },
    ]);
  });

  it("finishes as 'unknown' when only usage came", async () => {
    const events = await run(async () => chunks([{ type: 'usage', usage: {} }]));
    expect(events).toEqual([{ type: 'finish', finishReason: { unified: 'unknown' }, usage: {} }]);
  });

  it('fails a stream that said nothing at all', async () => {
    const events = await run(async () => chunks([], [{ type: 'text-delta', text: '' }]));
    expect(events).toEqual([
      { type: 'error', error: { kind: 'server', message: 'The provider ended the stream without any output or finish reason.' } },
    ]);
  });

  it('turns a failure to open into one classified error, with the key scrubbed', async () => {
    const events = await run(async () => {
      throw Object.assign(new Error(`connect ECONNREFUSED for ${KEY}`), { cause: { code: 'ECONNREFUSED' } });
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', error: { kind: 'network' } });
    expect(JSON.stringify(events)).not.toContain(KEY);
  });

  it('ends with the text so far and one error when the stream throws mid-way', async () => {
    const events = await run(async () =>
      (async function* () {
        yield [{ type: 'text-delta', text: 'partial' }] as ChunkPart[];
        throw new TypeError('terminated');
      })(),
    );
    expect(events).toEqual([text('partial'), { type: 'error', error: expect.objectContaining({ kind: 'network' }) }]);
  });

  it('reports cancelled when the iterator ends quietly after an abort, as the SDKs do', async () => {
    const ctrl = new AbortController();
    const events = await run(
      async (signal) =>
        (async function* () {
          yield [{ type: 'text-delta', text: 'a' }] as ChunkPart[];
          ctrl.abort();
          if (signal.aborted) return;
          yield [{ type: 'finish-reason', raw: 'done' }] as ChunkPart[];
        })(),
      ctrl,
    );
    expect(events).toEqual([text('a'), { type: 'error', error: { kind: 'cancelled', message: 'Cancelled before the answer finished.' } }]);
  });
});

describe('sdkClientOptions', () => {
  it('sends a placeholder key, no retries and the SDK timeout only when one is set', () => {
    expect(sdkClientOptions({})).toEqual({ apiKey: 'no-key', baseURL: undefined, defaultHeaders: undefined, maxRetries: 0 });
    expect(sdkClientOptions({ apiKey: 'k', maxRetries: 2, headersTimeoutMs: 500, headers: { a: 'b' } })).toMatchObject({
      apiKey: 'k',
      maxRetries: 2,
      timeout: 500,
      defaultHeaders: { a: 'b' },
    });
  });
});
