/**
 * Removes credentials from text that may end up in the UI, the database or
 * logs. Provider error bodies echo keys back ("Incorrect API key provided:
 * sk-abc…"), and cause messages can quote request headers, so every string
 * derived from an error goes through here.
 */
export function scrubSecrets(text: string, knownSecrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    // Very short "keys" are placeholders (e.g. "none"); replacing them would mangle normal words.
    if (secret && secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  return (
    out
      .replace(/\bBearer\s+[^\s"',;]+/gi, 'Bearer [redacted]')
      // OpenAI, Anthropic (sk-ant-), OpenRouter (sk-or-) and most proxies; masked forms contain '*' or '.'.
      .replace(/\b(sk|pk|rk)-[A-Za-z0-9_\-*.]{6,}/g, '$1-[redacted]')
      .replace(/\bAIza[0-9A-Za-z_-]{20,}/g, 'AIza[redacted]')
      .replace(/\bgsk_[A-Za-z0-9]{10,}/g, 'gsk_[redacted]')
      // Header-shaped echoes ("x-api-key: …", "authorization":"…"); Bearer values were handled above.
      .replace(
        /((?:x-api-key|api-key|x-goog-api-key|authorization)["']?\s*[:=]\s*["']?)(?!Bearer\b|\[redacted\])[^\s"',}]+/gi,
        '$1[redacted]',
      )
  );
}
