import type { EndpointConfigInput } from '../config/endpoint-config.ts';

/** Endpoints Versus knows without configuration. Each is usable only once its key is set or its server answers. */
export const BUILTIN_ENDPOINTS: EndpointConfigInput[] = [
  {
    id: 'openai',
    kind: 'openai',
    label: 'OpenAI',
    baseURL: 'https://api.openai.com/v1',
    baseURLEnv: 'OPENAI_BASE_URL',
    apiKeyEnv: 'OPENAI_API_KEY',
  },
  {
    id: 'anthropic',
    kind: 'anthropic',
    label: 'Anthropic',
    baseURL: 'https://api.anthropic.com',
    baseURLEnv: 'ANTHROPIC_BASE_URL',
    apiKeyEnv: 'ANTHROPIC_API_KEY',
  },
  {
    id: 'gemini',
    kind: 'openai',
    label: 'Google Gemini',
    baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai/',
    apiKeyEnv: 'GEMINI_API_KEY',
  },
  { id: 'mistral', kind: 'openai', label: 'Mistral', baseURL: 'https://api.mistral.ai/v1', apiKeyEnv: 'MISTRAL_API_KEY' },
  {
    id: 'ollama',
    kind: 'openai',
    label: 'Ollama',
    baseURL: 'http://127.0.0.1:11434/v1',
    baseURLEnv: 'OLLAMA_BASE_URL',
    probe: true,
    firstTokenTimeoutMs: 180_000,
  },
  // GGUF files found in the models folders run in-process; the first answer of a big model includes loading it.
  { id: 'local', kind: 'local', label: 'Local GGUF (node-llama-cpp)', firstTokenTimeoutMs: 180_000 },
];
