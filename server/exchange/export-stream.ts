import { nextTurn } from '../next-turn.ts';

export type ExportEnd = { outcome: 'done' } | { outcome: 'cancelled' } | { outcome: 'failed'; error: unknown };

export interface ExportStreamOptions {
  /** Characters gathered into one chunk before it is handed on (default 64 Ki). */
  chunkChars?: number;
  /** Called once when the stream ends, however it ends. */
  onEnd?: (end: ExportEnd) => void;
}

/**
 * Lines as a byte stream that reads only when the consumer asks (pull, no
 * buffer of its own): an HTTP response that is not drained stops the reading,
 * so memory holds one chunk, whatever the number of lines. On SQLite the
 * store's reads are synchronous underneath (its promises settle at once), so
 * each chunk first waits for the next event-loop turn: other requests are
 * served between chunks, not after the export. The first line is read before
 * the stream is handed over, so a source that cannot be read at all rejects
 * here, while a response status can still say so.
 */
export async function exportStream(lines: AsyncIterable<string>, opts: ExportStreamOptions = {}): Promise<ReadableStream<Uint8Array>> {
  const chunkChars = opts.chunkChars ?? 64 * 1024;
  const it = lines[Symbol.asyncIterator]();
  let next = await it.next();
  const encoder = new TextEncoder();
  let ended = false;
  const end = (e: ExportEnd) => {
    if (ended) return;
    ended = true;
    opts.onEnd?.(e);
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await nextTurn();
        if (ended) return;
        const parts: string[] = [];
        let size = 0;
        try {
          while (!next.done && size < chunkChars && !ended) {
            parts.push(next.value);
            size += next.value.length;
            next = await it.next();
          }
        } catch (error) {
          end({ outcome: 'failed', error });
          controller.error(error);
          return;
        }
        // Cancelled while a line was being read: the consumer is gone.
        if (ended) return;
        if (parts.length > 0) controller.enqueue(encoder.encode(parts.join('')));
        if (next.done) {
          controller.close();
          end({ outcome: 'done' });
        }
      },
      async cancel() {
        end({ outcome: 'cancelled' });
        await it.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
