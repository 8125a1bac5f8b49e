import type { Llama, LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import type { EmbedKind, Embedder } from './embedder.ts';
import { embeddingModelId, type EmbeddingModelSpec } from './embedding-model-spec.ts';
import { truncateEmbedding } from './truncate-embedding.ts';

export interface LlamaEmbedderOptions {
  /** The llama.cpp runtime (server/providers/local/llama-runtime.ts). */
  llama: () => Promise<Llama>;
  /** The GGUF on disk. */
  modelPath: string;
  spec: EmbeddingModelSpec;
}

/**
 * An embedding GGUF run through node-llama-cpp: one model, one embedding
 * context with one thread (as the arena's contexts: on a 2-core machine a
 * second thread slows both), texts embedded one at a time. The text gets the
 * spec's task prefix, is cut to the spec's token limit (and the context's),
 * and the vector is cut to the spec's dimensions and renormalised.
 */
export class LlamaEmbedder implements Embedder {
  readonly model: string;
  readonly label: string;
  readonly dimensions: number;
  private loaded: Promise<{ model: LlamaModel; context: LlamaEmbeddingContext; contextSize: number }> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: LlamaEmbedderOptions) {
    this.model = embeddingModelId(opts.spec);
    this.label = opts.spec.label;
    this.dimensions = opts.spec.dimensions;
  }

  /** Loads the model and its context (once; a failed load is tried again on the next call). */
  private load() {
    this.loaded ??= (async () => {
      const llama = await this.opts.llama();
      const model = await llama.loadModel({ modelPath: this.opts.modelPath });
      const contextSize = Math.min(model.trainContextSize, this.opts.spec.maxTokens + 8);
      try {
        // The whole input is one batch: an embedding model attends over all of it at once.
        const context = await model.createEmbeddingContext({ contextSize, batchSize: contextSize, threads: 1 });
        return { model, context, contextSize };
      } catch (e) {
        await model.dispose();
        throw e;
      }
    })();
    this.loaded.catch(() => (this.loaded = null));
    return this.loaded;
  }

  embed(text: string, kind: EmbedKind): Promise<Float32Array> {
    const run = this.queue.then(() => this.embedNow(text, kind));
    this.queue = run.catch(() => {});
    return run;
  }

  private async embedNow(text: string, kind: EmbedKind): Promise<Float32Array> {
    const { model, context, contextSize } = await this.load();
    const prefix = kind === 'query' ? this.opts.spec.queryPrefix : this.opts.spec.documentPrefix;
    // Room for the begin and end tokens the context adds; user text is never read as special tokens.
    const limit = Math.min(this.opts.spec.maxTokens, contextSize - 3);
    const tokens = model.tokenize(prefix + text, false).slice(0, limit);
    if (tokens.length === 0) return new Float32Array(this.dimensions);
    const { vector } = await context.getEmbeddingFor(tokens);
    return truncateEmbedding(vector, this.dimensions, this.opts.spec.layerNormBeforeTruncate);
  }

  async close(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = null;
    await this.queue;
    if (!loaded) return;
    const l = await loaded.catch(() => null);
    await l?.context.dispose();
    await l?.model.dispose();
  }
}
