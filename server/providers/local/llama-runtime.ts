import type { Llama } from 'node-llama-cpp';
import { loadLlamaModule } from './llama-module.ts';

/** Which llama.cpp backend to load. `auto` picks CUDA/Vulkan/Metal when that prebuilt package is installed, else CPU. */
export type LocalGpu = 'auto' | 'cuda' | 'vulkan' | 'metal' | false;

const runtimes = new Map<string, Promise<Llama>>();

/**
 * The one llama.cpp instance per backend for this process, loaded on first use.
 * `build: 'never'`: only the prebuilt binaries from npm are used, so nothing
 * compiles or downloads at run time; a missing binary is a clear error instead.
 */
export function getLlamaRuntime(gpu: LocalGpu = 'auto'): Promise<Llama> {
  const key = String(gpu);
  let p = runtimes.get(key);
  if (!p) {
    p = loadLlamaModule().then(({ getLlama, LlamaLogLevel }) =>
      getLlama({
        gpu,
        build: 'never',
        progressLogs: false,
        // llama.cpp warns about harmless metadata quirks of small GGUFs on every load.
        logLevel: LlamaLogLevel.error,
      }),
    );
    // A failed load is retried on the next request rather than remembered forever.
    p.catch(() => runtimes.delete(key));
    runtimes.set(key, p);
  }
  return p;
}
