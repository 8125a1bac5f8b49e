import type { ProviderAdapter, StreamEvent } from './types.ts';

/**
 * An adapter whose implementation module loads on first use. The local
 * provider pulls in a native library; an arena with no GGUF models should
 * never pay for loading it.
 */
export function lazyAdapter(kind: string, load: () => Promise<ProviderAdapter>): ProviderAdapter {
  let loaded: Promise<ProviderAdapter> | undefined;
  const get = () => (loaded ??= load());
  return {
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
    async countTokens(model, text) {
      const inner = await get();
      if (!inner.countTokens) throw new Error(`${kind} adapter cannot count tokens`);
      return inner.countTokens(model, text);
    },
  };
}
