import http from 'node:http';
import https from 'node:https';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/**
 * The `fetch` both SDKs are given: the request goes through node:http(s)
 * instead of undici. Why: every streamed token crosses the response body, and
 * undici's fetch hands each network read through a WHATWG stream (a promise,
 * a controller and a queue per chunk), which the load bench's profile put at
 * about a fifth of the relay's CPU. Here the body is a Node stream; a reader
 * that knows it (`nodeBodyOf`, used by the OpenAI adapter's SSE reader) reads
 * it directly, and the `Response` the SDK sees carries a web stream made only
 * when something reads `response.body` (an error body, Anthropic's own parser).
 *
 * What it keeps of fetch's behaviour, because the SDKs and the arena rely on
 * it: an abort rejects with an `AbortError` before the answer and fails the
 * body after it (the SDK tells a user's abort from its own timeout by that);
 * a failed connection rejects with `TypeError('fetch failed', { cause })` like
 * undici, so errors are classified the same way; gzip, deflate and br bodies
 * are decoded. Connections are kept alive by Node's global agents (keep-alive
 * on since Node 19, idle sockets closed before a server's `Keep-Alive:
 * timeout` hint). Redirects are not followed: provider APIs answer a POST
 * where it was sent, and a 3xx reaches the SDK as an error. Anything this does
 * not handle (a `Request` object, a streamed or form request body, a non-HTTP
 * URL) goes to the global fetch unchanged.
 */
export async function nodeHttpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const body = init.body;
  if (input instanceof Request || !(body == null || typeof body === 'string' || body instanceof Uint8Array)) return fetch(input, init);
  const url = new URL(String(input));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fetch(input, init);
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortError();

  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  if (body != null && headers['content-length'] === undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const method = (init.method ?? 'GET').toUpperCase();

  return new Promise<Response>((resolve, reject) => {
    let stream: Readable | undefined;
    const onAbort = () => {
      const err = abortError();
      if (stream) stream.destroy(err);
      req.destroy(err);
      reject(err);
    };
    const done = () => signal?.removeEventListener('abort', onAbort);
    const req = (url.protocol === 'https:' ? https : http).request(url, { method, headers }, (res) => {
      stream = decoded(res);
      stream.once('close', done);
      const response = new Response(nullBodyStatus(res.statusCode!, method) ? null : lazyWebStream(stream), {
        status: res.statusCode,
        statusText: res.statusMessage,
        headers: toHeaders(res.headers),
      });
      // Response's `url` is read-only from its constructor; the SDKs read it for their logs.
      Object.defineProperty(response, 'url', { value: url.href });
      bodies.set(response, stream);
      resolve(response);
    });
    // on, not once: a socket can fail again after the first error, and an 'error' without a listener would end the process.
    req.on('error', (err) => {
      if (!stream) done();
      reject(err.name === 'AbortError' ? err : new TypeError('fetch failed', { cause: err }));
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    req.end(body ?? undefined);
  });
}

const bodies = new WeakMap<Response, Readable>();

/** The Node stream behind a response `nodeHttpFetch` made, for a reader that skips the web-stream copy; undefined for any other. */
export function nodeBodyOf(response: Response): Readable | undefined {
  return bodies.get(response);
}

/**
 * What a body cut short fails with: undici's shape (`TypeError: terminated`, the socket's error as its cause), so
 * errors are classified as with the global fetch; an abort stays an AbortError, which is how a stop is told apart.
 */
export function bodyFailure(e: Error): Error {
  return e.name === 'AbortError' ? e : new TypeError('terminated', { cause: e });
}

function abortError(): DOMException {
  return new DOMException('This operation was aborted', 'AbortError');
}

function nullBodyStatus(status: number, method: string): boolean {
  return method === 'HEAD' || status === 204 || status === 205 || status === 304;
}

function decoded(res: http.IncomingMessage): Readable {
  const encoding = res.headers['content-encoding']?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : null;
  // pipeline destroys both ends when either fails, so an abort of the decoded stream also closes the connection.
  return decoder ? pipeline(res, decoder, () => undefined) : res;
}

function toHeaders(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.append(name, value);
  }
  return headers;
}

/** A web stream over the Node one that starts reading only when first pulled, so a direct reader of the Node stream is not raced. */
function lazyWebStream(stream: Readable): ReadableStream<Uint8Array> {
  let chunks: AsyncIterator<Buffer> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
        const next = await chunks.next().catch((e: Error) => Promise.reject(bodyFailure(e)));
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      },
      cancel() {
        stream.destroy();
      },
      // 0, not the default 1: a web stream pulls up to its high-water mark as soon as it is made, and would race the direct reader.
    },
    { highWaterMark: 0 },
  );
}
