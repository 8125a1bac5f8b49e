import { randomInt } from 'node:crypto';
import type { Sampling } from '../../../shared/catalog.ts';

/**
 * node-llama-cpp's own default is greedy decoding, which would make two
 * entries of one file without pinned sampling answer identically. Unset
 * values take llama.cpp server's defaults instead, the behaviour people know
 * from `llama-server` and Ollama.
 */
export const LOCAL_SAMPLING_DEFAULTS = { temperature: 0.8, topP: 0.95, topK: 40, minP: 0.05 } as const;

export interface LocalSamplingOptions {
  temperature: number;
  topP: number;
  topK: number;
  minP: number;
  seed: number;
}

export function localSampling(s: Sampling): LocalSamplingOptions {
  return {
    temperature: s.temperature ?? LOCAL_SAMPLING_DEFAULTS.temperature,
    topP: s.topP ?? LOCAL_SAMPLING_DEFAULTS.topP,
    topK: LOCAL_SAMPLING_DEFAULTS.topK,
    minP: LOCAL_SAMPLING_DEFAULTS.minP,
    // node-llama-cpp seeds from the clock when none is given, so two sides
    // started in the same instant would sample the very same answer.
    seed: s.seed ?? randomInt(2 ** 31),
  };
}
