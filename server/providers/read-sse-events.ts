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
 * The items of an SSE response body, parsed by eventsource-parser, in batches:
 * each batch holds what one network read completed (never empty), so a read
 * carrying several events costs one asynchronous step, not one per event.
 * Only whole lines are fed to the parser: it discards a partial line it cannot
 * yet tell is a known field, so an `error:` line split across two network reads
 * would otherwise vanish. Stopping the iteration early releases the body (see
 * `release`). A hand-written iterator, not an async generator: it is on every
 * token's path.
 */
export function readSseEvents(body: ReadableStream<Uint8Array>): AsyncIterableIterator<readonly SseItem[]> {
  return new SseReader(body);
}

const DONE: IteratorResult<readonly SseItem[]> = Object.freeze({ done: true, value: undefined });

class SseReader implements AsyncIterableIterator<readonly SseItem[]> {
  private ready: SseItem[] = [];
  private readonly parser = createParser({
    onEvent: (e) => this.ready.push({ type: 'event', event: e.event, data: e.data }),
    onError: (e) => {
      if (e.type === 'unknown-field' && e.field !== undefined) this.ready.push({ type: 'field', name: e.field, value: e.value ?? '' });
    },
  });
  private readonly decoder = new TextDecoder();
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private partial: string[] = [];
  private partialChars = 0;
  /** The body ended, failed or was let go: nothing more to read. */
  private over = false;

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<readonly SseItem[]>> {
    if (this.over) return Promise.resolve(DONE);
    return this.reader.read().then(this.onRead, this.onFail);
  }

  return(): Promise<IteratorResult<readonly SseItem[]>> {
    this.letGo();
    return Promise.resolve(DONE);
  }

  private readonly onRead = ({
    value,
    done,
  }: ReadableStreamReadResult<Uint8Array>): IteratorResult<readonly SseItem[]> | Promise<IteratorResult<readonly SseItem[]>> => {
    try {
      this.feed(done ? this.decoder.decode() + '\n\n' : this.decoder.decode(value, { stream: true }));
    } catch (e) {
      this.letGo();
      throw e;
    }
    if (done) this.letGo();
    if (this.ready.length === 0) return this.next();
    const items = this.ready;
    this.ready = [];
    return { done: false, value: items };
  };

  private readonly onFail = (e: unknown): never => {
    this.letGo();
    throw e;
  };

  private feed(text: string): void {
    // A stream cut without its final blank line still dispatches what it said: the caller decides whether that is a finish.
    const cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (cut === -1) {
      this.partial.push(text);
      this.partialChars += text.length;
      if (this.partialChars > MAX_LINE_CHARS) throw new Error(`The provider sent a stream line over ${MAX_LINE_CHARS} characters.`);
      return;
    }
    this.partial.push(text.slice(0, cut + 1));
    this.parser.feed(this.partial.length === 1 ? this.partial[0]! : this.partial.join(''));
    const rest = text.slice(cut + 1);
    this.partial = rest.length > 0 ? [rest] : [];
    this.partialChars = rest.length;
  }

  private letGo(): void {
    if (this.over) return;
    this.over = true;
    release(this.reader);
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
