import type { ProviderError } from '../../../shared/provider-error.ts';
import type { EndpointConfig } from '../../config/endpoint-config.ts';
import type { ChatRequest, ProviderAdapter, StreamEvent, StreamOptions } from '../types.ts';
import { createAsyncChannel } from './async-channel.ts';
import { generateLocal, PromptTooLongError } from './generate-local.ts';
import { getLlamaRuntime, type LocalGpu } from './llama-runtime.ts';
import { LocalModelPool } from './model-pool.ts';

export interface LocalAdapterOptions {
  /** Defaults to the process-wide pool, so every local adapter shares loaded models. */
  pool?: LocalModelPool;
}

export interface LocalAdapter extends ProviderAdapter {
  readonly kind: 'local';
  readonly pool: LocalModelPool;
  countTokens(model: string, text: string): Promise<number>;
}

let sharedPool: LocalModelPool | undefined;

/** The process-wide pool: each GGUF is loaded once however many endpoints or catalog entries use it. */
export function sharedLocalPool(gpu: LocalGpu = 'auto'): LocalModelPool {
  sharedPool ??= new LocalModelPool({ llama: () => getLlamaRuntime(gpu) });
  return sharedPool;
}

function cancelled(): ProviderError {
  return { kind: 'cancelled', message: 'Stopped before the answer finished' };
}

function toError(e: unknown): ProviderError {
  const err = e as Error;
  if (e instanceof PromptTooLongError) return { kind: 'bad_request', message: err.message };
  return {
    kind: 'server',
    message: `The local model failed: ${err?.message ?? String(e)}`,
    raw: String(err?.stack ?? e),
  };
}

/**
 * In-process GGUF models through node-llama-cpp. `req.model` is the file's
 * absolute path (the catalog entry's upstreamModel). Each stream leases a
 * context of its own and gives it back the moment it ends, is cancelled, or
 * its consumer stops reading.
 */
export function createLocalAdapter(_endpoint?: EndpointConfig, opts: LocalAdapterOptions = {}): LocalAdapter {
  const pool = opts.pool ?? sharedLocalPool();

  async function* stream(req: ChatRequest, { signal }: StreamOptions): AsyncGenerator<StreamEvent> {
    if (signal.aborted) {
      yield { type: 'error', error: cancelled() };
      return;
    }
    // Ours, so a consumer that walks away (return()) stops the generation too.
    const stop = new AbortController();
    const onAbort = () => stop.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });

    const channel = createAsyncChannel<StreamEvent>();
    const run = (async () => {
      let lease;
      try {
        lease = await pool.acquire(req.model, stop.signal);
        const result = await generateLocal(lease, req, stop.signal, (text) => {
          if (text) channel.push({ type: 'text-delta', text });
        });
        channel.push({ type: 'finish', finishReason: result.finishReason, usage: result.usage });
      } catch (e) {
        channel.push({ type: 'error', error: stop.signal.aborted ? cancelled() : toError(e) });
      } finally {
        lease?.release();
        channel.close();
      }
    })();

    try {
      for await (const ev of channel) {
        yield ev;
        if (ev.type !== 'text-delta') return;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      stop.abort();
      // The context goes back to the pool only once llama.cpp has really stopped with it.
      await run;
    }
  }

  return {
    kind: 'local',
    pool,
    stream,
    async countTokens(model: string, text: string): Promise<number> {
      const { model: m } = await pool.model(model);
      // No BOS. SentencePiece vocabularies spell a text's start with or without
      // a space prefix depending on where it sits; the shorter spelling is the
      // one a model generates, so that is the count.
      return Math.min(m.tokenize(text, false).length, m.tokenize(text, false, 'trimLeadingSpace').length);
    },
  };
}
