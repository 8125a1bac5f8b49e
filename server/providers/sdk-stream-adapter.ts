import type { ServerReportedTimings } from '../../shared/metrics.ts';
import type { ProviderError } from '../../shared/provider-error.ts';
import type { FinishReason, FinishReasonUnified } from '../../shared/usage.ts';
import { nodeHttpFetch } from './node-http-fetch.ts';
import { toProviderError } from './to-provider-error.ts';
import type { ChatRequest, ProviderAdapter, StreamEvent } from './types.ts';
import { UsageTally, type UsageReport } from './usage-tally.ts';

/**
 * What one raw SDK chunk says, in the arena's terms. A provider's mapping only
 * says where its fields are; what they mean together (when a stream failed,
 * said nothing, or finished, and with what usage) is decided here, once.
 */
export type ChunkPart =
  | { type: 'text-delta'; text: string }
  /** The provider's own finish (stop) reason, kept as `raw` next to the unified one. */
  | { type: 'finish-reason'; raw: string }
  | { type: 'usage'; usage: UsageReport }
  /** The server's own timings; a later report supersedes an earlier one. */
  | { type: 'server-timings'; timings: ServerReportedTimings }
  /**
   * A failure the provider reported inside a stream that had started well (HTTP
   * 200): classified like a thrown SDK error, so pass what the SDK would throw.
   */
  | { type: 'error'; error: unknown }
  /** The protocol's end marker (OpenAI's `data: [DONE]`): nothing after it is read. */
  | { type: 'end' };

/**
 * The chunks of one answer: one by one (an SDK's own stream), or in batches,
 * each what one network read completed (a raw event stream), which saves an
 * asynchronous step per chunk when a read carries several.
 */
export type ChunkSource<Chunk> = AsyncIterable<Chunk> | Iterable<Chunk> | { batches: AsyncIterable<readonly Chunk[]> };

/** A provider's field mapping: everything an SDK adapter has that another does not. */
export interface SdkStreamMapping<Chunk> {
  /** The endpoint kind, e.g. "openai". */
  kind: string;
  /** The configured key, scrubbed from every error in case the provider echoes it back. */
  apiKey: string | undefined;
  /**
   * Starts the SDK request; the signal must reach the SDK, so that a stop aborts the HTTP request.
   * Yields the SDK's own stream, or the raw event stream where the SDK's parser loses events.
   */
  open(req: ChatRequest, signal: AbortSignal): Promise<ChunkSource<Chunk>>;
  /**
   * The parts one chunk carries, in order. Chunks come from servers that only
   * claim compatibility: read fields as untrusted, whatever the SDK types say.
   */
  read(chunk: Chunk): readonly ChunkPart[];
  /** The provider's finish reasons, unified; anything unknown is `other`. */
  unifyFinishReason(raw: string): FinishReasonUnified;
}

/** Connection options every SDK endpoint takes. */
export interface SdkEndpointOptions {
  /** What the SDK's `*_BASE_URL` variable would be; the SDK default when omitted. */
  baseURL?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  /** SDK retries on 408/409/429/5xx and connection errors. Default 0: the arena shows failures at once. */
  maxRetries?: number;
  /** The SDK `timeout`: it only covers the wait for response headers, never the streamed body. */
  headersTimeoutMs?: number;
}

/**
 * Local servers and keyless proxies ignore the key, but without one the OpenAI
 * SDK refuses to build a client and the Anthropic SDK walks its credential
 * chain (env, profile files) and throws on the first request. A placeholder
 * keeps them working, and a missing key shows up as the server's own 401.
 */
const PLACEHOLDER_KEY = 'no-key';

/** The client options both SDKs spell the same way. */
export function sdkClientOptions(opts: SdkEndpointOptions) {
  return {
    apiKey: opts.apiKey || PLACEHOLDER_KEY,
    baseURL: opts.baseURL,
    defaultHeaders: opts.headers,
    maxRetries: opts.maxRetries ?? 0,
    fetch: nodeHttpFetch,
    ...(opts.headersTimeoutMs !== undefined && { timeout: opts.headersTimeoutMs }),
  };
}

export function createSdkStreamAdapter<Chunk>(mapping: SdkStreamMapping<Chunk>): ProviderAdapter {
  return { kind: mapping.kind, stream: (req, { signal }) => streamSdk(mapping, req, signal) };
}

