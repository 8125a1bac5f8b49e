import { resolve } from 'node:path';

/** The repository's sibling folder of small real GGUF models (never committed here). */
export const SHARED_MODELS_DIR = resolve(process.cwd(), '../shared/models');
export const STORIES_260K = resolve(SHARED_MODELS_DIR, 'stories260K.gguf');
export const TINY_RANDOM = resolve(SHARED_MODELS_DIR, 'llama-2-tiny-random.gguf');
