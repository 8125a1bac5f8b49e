/** An OpenAI-compatible server that commonly runs on this machine and needs no key. */
export interface LocalServer {
  /** Endpoint id it gets when found. */
  id: string;
  label: string;
  /** Base URL of its OpenAI-compatible API (ending in /v1). */
  baseURL: string;
}

/** Probed at start on their default ports; tests and configs pass their own list. */
export const DEFAULT_LOCAL_SERVERS: LocalServer[] = [
  { id: 'lmstudio', label: 'LM Studio', baseURL: 'http://127.0.0.1:1234/v1' },
  { id: 'llamacpp', label: 'llama.cpp server', baseURL: 'http://127.0.0.1:8080/v1' },
  { id: 'vllm', label: 'vLLM', baseURL: 'http://127.0.0.1:8000/v1' },
];
