import type { EndpointConfig } from '../config/endpoint-config.ts';
import { resolveApiKey, resolveBaseURL } from './check-endpoints.ts';
import { urlCredentials, urlTokens } from './redact-url.ts';

/** Header names whose values are credentials. */
const SECRET_HEADER = /auth|key|token|secret|cookie|passw/i;

export interface EndpointSecrets {
  /** Credentials for sure: the API key, the base URL's password and secret query values, credential headers. Hidden everywhere, answers included. */
  credentials: string[];
  /** Credentials, plus the base URL's parts that only read as tokens: hidden in everything but answers. */
  all: string[];
}

/**
 * Everything an endpoint is given that must never be shown. These are what a
 * hostile or careless provider can echo back, and what an error message
 * quoting the base URL would carry.
 */
export function endpointSecrets(e: EndpointConfig, env: Record<string, string | undefined>): EndpointSecrets {
  const out: string[] = [];
  const key = resolveApiKey(e, env);
  if (key) out.push(key);
  const base = resolveBaseURL(e, env);
  if (base) out.push(...urlCredentials(base));
  for (const [name, value] of Object.entries(e.headers ?? {})) {
    if (!SECRET_HEADER.test(name)) continue;
    // "Bearer abc…": the credential is the part after the scheme, and may be echoed alone.
    out.push(value, value.replace(/^\w+\s+/, ''));
  }
  const credentials = [...new Set(out)];
  return { credentials, all: [...new Set([...credentials, ...(base ? urlTokens(base) : [])])] };
}

/** The secrets of every configured endpoint, for what all of them share (the log). */
export function configuredSecrets(endpoints: readonly EndpointConfig[], env: Record<string, string | undefined>): string[] {
  return [...new Set(endpoints.flatMap((e) => endpointSecrets(e, env).all))];
}
