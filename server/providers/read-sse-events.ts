import { createParser } from 'eventsource-parser';

/** One thing a server-sent event stream said. */
export type SseItem =
  /** A dispatched event: its `event:` name (undefined when none) and its joined `data:` lines. */
  | { type: 'event'; event: string | undefined; data: string }
  /**
   * A line whose field name SSE does not define. The spec says to ignore such
   * lines, and the OpenAI SDK does, but llama.cpp's server reports a failure
   * mid-stream as exactly such a line (`error: {"code":400,"message":…}`).
   */
  | { type: 'field'; name: string; value: string };

/** Past this, a line that never ends is a broken stream, not a long answer. */
const MAX_LINE_CHARS = 8 * 1024 * 1024;

/**
 * The items of an SSE response body, parsed by eventsource-parser. Only whole
 * lines are fed to the parser: it discards a partial line it cannot yet tell
 * is a known field, so an `error:` line split across two network reads would
 * otherwise vanish. Stopping the iteration early cancels the body, which
 * closes the upstream connection.
 */
export async function* readSseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseItem> {
  const ready: SseItem[] = [];
  const parser = createParser({
    onEvent: (e) => ready.push({ type: 'event', event: e.event, data: e.data }),
    onError: (e) => {
      if (e.type === 'unknown-field' && e.field !== undefined) ready.push({ type: 'field', name: e.field, value: e.value ?? '' });
    },
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let partial: string[] = [];
  let partialChars = 0;
  try {
    while (true) {
      const { value, done } = await reader.read();
      const text = done ? decoder.decode() + '\n\n' : decoder.decode(value, { stream: true });
      // A stream cut without its final blank line still dispatches what it said: the caller decides whether that is a finish.
      const cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
      if (cut === -1) {
        partial.push(text);
        partialChars += text.length;
        if (partialChars > MAX_LINE_CHARS) throw new Error(`The provider sent a stream line over ${MAX_LINE_CHARS} characters.`);
      } else {
        partial.push(text.slice(0, cut + 1));
        parser.feed(partial.join(''));
        const rest = text.slice(cut + 1);
        partial = rest.length > 0 ? [rest] : [];
        partialChars = rest.length;
      }
      for (const item of ready.splice(0)) yield item;
      if (done) return;
    }
  } finally {
    release(reader);
  }
}

/** How long, and how much, the rest of a body is read after the consumer stopped, to keep its connection. */
const DRAIN = { ms: 1000, bytes: 64 * 1024 };

/**
 * Lets go of a body the consumer stopped reading (at `[DONE]`, an error, a
 * cap or a stop). Reading its last bytes in the background, briefly, lets the
 * HTTP client keep the connection alive for the next request: cancelling
 * instead closes it, and the next answer's time to first token would then
 * include a new connection (and a TLS handshake). A body that goes on
 * sending, or that an abort has already failed, is cancelled.
 */
function release(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  const deadline = setTimeout(() => void reader.cancel().catch(() => undefined), DRAIN.ms);
  deadline.unref();
  void (async () => {
    let read = 0;
    while (read <= DRAIN.bytes) {
      const { value, done } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
    await reader.cancel();
  })()
    .catch(() => undefined)
    .finally(() => clearTimeout(deadline));
}