async function* streamSdk<Chunk>(m: SdkStreamMapping<Chunk>, req: ChatRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
  const fail = (err: unknown): StreamEvent => ({
    type: 'error',
    error: toProviderError(err, { aborted: signal.aborted, apiKey: m.apiKey }),
  });
  const answer = new AnswerSoFar();
  // What the chunk read last gave to pass on; reused, so a token allocates no list of its own.
  const out: StreamEvent[] = [];
  try {
    const source = await m.open(req, signal);
    if (isBatches(source)) {
      reading: for await (const batch of source.batches) {
        for (const chunk of batch) {
          const next = answer.read(m, chunk, out, fail);
          for (const ev of out) yield ev;
          out.length = 0;
          // Returning closes the SDK stream, and with it the connection: nothing said after an error counts.
          if (next === 'failed') return;
          if (next === 'end') break reading;
        }
      }
    } else {
      for await (const chunk of source) {
        const next = answer.read(m, chunk, out, fail);
        for (const ev of out) yield ev;
        out.length = 0;
        if (next === 'failed') return;
        if (next === 'end') break;
      }
    }
  } catch (err) {
    yield fail(err);
    return;
  }
  // The SDK's iterator ends silently when its request is aborted, so a stopped stream looks complete here.
  if (signal.aborted) {
    yield fail(undefined);
    return;
  }
  yield answer.end(m);
}

function isBatches<Chunk>(s: ChunkSource<Chunk>): s is { batches: AsyncIterable<readonly Chunk[]> } {
  return typeof s === 'object' && s !== null && 'batches' in s;
}

/** What an answer's chunks said so far: its text goes on at once, the rest decides how it ended. */
class AnswerSoFar {
  private readonly usage = new UsageTally();
  private finishRaw: string | undefined;
  private serverTimings: ServerReportedTimings | undefined;
  private readonly seen = { text: false, usage: false, end: false };

  /** Reads one chunk, putting what to pass on in `out`; says whether to read on. */
  read<Chunk>(
    m: SdkStreamMapping<Chunk>,
    chunk: Chunk,
    out: StreamEvent[],
    fail: (err: unknown) => StreamEvent,
  ): 'more' | 'end' | 'failed' {
    for (const part of m.read(chunk)) {
      switch (part.type) {
        case 'text-delta':
          if (part.text.length === 0) break;
          this.seen.text = true;
          out.push(part);
          break;
        case 'finish-reason':
          if (part.raw.length > 0) this.finishRaw = part.raw;
          break;
        case 'usage':
          this.seen.usage = true;
          this.usage.add(part.usage);
          break;
        case 'server-timings':
          this.serverTimings = part.timings;
          break;
        case 'error':
          out.push(fail(part.error));
          return 'failed';
        case 'end':
          this.seen.end = true;
          return 'end';
        default: {
          const never: never = part;
          void never;
        }
      }
    }
    return 'more';
  }

  /** The stream's last event, once it stopped by itself. */
  end<Chunk>(m: SdkStreamMapping<Chunk>): StreamEvent {
    const tallied = this.usage.toUsage();
    // A final output count is a finish without a reason: servers send it once generation is over (Anthropic's
    // message_start usage has input only, so a stream cut after it does not pass for finished).
    if (this.finishRaw === undefined && tallied.outputTokens === undefined) return { type: 'error', error: endedWithoutFinish(this.seen) };
    const finishReason: FinishReason =
      this.finishRaw === undefined ? { unified: 'unknown' } : { unified: m.unifyFinishReason(this.finishRaw), raw: this.finishRaw };
    return { type: 'finish', finishReason, usage: tallied, ...(this.serverTimings && { serverTimings: this.serverTimings }) };
  }
}

/** A stream that stopped without saying it finished: the answer may be cut short, so it is not a finished answer. */
function endedWithoutFinish(seen: { text: boolean; usage: boolean; end: boolean }): ProviderError {
  return {
    kind: 'server',
    message: seen.text
      ? 'The stream ended without a finish: the provider sent neither a finish reason nor usage, so the answer may be cut short.'
      : 'The stream ended without a finish: the provider sent no output, finish reason or usage.',
    raw: JSON.stringify({ endedWithoutFinish: seen }),
  };
}
