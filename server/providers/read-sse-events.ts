import type { Readable } from 'node:stream';
import { createParser } from 'eventsource-parser';
import { bodyFailure } from './node-http-fetch.ts';

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
 * token's path. The body is a web stream, or the Node stream behind a
 * response of `nodeHttpFetch`, read directly: no web-stream step per chunk.
 */
export function readSseEvents(body: ReadableStream<Uint8Array> | Readable): AsyncIterableIterator<readonly SseItem[]> {
  return new SseReader(body instanceof ReadableStream ? new WebBytes(body) : new NodeBytes(body));
}

/** Where the bytes come from: `read` as a web stream reader's, `release` lets go of the rest (see `release`). */
interface ByteSource {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  release(): void;
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
  private partial: string[] = [];
  private partialChars = 0;
  /** The body ended, failed or was let go: nothing more to read. */
  private over = false;

  constructor(private readonly source: ByteSource) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<readonly SseItem[]>> {
    if (this.over) return Promise.resolve(DONE);
    return this.source.read().then(this.onRead, this.onFail);
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
    this.source.release();
  }
}

class WebBytes implements ByteSource {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }
  read(): Promise<ReadableStreamReadResult<Uint8Array>> {
    return this.reader.read();
  }
  release(): void {
    release(this.reader);
  }
}

const END: ReadableStreamReadResult<Uint8Array> = Object.freeze({ done: true, value: undefined });

/**
 * A Node stream read in paused mode: `read()` takes everything buffered at
 * once (several network reads, when the consumer was busy), and a read that
 * finds nothing waits for the next `readable`, `end`, `error` or `close`.
 */
class NodeBytes implements ByteSource {
  private ended = false;
  private failure: Error | null = null;
  private waiting: { resolve: (r: ReadableStreamReadResult<Uint8Array>) => void; reject: (e: Error) => void } | null = null;

  constructor(private readonly stream: Readable) {
    stream.on('readable', this.onReadable);
    stream.once('end', this.onEnd);
    stream.on('error', this.onError);
    // Destroyed without an error (a connection dropped quietly): the body did not end, so it failed.
    stream.once('close', () =>
      this.onError(Object.assign(new Error('socket hang up: the body closed before it ended'), { code: 'ECONNRESET' })),
    );
  }

  read(): Promise<ReadableStreamReadResult<Uint8Array>> {
    const chunk = this.take();
    if (chunk) return Promise.resolve({ done: false, value: chunk });
    if (this.failure) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve(END);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** Reads the rest in the background briefly, as `release` does for a web stream, so the agent can keep the connection. */
  release(): void {
    const s = this.stream;
    s.removeListener('readable', this.onReadable);
    if (this.ended || this.failure || s.destroyed) return;
    let read = 0;
    const deadline = setTimeout(() => s.destroy(), DRAIN.ms);
    deadline.unref();
    s.on('data', (chunk: Buffer) => {
      read += chunk.byteLength;
      if (read > DRAIN.bytes) s.destroy();
    });
    s.once('close', () => clearTimeout(deadline));
    s.resume();
  }

  private take(): Uint8Array | null {
    if (this.failure || this.ended) return null;
    const chunk = this.stream.read() as Buffer | string | null;
    return chunk === null ? null : typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }

  private settle(run: (w: NonNullable<NodeBytes['waiting']>) => void): void {
    const w = this.waiting;
    if (!w) return;
    this.waiting = null;
    run(w);
  }

  private readonly onReadable = () => {
    if (!this.waiting) return;
    const chunk = this.take();
    if (chunk) this.settle((w) => w.resolve({ done: false, value: chunk }));
  };

  private readonly onEnd = () => {
    this.ended = true;
    this.settle((w) => w.resolve(END));
  };

  private readonly onError = (e: Error) => {
    if (this.ended || this.failure) return;
    const failure = bodyFailure(e);
    this.failure = failure;
    this.settle((w) => w.reject(failure));
  };
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
