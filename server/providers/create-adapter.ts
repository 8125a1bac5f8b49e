import type { EndpointConfig } from '../config/endpoint-config.ts';
import { resolveApiKey, resolveBaseURL } from './check-endpoints.ts';
import { lazyAdapter } from './lazy-adapter.ts';
import { loadLlamaModule } from './local/llama-module.ts';
import { endpointSecrets } from './endpoint-secrets.ts';
import { createOpenAIAdapter } from './openai-adapter.ts';
import type { ProviderAdapter } from './types.ts';
import { withSecretRedaction } from './with-secret-redaction.ts';
import { withTimeouts } from './with-timeouts.ts';

/**
 * Builds the adapter for an endpoint from config alone: per-endpoint behaviour
 * is data (base URL, key variable, headers, usage option, timeouts), never a
 * branch on a model name.
 */
export function createAdapter(e: EndpointConfig, secrets: Record<string, string | undefined>): ProviderAdapter {
  const common = {
    baseURL: resolveBaseURL(e, secrets),
    apiKey: resolveApiKey(e, secrets),
    headers: e.headers,
    maxRetries: e.maxRetries,
    headersTimeoutMs: e.headersTimeoutMs,
  };
  const inner = (() => {
    switch (e.kind) {
      case 'openai':
        return createOpenAIAdapter({ ...common, includeUsage: e.includeUsage });
      case 'anthropic':
        // Loaded on first use, like the local provider: an arena without Anthropic endpoints never loads its SDK.
        return lazyAdapter('anthropic', async () => (await import('./anthropic-adapter.ts')).createAnthropicAdapter(common), {
          countsTokens: false,
        });
      case 'local':
        return lazyAdapter(
          'local',
          async () => {
            // node-llama-cpp's module too, so that runSide waits for it before t0 (ProviderAdapter.ready).
            const [{ createLocalAdapter }] = await Promise.all([import('./local/local-adapter.ts'), loadLlamaModule()]);
            return createLocalAdapter();
          },
          { countsTokens: true },
        );
      default: {
        const never: never = e.kind;
        throw new Error(`unknown endpoint kind ${String(never)}`);
      }
    }
  })();
  // Outermost: the timeouts' own errors and everything the provider sends pass the redaction.
  return withSecretRedaction(
    withTimeouts(inner, { firstTokenMs: e.firstTokenTimeoutMs, idleMs: e.idleTimeoutMs }),
    endpointSecrets(e, secrets),
  );
}
