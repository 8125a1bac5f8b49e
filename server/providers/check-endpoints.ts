import type { EndpointConfig } from '../config/endpoint-config.ts';
import { servedModels, type ServedModel } from './discovery/probe-openai-server.ts';
import { redactUrl, urlCredentials, urlTokens } from './redact-url.ts';
import { scrubSecrets } from './scrub-secrets.ts';

export interface EndpointStatus {
  available: boolean;
  reason?: string;
  /** Model names the endpoint listed, when it was probed. */
  models?: string[];
  /** The same, with the context length the server reports for each (where it does). */
  served?: ServedModel[];
}

export function resolveBaseURL(e: EndpointConfig, secrets: Record<string, string | undefined>): string | undefined {
  return (e.baseURLEnv && secrets[e.baseURLEnv]) || e.baseURL;
}

export function resolveApiKey(e: EndpointConfig, secrets: Record<string, string | undefined>): string | undefined {
  return e.apiKeyEnv ? secrets[e.apiKeyEnv] || undefined : undefined;
}

/**
 * Whether an endpoint can be used now. Hosted endpoints are usable when their
 * key is set (a wrong key shows up as an auth error in the pane, at once);
 * probed endpoints (local servers) must answer GET /models within the timeout.
 */
export async function checkEndpoint(
  e: EndpointConfig,
  secrets: Record<string, string | undefined>,
  opts: { timeoutMs?: number } = {},
): Promise<EndpointStatus> {
  if (e.kind === 'local') return { available: true };
  if (e.apiKeyEnv && !resolveApiKey(e, secrets)) {
    return { available: false, reason: `set ${e.apiKeyEnv} in the server's environment` };
  }
  if (!e.probe) return { available: true };
  const base = resolveBaseURL(e, secrets);
  if (!base) return { available: false, reason: 'no base URL configured' };
  const url = `${base.replace(/\/+$/, '')}${e.kind === 'anthropic' ? '/v1/models' : '/models'}`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 1500), headers: e.headers });
    if (!res.ok) return { available: false, reason: `${redactUrl(url)} answered HTTP ${res.status}` };
    const served = (await servedModels(await res.json(), base, opts.timeoutMs ?? 1500, e.headers)) ?? [];
    return { available: true, models: served.map((m) => m.name), served };
  } catch (err) {
    const why =
      (err as Error).name === 'TimeoutError' ? 'timed out' : ((err as { cause?: Error }).cause?.message ?? (err as Error).message);
    // fetch quotes the URL it refused ("…includes credentials: http://user:pass@…"): the reason is shown on the page.
    return {
      available: false,
      reason: `no server answered at ${redactUrl(base)} (${scrubSecrets(why, [resolveApiKey(e, secrets), ...urlCredentials(base), ...urlTokens(base)])})`,
    };
  }
}

export async function checkEndpoints(
  endpoints: EndpointConfig[],
  secrets: Record<string, string | undefined>,
  opts: { timeoutMs?: number } = {},
): Promise<Map<string, EndpointStatus>> {
  const entries = await Promise.all(endpoints.map(async (e) => [e.id, await checkEndpoint(e, secrets, opts)] as const));
  return new Map(entries);
}
