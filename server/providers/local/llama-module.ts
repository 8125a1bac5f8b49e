import type * as NodeLlamaCpp from 'node-llama-cpp';

export type LlamaModule = typeof NodeLlamaCpp;

let loading: Promise<LlamaModule> | undefined;
let loaded: LlamaModule | undefined;

/**
 * node-llama-cpp, imported on first use. Loading it costs about 0.6 s of
 * start-up (1 s through tsx), which a server with no GGUF file and no board by
 * meaning should never pay.
 */
export function loadLlamaModule(): Promise<LlamaModule> {
  loading ??= import('node-llama-cpp').then(
    (m) => (loaded = m),
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

/** The module, for code that only runs once something has loaded it (a GGUF read, a model loaded by the runtime). */
export function loadedLlamaModule(): LlamaModule {
  if (!loaded) throw new Error('node-llama-cpp was used before loadLlamaModule() finished');
  return loaded;
}
