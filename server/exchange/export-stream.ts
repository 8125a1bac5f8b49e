export type ExportEnd = { outcome: 'done' } | { outcome: 'cancelled' } | { outcome: 'failed'; error: unknown };

export interface ExportStreamOptions {
  /** Characters gathered into one chunk before it is handed on (default 64 Ki). */
  chunkChars?: number;
  /** Called once when the stream ends, however it ends. */
  onEnd?: (end: ExportEnd) => void;
}

const waitForNextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Lines as a byte stream that reads only when the consumer asks (pull, no
 * buffer of its own): an HTTP response that is not drained stops the reading,
 * so memory holds one chunk, whatever the number of lines. The lines come
 * from synchronous SQLite reads, so each chunk first waits for the next
 * event-loop turn: other requests are served between chunks, not after the
 * export. The first line is read at once, so a source that cannot be read at
 * all throws here, while a response status can still say so.
 */
export function exportStream(lines: Iterable<string>, opts: ExportStreamOptions = {}): ReadableStream<Uint8Array> {
  const chunkChars = opts.chunkChars ?? 64 * 1024;
  const it = lines[Symbol.iterator]();
  let next = it.next();
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
        await waitForNextTurn();
        if (ended) return;
        const parts: string[] = [];
        let size = 0;
        try {
          while (!next.done && size < chunkChars) {
            parts.push(next.value);
            size += next.value.length;
            next = it.next();
          }
        } catch (error) {
          end({ outcome: 'failed', error });
          controller.error(error);
          return;
        }
        if (parts.length > 0) controller.enqueue(encoder.encode(parts.join('')));
        if (next.done) {
          controller.close();
          end({ outcome: 'done' });
        }
      },
      cancel() {
        it.return?.();
        end({ outcome: 'cancelled' });
      },
    },
    { highWaterMark: 0 },
  );
}
