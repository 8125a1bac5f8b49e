import { z } from 'zod';

/**
 * A provider connection. Keys are never written in config: `apiKeyEnv` names
 * the environment variable that holds one, so the config file can be shared.
 */
export const EndpointConfig = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'endpoint id: letters, digits, _ and -'),
  kind: z.enum(['openai', 'anthropic', 'local']),
  label: z.string().optional(),
  baseURL: z.url().optional(),
  /** Environment variable that overrides baseURL (the SDKs' own convention, e.g. OPENAI_BASE_URL). */
  baseURLEnv: z.string().optional(),
  /** Environment variable holding the API key. Omit for servers that need none (Ollama, llama.cpp…). */
  apiKeyEnv: z.string().optional(),
  headers: z.record(z.string(), z.string()).default({}),
  /** Some OpenAI-compatible servers reject stream_options.include_usage. */
  includeUsage: z.boolean().default(true),
  /** An interactive arena shows a 429 at once rather than sleeping through SDK retries. */
  maxRetries: z.number().int().min(0).max(5).default(0),
  /** SDK timeout: covers the wait for response headers only. */
  headersTimeoutMs: z.number().int().positive().default(60_000),
  firstTokenTimeoutMs: z.number().int().positive().default(60_000),
  idleTimeoutMs: z.number().int().positive().default(30_000),
  /** Keyless endpoints (local servers) are probed at start; hosted ones are trusted if a key is set. */
  probe: z.boolean().default(false),
});
export type EndpointConfig = z.infer<typeof EndpointConfig>;
export type EndpointConfigInput = z.input<typeof EndpointConfig>;
