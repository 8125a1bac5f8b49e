import { z } from 'zod';

/**
 * Why a side failed. Classified once, at the adapter edge, so the UI and the
 * database never have to understand provider-specific error shapes. The
 * arena's own failures (a database that cannot save) are not provider errors:
 * they reach the client as an `error` frame with code `storage`.
 */
export const ProviderErrorKind = z.enum(['auth', 'rate_limit', 'overloaded', 'timeout', 'network', 'bad_request', 'server', 'cancelled']);
export type ProviderErrorKind = z.infer<typeof ProviderErrorKind>;

/** What the client is told. `raw` (the provider's own body) stays on the server. */
export const PublicProviderError = z.object({
  kind: ProviderErrorKind,
  message: z.string(),
  status: z.number().int().optional(),
  /** Only for rate_limit/overloaded when the provider said when to come back. */
  retryAfterMs: z.number().nonnegative().optional(),
});
export type PublicProviderError = z.infer<typeof PublicProviderError>;

export const ProviderError = PublicProviderError.extend({
  /** The provider's own detail (body, code, cause), kept for the database and logs. */
  raw: z.string().optional(),
});
export type ProviderError = z.infer<typeof ProviderError>;

export function toPublicError(e: ProviderError): PublicProviderError {
  const { raw: _raw, ...pub } = e;
  return pub;
}
