import { SECRET_PARAM } from './redact-url.ts';
import { REDACTED, SecretRedactor } from './secret-redactor.ts';

const redactors = new Map<string, SecretRedactor>();

/** One redactor per set of secrets (an endpoint's), built on first use. */
function redactorFor(secrets: readonly (string | undefined)[]): SecretRedactor {
  const key = JSON.stringify(secrets);
  let r = redactors.get(key);
  if (!r) {
    // A handful of endpoints in practice; the cap only keeps a misuse from growing without end.
    if (redactors.size >= 256) redactors.clear();
    redactors.set(key, (r = new SecretRedactor(secrets)));
  }
  return r;
}

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;
const URL_QUERY_PARAM = /([?&;]([\w.-]+)=)([^&#\s"'<>]+)/g;

/**
 * Credentials in text that any URL can carry, known or not: user info
 * (`http://admin:sk-…@host`) and the values of credential-named query
 * parameters (`?api_key=…`).
 */
export function scrubUrlCredentials(text: string): string {
  return text
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(URL_QUERY_PARAM, (all, head: string, name: string) => (SECRET_PARAM.test(name) ? `${head}${REDACTED}` : all));
}

/**
 * Removes credentials from text that may end up in the UI, the database or
 * logs. Provider error bodies echo keys back ("Incorrect API key provided:
 * sk-abc…"), in any encoding, and cause messages quote request URLs and
 * headers, so every string derived from an error goes through here: the
 * known secrets in all their forms, then the shapes of keys and credentials
 * that need no knowing.
 */
export function scrubSecrets(text: string, knownSecrets: readonly (string | undefined)[] = []): string {
  const known = knownSecrets.filter((s): s is string => !!s);
  const out = known.length > 0 ? redactorFor(known).redact(text) : text;
  return (
    scrubUrlCredentials(out)
      .replace(/\bBearer\s+(?!\[redacted\])[^\s"',;]+/gi, 'Bearer [redacted]')
      .replace(/\bBasic\s+(?!\[redacted\])[A-Za-z0-9+/=]{8,}/g, 'Basic [redacted]')
      // OpenAI, Anthropic (sk-ant-), OpenRouter (sk-or-) and most proxies; masked forms contain '*' or '.'.
      .replace(/\b(sk|pk|rk)-(?!\[redacted\])[A-Za-z0-9_\-*.]{6,}/g, '$1-[redacted]')
      .replace(/\bAIza[0-9A-Za-z_-]{20,}/g, 'AIza[redacted]')
      .replace(/\bgsk_[A-Za-z0-9]{10,}/g, 'gsk_[redacted]')
      // Header-shaped echoes ("x-api-key: …", "authorization":"…"); Bearer values were handled above.
      .replace(
        /((?:x-api-key|api-key|x-goog-api-key|authorization)["']?\s*[:=]\s*["']?)(?!Bearer\b|Basic\b|\[redacted\])[^\s"',}]+/gi,
        '$1[redacted]',
      )
  );
}
