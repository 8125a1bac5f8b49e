import { redactUrl, urlCredentials, urlTokens } from '../redact-url.ts';
import { scrubSecrets } from '../scrub-secrets.ts';

export type FetchJsonResult = { ok: true; body: unknown } | { ok: false; reason: string };

/** GET a JSON document with a hard timeout; the reason on failure reads well in a start-up table. */
export async function fetchJson(url: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<FetchJsonResult> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers });
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      return { ok: false, reason: `${redactUrl(url)} answered HTTP ${res.status}` };
    }
    try {
      return { ok: true, body: await res.json() };
    } catch {
      return { ok: false, reason: `${redactUrl(url)} did not answer with JSON` };
    }
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const why = err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err.cause?.code ?? err.cause?.message ?? err.message);
    return {
      ok: false,
      reason: `nothing answered at ${new URL(url).host} (${scrubSecrets(why, [...urlCredentials(url), ...urlTokens(url)])})`,
    };
  }
}
