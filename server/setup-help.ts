import type { SetupGuide, SetupStep } from '../shared/api.ts';

/**
 * What to do when a battle cannot run, as plain text: printed under the
 * start-up table and returned by /api/models for the page, so the two never
 * disagree. A battle needs two available models; either message says how to
 * get there from where this arena is.
 */

const WAYS = [
  "  - Hosted APIs: set OPENAI_API_KEY or ANTHROPIC_API_KEY (each brings several models; or GEMINI_API_KEY, MISTRAL_API_KEY) in the server's environment.",
  '  - Ollama: start Ollama and pull models, e.g. `ollama pull llama3.2:3b`; Versus finds it at 127.0.0.1:11434.',
  "  - LM Studio, llama.cpp's llama-server or vLLM: start its server on its usual port (1234, 8080, 8000).",
  '  - GGUF model files: drop a .gguf into ./models (or a folder listed in VERSUS_MODELS_DIR).',
  '  - Any OpenAI-compatible server: add it to versus.config.json, e.g.',
  '      { "endpoints": [{ "id": "my-server", "kind": "openai", "baseURL": "http://127.0.0.1:9000/v1", "probe": true }] }',
];

export const HOW_TO_ADD_PROVIDER = [
  'No model is available yet, and a battle needs two. Add models in any of these ways and restart Versus:',
  ...WAYS,
  '  - Or start Versus once with a network and without VERSUS_OFFLINE=1: it downloads two small starter models.',
].join('\n');

export const HOW_TO_ADD_SECOND_MODEL = [
  'Only one model is available, and a battle needs two. Add a second in any of these ways and restart Versus:',
  ...WAYS,
].join('\n');

/**
 * The same ways, structured for the page's setup panel: each with the
 * commands a person copies. Kept beside the text above so the two say the
 * same (test/discovery/setup-help.test.ts checks the keys, commands and files agree).
 */
export const SETUP_STEPS: readonly SetupStep[] = [
  {
    title: 'A hosted API',
    text: "Set a key in the server's environment, then restart Versus. Each key brings several models.",
    commands: ['export OPENAI_API_KEY=…', 'export ANTHROPIC_API_KEY=…', 'export GEMINI_API_KEY=…', 'export MISTRAL_API_KEY=…'],
    live: false,
  },
  {
    title: 'Ollama',
    text: 'Start Ollama and pull a model or two; Versus finds it at 127.0.0.1:11434 while it runs.',
    commands: ['ollama pull llama3.2:3b', 'ollama pull qwen2.5:3b'],
    live: true,
  },
  {
    title: "LM Studio, llama.cpp's llama-server or vLLM",
    text: 'Start its server on its usual port (1234, 8080, 8000); Versus finds it while it runs.',
    commands: ['llama-server -m ./models/model.gguf --port 8080', 'vllm serve Qwen/Qwen2.5-1.5B-Instruct --port 8000'],
    live: true,
  },
  {
    title: 'GGUF model files',
    text: 'Drop a .gguf into ./models (or a folder listed in VERSUS_MODELS_DIR); Versus runs it in-process.',
    commands: ['mkdir -p models && cp ~/Downloads/*.gguf models/'],
    live: true,
  },
  {
    title: 'Any OpenAI-compatible server',
    text: 'Add it to versus.config.json, then restart Versus.',
    commands: ['{ "endpoints": [{ "id": "my-server", "kind": "openai", "baseURL": "http://127.0.0.1:9000/v1", "probe": true }] }'],
    live: false,
  },
];

/** The page's setup panel for this many available models; null once a battle can run. */
export function setupGuide(availableModels: number): SetupGuide | null {
  if (availableModels >= 2) return null;
  const summary =
    availableModels === 0
      ? 'No model is available yet, and a battle needs two. Add models in any of these ways:'
      : 'Only one model is available, and a battle needs two. Add a second in any of these ways:';
  const starter: SetupStep = {
    title: 'Starter models',
    text: 'Start Versus once with a network and without VERSUS_OFFLINE=1: it downloads two small starter models (376 MB).',
    commands: ['npm start'],
    live: false,
  };
  return { summary, steps: availableModels === 0 ? [...SETUP_STEPS, starter] : [...SETUP_STEPS] };
}

/** The help for this many available models; null once a battle can run. */
export function setupHelp(availableModels: number): string | null {
  if (availableModels === 0) return HOW_TO_ADD_PROVIDER;
  if (availableModels === 1) return HOW_TO_ADD_SECOND_MODEL;
  return null;
}
