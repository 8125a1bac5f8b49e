import type { ProviderAdapter, StreamEvent } from './types.ts';

export interface LazyAdapterOptions {
  /**
   * Whether the loaded adapter counts tokens. Callers decide between counting and
   * estimating by whether `countTokens` exists, before anything is loaded.
   */
  countsTokens: boolean;
}

/**
 * An adapter whose implementation module loads on first use. The local
 * provider pulls in a native library and Anthropic's SDK takes 0.3 s to load;
 * an arena that never uses them should never pay for loading them.
 */
export function lazyAdapter(kind: string, load: () => Promise<ProviderAdapter>, options: LazyAdapterOptions): ProviderAdapter {
  let loaded: Promise<ProviderAdapter> | undefined;
  const get = () => (loaded ??= load());
  const adapter: ProviderAdapter = {
    kind,
    async *stream(req, opts): AsyncIterable<StreamEvent> {
      let inner: ProviderAdapter;
      try {
        inner = await get();
      } catch (e) {
        loaded = undefined;
        yield { type: 'error', error: { kind: 'server', message: `The ${kind} provider could not load: ${(e as Error).message}` } };
        return;
      }
      yield* inner.stream(req, opts);
    },
  };
  adapter.ready = () =>
    get().then(
      () => undefined,
      () => undefined,
    );
  if (options.countsTokens) {
    adapter.countTokens = async (model, text) => {
      const inner = await get();
      if (!inner.countTokens) throw new Error(`${kind} adapter cannot count tokens`);
      return inner.countTokens(model, text);
    };
  }
  return adapter;
}
