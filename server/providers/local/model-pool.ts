import type { ChatWrapper, Llama, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { chatTemplateOf } from './gguf-facts.ts';
import { loadedLlamaModule } from './llama-module.ts';

export interface LoadedLocalModel {
  path: string;
  model: LlamaModel;
  /** Tokens one context holds: the GGUF's trained length, capped by the pool's limit. */
  contextSize: number;
  /** From the GGUF's own chat template; null means plain text completion. */
  chatWrapper: ChatWrapper | null;
}

export interface ContextLease {
  loaded: LoadedLocalModel;
  sequence: LlamaContextSequence;
  /** Hands the context back (or to the next waiter). Idempotent; a closure, so it may be passed around on its own. */
  release: () => void;
}

export interface LocalModelPoolOptions {
  llama: () => Promise<Llama>;
  /** Upper bound on a context's size; big models train on 128K tokens, far more than an arena turn needs. */
  maxContextSize?: number;
  /** Contexts per model: one per concurrently streaming side. Further requests wait for a free one. */
  maxContextsPerModel?: number;
}

interface ModelSlot {
  loaded: Promise<LoadedLocalModel>;
  /** Each sequence owns its context (one sequence per context). */
  idle: LlamaContextSequence[];
  created: number;
  waiters: { resolve: (s: LlamaContextSequence) => void; reject: (e: unknown) => void; signal: AbortSignal; onAbort: () => void }[];
}

export const DEFAULT_MAX_CONTEXT_SIZE = 8192;
export const DEFAULT_MAX_CONTEXTS_PER_MODEL = 2;

/**
 * Why the signal aborted, as an Error: `abort()` with no reason gives an
 * AbortError DOMException, and every abort in Versus passes an Error; any
 * other reason becomes an AbortError saying it.
 */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException(String(reason), 'AbortError');
}

/** `p`, or a rejection with the abort reason as soon as the signal aborts. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Loads each GGUF once and keeps a pool of one-sequence, one-thread contexts
 * per model. One thread per context: on a 2-core machine two threads per
 * context made generation 10-20x slower, while two one-thread contexts
 * (one per arena side) generate truly in parallel.
 */
export class LocalModelPool {
  private readonly slots = new Map<string, ModelSlot>();
  private readonly maxContextSize: number;
  private readonly maxContexts: number;

  constructor(private readonly opts: LocalModelPoolOptions) {
    this.maxContextSize = opts.maxContextSize ?? DEFAULT_MAX_CONTEXT_SIZE;
    this.maxContexts = opts.maxContextsPerModel ?? DEFAULT_MAX_CONTEXTS_PER_MODEL;
  }

  /** The loaded model (loading it on first use). A failed load is retried next time. */
  model(path: string): Promise<LoadedLocalModel> {
    return this.slot(path).loaded;
  }

  /** A context of its own for one stream, with an empty history so no side inherits another's cache. */
  async acquire(path: string, signal: AbortSignal): Promise<ContextLease> {
    const slot = this.slot(path);
    // Loading a big model takes seconds; a side stopped meanwhile ends now, the load goes on for the next one.
    const loaded = await untilAborted(slot.loaded, signal);
    const sequence = await this.takeSequence(slot, loaded, signal);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.giveBack(slot, sequence);
    };
    try {
      await sequence.clearHistory();
    } catch (e) {
      release();
      throw e;
    }
    return { loaded, sequence, release };
  }

  async dispose(): Promise<void> {
    const slots = [...this.slots.values()];
    this.slots.clear();
    await Promise.all(
      slots.map(async (s) => {
        for (const w of s.waiters) w.reject(new Error('local model pool disposed'));
        const loaded = await s.loaded.catch(() => null);
        await loaded?.model.dispose();
      }),
    );
  }

  private slot(path: string): ModelSlot {
    let slot = this.slots.get(path);
    if (!slot) {
      const loaded = this.load(path);
      slot = { loaded, idle: [], created: 0, waiters: [] };
      this.slots.set(path, slot);
      loaded.catch(() => {
        if (this.slots.get(path) === slot) this.slots.delete(path);
      });
    }
    return slot;
  }

  private async load(path: string): Promise<LoadedLocalModel> {
    const llama = await this.opts.llama();
    const model = await llama.loadModel({ modelPath: path });
    const hasTemplate = chatTemplateOf(model.fileInfo.metadata) !== null;
    return {
      path,
      model,
      contextSize: Math.min(model.trainContextSize, this.maxContextSize),
      chatWrapper: hasTemplate ? loadedLlamaModule().resolveChatWrapper(model) : null,
    };
  }

  private async takeSequence(slot: ModelSlot, loaded: LoadedLocalModel, signal: AbortSignal): Promise<LlamaContextSequence> {
    const idle = slot.idle.pop();
    if (idle) return idle;
    if (slot.created < this.maxContexts) {
      slot.created++;
      try {
        const context = await loaded.model.createContext({ contextSize: loaded.contextSize, sequences: 1, threads: 1 });
        return context.getSequence();
      } catch (e) {
        slot.created--;
        throw e;
      }
    }
    return new Promise<LlamaContextSequence>((resolve, reject) => {
      const waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          slot.waiters.splice(slot.waiters.indexOf(waiter), 1);
          reject(abortReason(signal));
        },
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      slot.waiters.push(waiter);
    });
  }

  private giveBack(slot: ModelSlot, sequence: LlamaContextSequence): void {
    const next = slot.waiters.shift();
    if (next) {
      next.signal.removeEventListener('abort', next.onAbort);
      next.resolve(sequence);
    } else {
      slot.idle.push(sequence);
    }
  }
}
