import { describe, expect, it } from 'vitest';
import { readSseEvents, type SseItem } from '../../server/providers/read-sse-events.ts';

/** A response body delivered in exactly these network reads. */
function body(...reads: (string | Uint8Array)[]): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean; ended: () => boolean } {
  const enc = new TextEncoder();
  let i = 0;
  let cancelled = false;
  let ended = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = reads[i++];
      if (next !== undefined) return controller.enqueue(typeof next === 'string' ? enc.encode(next) : next);
      ended = true;
      controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled, ended: () => ended };
}

/** A body that never ends: the same read forever, until cancelled. */
function endless(read: string): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  const bytes = new TextEncoder().encode(read);
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(bytes);
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

async function items(stream: ReadableStream<Uint8Array>): Promise<SseItem[]> {
  const out: SseItem[] = [];
  for await (const batch of readSseEvents(stream)) {
    expect(batch.length).toBeGreaterThan(0);
    out.push(...batch);
  }
  return out;
}

describe('readSseEvents', () => {
  it('yields data events, with their event names and joined data lines, and ignores comments', async () => {
    const { stream } = body(': keep-alive\n\ndata: {"a":1}\n\nevent: ping\ndata: x\ndata: y\n\n');
    expect(await items(stream)).toEqual([
      { type: 'event', event: undefined, data: '{"a":1}' },
      { type: 'event', event: 'ping', data: 'x\ny' },
    ]);
  });

  it("keeps llama.cpp's `error:` line even when it arrives split across reads", async () => {
    // The parser alone discards a partial line it cannot yet tell is a known field.
    const { stream } = body('data: {"t":1}\n\ner', 'ror: {"code":400,"mess', 'age":"too long"}\n\ndata: [DONE]\n\n');
    expect(await items(stream)).toEqual([
      { type: 'event', event: undefined, data: '{"t":1}' },
      { type: 'field', name: 'error', value: '{"code":400,"message":"too long"}' },
      { type: 'event', event: undefined, data: '[DONE]' },
    ]);
  });

  it('reads CRLF line ends split between reads, and a multi-byte character split between reads', async () => {
    const euro = new TextEncoder().encode('data: €\r\n\r\n');
    const { stream } = body('data: a\r', '\n\r\n', euro.slice(0, 7), euro.slice(7));
    expect(await items(stream)).toEqual([
      { type: 'event', event: undefined, data: 'a' },
      { type: 'event', event: undefined, data: '€' },
    ]);
  });

  it('gives what one read completed as one batch, and waits for the rest of a split event', async () => {
    const { stream } = body('data: 1\n\ndata: 2\n\nda', 'ta: 3', '\n\n');
    const batches: (readonly SseItem[])[] = [];
    for await (const batch of readSseEvents(stream)) batches.push(batch);
    expect(batches).toEqual([
      [
        { type: 'event', event: undefined, data: '1' },
        { type: 'event', event: undefined, data: '2' },
      ],
      [{ type: 'event', event: undefined, data: '3' }],
    ]);
  });

  it('still dispatches a last event whose blank line never came', async () => {
    const { stream } = body('data: {"end":true}');
    expect(await items(stream)).toEqual([{ type: 'event', event: undefined, data: '{"end":true}' }]);
  });

  it('reads the short rest of a body the reader stopped early, without cancelling it (the connection stays usable)', async () => {
    const { stream, cancelled, ended } = body('data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n');
    for await (const batch of readSseEvents(stream)) {
      expect(batch).toEqual([{ type: 'event', event: undefined, data: '1' }]);
      break;
    }
    await expect.poll(ended).toBe(true);
    expect(cancelled()).toBe(false);
  });

  it('cancels a body that goes on sending after the reader stopped', async () => {
    const { stream, cancelled } = endless('data: x\n\n'.repeat(1000));
    for await (const batch of readSseEvents(stream)) {
      expect(batch[0]!.type).toBe('event');
      break;
    }
    await expect.poll(cancelled).toBe(true);
  });

  it('fails on a line that never ends instead of buffering it without bound', async () => {
    const mib = 'x'.repeat(1024 * 1024);
    const { stream } = body('data: ', ...Array.from({ length: 9 }, () => mib));
    await expect(items(stream)).rejects.toThrow(/stream line over/);
  });
});
