import type { ProviderError } from '../../shared/provider-error.ts';
import type { EndpointSecrets } from './endpoint-secrets.ts';
import { scrubSecrets } from './scrub-secrets.ts';
import { SecretRedactor } from './secret-redactor.ts';
import type { ProviderAdapter, StreamEvent } from './types.ts';

/**
 * An adapter whose events carry none of its endpoint's secrets. A provider
 * that echoes its key into the answer (as is, base64, hex, URL-encoded) has
 * it replaced before the text is relayed, measured or stored. A key split
 * across deltas is caught too: the end of each delta that could begin a
 * secret is held back until the next delta shows whether it does (at most
 * one delta's delay, and only for text that starts like a secret). Errors
 * and the raw finish reason are scrubbed as well.
 */
export function withSecretRedaction(inner: ProviderAdapter, secrets: EndpointSecrets): ProviderAdapter {
  const answers = new SecretRedactor(secrets.credentials);
  if (answers.empty && secrets.all.length === 0) return inner;
  const scrub = (s: string) => scrubSecrets(s, secrets.all);
  const scrubError = (e: ProviderError): ProviderError => ({
    ...e,
    message: scrub(e.message),
    ...(e.raw !== undefined ? { raw: scrub(e.raw) } : {}),
  });

  async function* stream(...args: Parameters<ProviderAdapter['stream']>): AsyncGenerator<StreamEvent> {
    let held = '';
    for await (const ev of inner.stream(...args)) {
      if (ev.type === 'text-delta') {
        const text = answers.redact(held + ev.text);
        const keep = answers.pendingLength(text);
        held = text.slice(text.length - keep);
        if (keep < text.length) yield { type: 'text-delta', text: text.slice(0, text.length - keep) };
        continue;
      }
      // The stream ends here: what was held was not a secret after all.
      if (held) yield { type: 'text-delta', text: held };
      held = '';
      if (ev.type === 'error') yield { type: 'error', error: scrubError(ev.error) };
      else if (ev.finishReason.raw === undefined) yield ev;
      else yield { ...ev, finishReason: { ...ev.finishReason, raw: scrub(ev.finishReason.raw) } };
    }
    if (held) yield { type: 'text-delta', text: held };
  }

  return {
    kind: inner.kind,
    stream,
    ...(inner.countTokens ? { countTokens: inner.countTokens.bind(inner) } : {}),
    ...(inner.ready ? { ready: inner.ready.bind(inner) } : {}),
  };
}
