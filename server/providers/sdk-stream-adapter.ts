import type { ServerReportedTimings } from '../../shared/metrics.ts';
import type { ProviderError } from '../../shared/provider-error.ts';
import type { FinishReason, FinishReasonUnified } from '../../shared/usage.ts';
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
  open(req: ChatRequest, signal: AbortSignal): Promise<AsyncIterable<Chunk> | Iterable<Chunk>>;
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
  const usage = new UsageTally();
  let finishRaw: string | undefined;
  let serverTimings: ServerReportedTimings | undefined;
  const seen = { text: false, usage: false, end: false };
  try {
    const stream = await m.open(req, signal);
    reading: for await (const chunk of stream) {
      for (const part of m.read(chunk)) {
        switch (part.type) {
          case 'text-delta':
            if (part.text.length === 0) break;
            seen.text = true;
            yield part;
            break;
          case 'finish-reason':
            if (part.raw.length > 0) finishRaw = part.raw;
            break;
          case 'usage':
            seen.usage = true;
            usage.add(part.usage);
            break;
          case 'server-timings':
            serverTimings = part.timings;
            break;
          case 'error':
            // Returning closes the SDK stream, and with it the connection: nothing said after an error counts.
            yield fail(part.error);
            return;
          case 'end':
            seen.end = true;
            break reading;
          default: {
            const never: never = part;
            void never;
          }
        }
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
  const tallied = usage.toUsage();
  // A final output count is a finish without a reason: servers send it once generation is over (Anthropic's
  // message_start usage has input only, so a stream cut after it does not pass for finished).
  if (finishRaw === undefined && tallied.outputTokens === undefined) {
    yield { type: 'error', error: endedWithoutFinish(seen) };
    return;
  }
  const finishReason: FinishReason =
    finishRaw === undefined ? { unified: 'unknown' } : { unified: m.unifyFinishReason(finishRaw), raw: finishRaw };
  yield { type: 'finish', finishReason, usage: tallied, ...(serverTimings && { serverTimings }) };
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
