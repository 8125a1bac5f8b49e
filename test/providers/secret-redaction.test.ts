import { describe, expect, it } from 'vitest';
import { endpointSecrets } from '../../server/providers/endpoint-secrets.ts';
import { redactUrl, urlCredentials, urlTokens } from '../../server/providers/redact-url.ts';
import { scrubSecrets } from '../../server/providers/scrub-secrets.ts';
import { SecretRedactor } from '../../server/providers/secret-redactor.ts';
import type { ProviderAdapter, StreamEvent } from '../../server/providers/types.ts';
import { withSecretRedaction } from '../../server/providers/with-secret-redaction.ts';
import { EndpointConfig } from '../../server/config/endpoint-config.ts';

const KEY = 'k3y-Zq9/+Tx7_pL2=mN5vB8';

describe('SecretRedactor', () => {
  const r = new SecretRedactor([KEY]);
  const b64 = (s: string) => Buffer.from(s).toString('base64');

  it('replaces a key echoed as is, in hex (either case) and URL-encoded (both ways)', () => {
    const hex = Buffer.from(KEY).toString('hex');
    for (const form of [
      KEY,
      hex,
      hex.toUpperCase(),
      encodeURIComponent(KEY),
      encodeURIComponent(KEY).toLowerCase(),
      [...Buffer.from(KEY)].map((b) => `%${b.toString(16)}`).join(''),
    ]) {
      expect(r.redact(`before ${form} after`), form).toBe('before [redacted] after');
    }
  });

  it('finds the key inside any longer base64 text, at every byte alignment, in base64 and base64url', () => {
    for (const prefix of ['', 'x', 'xy', 'Authorization: Bearer ', '{"key":"']) {
      for (const suffix of ['', '"', '}\n']) {
        const whole = b64(`${prefix}${KEY}${suffix}`);
        for (const encoded of [whole, whole.replace(/\+/g, '-').replace(/\//g, '_')]) {
          const out = r.redact(encoded);
          expect(out, `${prefix}|${suffix}`).toContain('[redacted]');
          // What is left decodes to nothing of the key.
          const left = out
            .split('[redacted]')
            .map((part) => Buffer.from(part, 'base64').toString('latin1'))
            .join('');
          expect(left).not.toContain(KEY.slice(2, 10));
        }
      }
    }
  });

  it('ignores placeholders too short to be keys', () => {
    expect(new SecretRedactor(['none', 'ollama']).redact('none of the ollama models')).toBe('none of the ollama models');
  });

  it('holds back exactly the end of a text that could begin a key', () => {
    expect(r.pendingLength('the key is k3y-Z')).toBe(5);
    expect(r.pendingLength('the key is k')).toBe(1);
    expect(r.pendingLength('no secret here.')).toBe(0);
  });
});

describe('withSecretRedaction', () => {
  const fromDeltas = (deltas: string[], end: StreamEvent): ProviderAdapter => ({
    kind: 'fake',
    // eslint-disable-next-line @typescript-eslint/require-await -- the adapter interface is async; this fake has nothing to wait for
    async *stream() {
      for (const text of deltas) yield { type: 'text-delta', text };
      yield end;
    },
  });
  const collect = async (adapter: ProviderAdapter) => {
    const events: StreamEvent[] = [];
    for await (const ev of adapter.stream({ model: 'm', messages: [], sampling: {} }, { signal: new AbortController().signal }))
      events.push(ev);
    return events;
  };
  const secrets = { credentials: [KEY], all: [KEY] };
  const finish: StreamEvent = { type: 'finish', finishReason: { unified: 'stop', raw: `stop ${KEY}` }, usage: {} };

  it('never relays a key split across deltas, at any split, and relays everything else in order', async () => {
    const text = `Here: ${KEY}. Also ${Buffer.from(KEY).toString('hex')}!`;
    for (let i = 1; i < text.length; i++) {
      for (const j of [i + 1, i + 7, text.length - 1]) {
        if (j <= i || j >= text.length) continue;
        const events = await collect(withSecretRedaction(fromDeltas([text.slice(0, i), text.slice(i, j), text.slice(j)], finish), secrets));
        const deltas = events.filter((e): e is Extract<StreamEvent, { type: 'text-delta' }> => e.type === 'text-delta').map((e) => e.text);
        expect(deltas.join(''), `split at ${i}, ${j}`).toBe('Here: [redacted]. Also [redacted]!');
        for (const d of deltas) expect(d.length).toBeGreaterThan(0);
        expect(events.at(-1)).toEqual({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop [redacted]' }, usage: {} });
      }
    }
  });

  it('flushes held-back text that turned out not to be a key before the stream ends', async () => {
    const events = await collect(withSecretRedaction(fromDeltas(['ends with k3y'], finish), secrets));
    expect(events.map((e) => e.type)).toEqual(['text-delta', 'text-delta', 'finish']);
    expect(events.slice(0, 2)).toEqual([
      { type: 'text-delta', text: 'ends with ' },
      { type: 'text-delta', text: 'k3y' },
    ]);
  });

  it('scrubs error messages and raw detail, and passes keyless endpoints through untouched', async () => {
    const error: StreamEvent = {
      type: 'error',
      error: { kind: 'auth', message: `bad key ${KEY}`, raw: `{"k":"${encodeURIComponent(KEY)}"}` },
    };
    const [ev] = await collect(withSecretRedaction(fromDeltas([], error), secrets));
    expect(ev).toEqual({ type: 'error', error: { kind: 'auth', message: 'bad key [redacted]', raw: '{"k":"[redacted]"}' } });
    const plain = fromDeltas([], error);
    expect(withSecretRedaction(plain, { credentials: [], all: [] })).toBe(plain);
  });
});

describe('URLs with credentials', () => {
  const url = 'https://admin:p%40ss-w0rd-long@gw.example.com/v1/0123456789abcdef0123/openai?api_key=abcdefgh123&region=eu';

  it('are shown without user info, secret query values or token-like path segments', () => {
    expect(redactUrl(url)).toBe('https://[redacted]@gw.example.com/v1/[redacted]/openai?api_key=[redacted]&region=eu');
    expect(redactUrl('http://127.0.0.1:11434/v1')).toBe('http://127.0.0.1:11434/v1');
    expect(redactUrl('https://api.telegram.org/bot123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/x')).toBe(
      'https://api.telegram.org/[redacted]/x',
    );
    expect(redactUrl('not a url')).toBe('not a url');
  });

  it('give up their secrets to the redactor: credentials for answers too, path tokens for everything else', () => {
    expect(urlCredentials(url)).toEqual(['p@ss-w0rd-long', 'p%40ss-w0rd-long', 'abcdefgh123']);
    expect(urlTokens(url)).toEqual(['0123456789abcdef0123']);
    const e = EndpointConfig.parse({
      id: 'x',
      kind: 'openai',
      baseURLEnv: 'GW_URL',
      apiKeyEnv: 'GW_KEY',
      headers: { Authorization: 'Bearer hdr-token-123456', 'X-Title': 'Versus' },
    });
    const s = endpointSecrets(e, { GW_URL: url, GW_KEY: 'the-api-key-123' });
    expect(s.credentials).toEqual(
      expect.arrayContaining(['the-api-key-123', 'p@ss-w0rd-long', 'abcdefgh123', 'Bearer hdr-token-123456', 'hdr-token-123456']),
    );
    expect(s.credentials).not.toContain('Versus');
    expect(s.all).toContain('0123456789abcdef0123');
  });

  it('lose their user info and secret parameters in free text, known or not', () => {
    const text =
      'fetch failed: Request cannot be constructed from a URL that includes credentials: http://bob:hunter2-long@h/v1/x?token=zzz&a=1';
    expect(scrubSecrets(text)).toBe(
      'fetch failed: Request cannot be constructed from a URL that includes credentials: http://[redacted]@h/v1/x?token=[redacted]&a=1',
    );
  });
});
