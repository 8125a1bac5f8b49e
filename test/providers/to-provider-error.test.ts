import { containing, anyString } from '../helpers/match.ts';
import * as AnthropicSdk from '@anthropic-ai/sdk';
import * as OpenAISdk from 'openai';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../shared/provider-error.ts';
import { parseRetryAfterMs } from '../../server/providers/parse-retry-after.ts';
import { toProviderError } from '../../server/providers/to-provider-error.ts';
// The adapter module registers the Anthropic SDK's error classes as it loads (it is loaded on first use).
import '../../server/providers/anthropic-adapter.ts';

const openAIBody = (message: string, type = 'invalid_request_error', code: string | null = null) => ({
  message,
  type,
  param: null,
  code,
});
const anthropicBody = (type: string, message: string) => ({ type: 'error', error: { type, message } });

describe('toProviderError classifies SDK errors by class, status and type', () => {
  it.each([
    [new OpenAISdk.AuthenticationError(401, openAIBody('bad key'), undefined, new Headers()), 'auth', 401],
    [new OpenAISdk.PermissionDeniedError(403, openAIBody('no'), undefined, new Headers()), 'auth', 403],
    [new OpenAISdk.BadRequestError(400, openAIBody('bad'), undefined, new Headers()), 'bad_request', 400],
    [new OpenAISdk.NotFoundError(404, openAIBody('no model'), undefined, new Headers()), 'bad_request', 404],
    [new OpenAISdk.UnprocessableEntityError(422, openAIBody('bad'), undefined, new Headers()), 'bad_request', 422],
    [new AnthropicSdk.ContentTooLargeError(413, anthropicBody('request_too_large', 'big'), undefined, new Headers()), 'bad_request', 413],
    [new OpenAISdk.RateLimitError(429, openAIBody('slow down', 'requests'), undefined, new Headers()), 'rate_limit', 429],
    [new OpenAISdk.InternalServerError(500, openAIBody('oops', 'server_error'), undefined, new Headers()), 'server', 500],
    [new OpenAISdk.InternalServerError(502, undefined, 'Bad gateway', new Headers()), 'server', 502],
    [new AnthropicSdk.ServiceUnavailableError(503, anthropicBody('api_error', 'busy'), undefined, new Headers()), 'overloaded', 503],
    [new AnthropicSdk.OverloadedError(529, anthropicBody('overloaded_error', 'Overloaded'), undefined, new Headers()), 'overloaded', 529],
    [new AnthropicSdk.GatewayTimeoutError(504, undefined, 'Gateway Timeout', new Headers()), 'timeout', 504],
  ] as const)('%s → %s', (err, kind, status) => {
    const e = toProviderError(err);
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(status);
    expect(ProviderError.safeParse(e).success).toBe(true);
  });

  it('keeps the provider message and the raw body', () => {
    const e = toProviderError(
      new OpenAISdk.BadRequestError(
        400,
        openAIBody('max_tokens is too large', 'invalid_request_error', 'bad_max'),
        undefined,
        new Headers({ 'x-request-id': 'req_1' }),
      ),
    );
    expect(e.message).toBe('The provider rejected the request (HTTP 400). Provider said: "max_tokens is too large"');
    const raw = JSON.parse(e.raw!) as Record<string, unknown>;
    expect(raw).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'bad_max', requestId: 'req_1' });
    expect(raw['body']).toEqual(openAIBody('max_tokens is too large', 'invalid_request_error', 'bad_max'));
  });

  it('reads an Anthropic mid-stream error event by its type (no status)', () => {
    const body = anthropicBody('overloaded_error', 'Overloaded');
    const e = toProviderError(new AnthropicSdk.APIError(undefined, body, undefined, new Headers(), 'overloaded_error'));
    expect(e).toMatchObject({ kind: 'overloaded', message: containing('"Overloaded"') });
    expect(e.status).toBeUndefined();
    expect(JSON.parse(e.raw!)).toMatchObject({ type: 'overloaded_error', body });
  });

  it('reads an OpenAI-style mid-stream error without status as server, or by its code', () => {
    const plain = toProviderError(new OpenAISdk.APIError(undefined, { message: 'model crashed' }, undefined, new Headers()));
    expect(plain).toMatchObject({ kind: 'server', message: containing('model crashed') });
    // OpenRouter puts an HTTP-like status in `code` of mid-stream errors.
    const routed = toProviderError(new OpenAISdk.APIError(undefined, { message: 'upstream limited', code: 429 }, undefined, new Headers()));
    expect(routed.kind).toBe('rate_limit');
  });

  it('keeps a code that is not a string or number readable in raw, not "[object Object]"', () => {
    const odd = toProviderError(
      new OpenAISdk.APIError(undefined, { message: 'odd', code: { reason: 'upstream' } }, undefined, new Headers()),
    );
    expect(odd.kind).toBe('server');
    expect(JSON.parse(odd.raw!)).toMatchObject({ code: '{"reason":"upstream"}' });
  });

  it('maps the SDK connection classes: timeout, network, user abort', () => {
    expect(toProviderError(new OpenAISdk.APIConnectionTimeoutError()).kind).toBe('timeout');
    expect(toProviderError(new AnthropicSdk.APIConnectionTimeoutError()).kind).toBe('timeout');
    expect(toProviderError(new OpenAISdk.APIUserAbortError()).kind).toBe('cancelled');
    expect(toProviderError(new AnthropicSdk.APIUserAbortError()).kind).toBe('cancelled');

    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const e = toProviderError(new OpenAISdk.APIConnectionError({ cause: new TypeError('fetch failed', { cause: refused }) }));
    expect(e.kind).toBe('network');
    expect(e.message).toMatch(/^Could not reach the provider \(connection refused/);
  });

  it('classifies a stream dropped mid-way (undici "terminated") as network', () => {
    const socket = Object.assign(new Error('other side closed'), { name: 'SocketError', code: 'UND_ERR_SOCKET' });
    const e = toProviderError(new TypeError('terminated', { cause: socket }));
    expect(e.kind).toBe('network');
    expect(e.message).toMatch(/dropped mid-stream/);
    expect(e.raw).toContain('UND_ERR_SOCKET');
  });

  it('treats anything as cancelled when the caller aborted', () => {
    expect(toProviderError(new TypeError('terminated'), { aborted: true }).kind).toBe('cancelled');
    expect(toProviderError(undefined, { aborted: true })).toEqual({ kind: 'cancelled', message: anyString() });
  });

  it('classifies DOM abort and timeout errors, and falls back to server', () => {
    expect(toProviderError(new DOMException('stop', 'AbortError')).kind).toBe('cancelled');
    expect(toProviderError(new DOMException('late', 'TimeoutError')).kind).toBe('timeout');
    expect(toProviderError(new SyntaxError('Unexpected token < in JSON')).kind).toBe('server');
    expect(toProviderError('something odd').kind).toBe('server');
  });
});

describe('toProviderError: retry-after', () => {
  const rateLimited = (headers: Record<string, string>) =>
    toProviderError(new OpenAISdk.RateLimitError(429, openAIBody('slow down', 'requests'), undefined, new Headers(headers)));

  it('prefers retry-after-ms, then retry-after seconds', () => {
    expect(rateLimited({ 'retry-after-ms': '1500', 'retry-after': '12' }).retryAfterMs).toBe(1500);
    const e = rateLimited({ 'retry-after': '12' });
    expect(e.retryAfterMs).toBe(12_000);
    expect(e.message).toMatch(/^Rate limited by the provider \(HTTP 429\); retry in 12 s\./);
  });

  it('reads retry-after as an HTTP date', () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    const ms = rateLimited({ 'retry-after': at }).retryAfterMs!;
    expect(ms).toBeGreaterThan(25_000);
    expect(ms).toBeLessThanOrEqual(30_000);
  });

  it('falls back to the exhausted x-ratelimit-reset-* limit', () => {
    const e = rateLimited({
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '1.5s',
      'x-ratelimit-remaining-tokens': '9000',
      'x-ratelimit-reset-tokens': '6m0s',
    });
    expect(e.retryAfterMs).toBe(1500);
  });

  it('parses reset headers in their several dialects', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs(new Headers({ 'anthropic-ratelimit-tokens-reset': '2026-01-01T00:00:20Z' }), now)).toBe(20_000);
    expect(parseRetryAfterMs({ 'x-ratelimit-reset': String(now + 5000) }, now)).toBe(5000);
    expect(parseRetryAfterMs({ 'x-ratelimit-reset': String(now / 1000 + 7) }, now)).toBe(7000);
    expect(parseRetryAfterMs({ 'x-ratelimit-reset-requests': '1m30s' }, now)).toBe(90_000);
    expect(parseRetryAfterMs({ 'x-ratelimit-reset-tokens': '250ms' }, now)).toBe(250);
    expect(parseRetryAfterMs({}, now)).toBeUndefined();
    expect(parseRetryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
  });

  it('clamps an absurd wait to an hour: a misread header or a daily quota both mean "later"', () => {
    // 1,000,000 s, as a proxy sent it: it read "retry in 16667 min".
    const e = rateLimited({ 'retry-after': '1000000' });
    expect(e.retryAfterMs).toBe(60 * 60_000);
    expect(e.message).toMatch(/; retry in an hour or more\./);
    expect(parseRetryAfterMs({ 'x-ratelimit-reset': '999999999' }, 0)).toBe(60 * 60_000);
    expect(rateLimited({ 'retry-after': '3599' }).message).toMatch(/; retry in 60 min\./);
  });

  it('adds retryAfterMs to overloaded errors but never to other kinds', () => {
    const overloaded = toProviderError(
      new AnthropicSdk.OverloadedError(
        529,
        anthropicBody('overloaded_error', 'Overloaded'),
        undefined,
        new Headers({ 'retry-after': '3' }),
      ),
    );
    expect(overloaded.retryAfterMs).toBe(3000);
    const server = toProviderError(new OpenAISdk.InternalServerError(500, openAIBody('x'), undefined, new Headers({ 'retry-after': '3' })));
    expect(server.retryAfterMs).toBeUndefined();
  });
});

describe('toProviderError: secrets and size', () => {
  it('scrubs keys, bearer tokens and the configured key from message and raw', () => {
    const key = 'custom-secret-value-987654';
    const err = new OpenAISdk.AuthenticationError(
      401,
      openAIBody(`Incorrect API key provided: sk-proj-abcdefghijklmnop. Authorization: Bearer tok_live_123456789; x-api-key: ${key}`),
      undefined,
      new Headers(),
    );
    const e = toProviderError(err, { apiKey: key });
    const all = `${e.message}\n${e.raw}`;
    expect(all).not.toContain('abcdefghijklmnop');
    expect(all).not.toContain('tok_live_123456789');
    expect(all).not.toContain(key);
    expect(e.message).toContain('[redacted]');
  });

  it('scrubs secrets quoted in cause messages', () => {
    const cause = new Error('request failed with headers {"authorization":"Bearer sk-ant-api03-zzzzzzzzzzzz"}');
    const e = toProviderError(new AnthropicSdk.APIConnectionError({ cause }));
    expect(e.raw).not.toContain('zzzzzzzzzzzz');
  });

  it('truncates raw to about 4 KB', () => {
    const e = toProviderError(new OpenAISdk.InternalServerError(500, openAIBody('x'.repeat(20_000)), undefined, new Headers()));
    expect(e.raw!.length).toBeLessThanOrEqual(4096);
    expect(e.message.length).toBeLessThan(500);
  });
});

describe('toProviderError on errors a server reported inside a stream (no HTTP status)', () => {
  const midStream = (body: object) => toProviderError(new OpenAISdk.APIError(undefined, body, undefined, undefined));

  it.each([
    'the request exceeds the available context size, try increasing it',
    "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.",
    'context length exceeded',
    'prompt is too long: 210000 tokens > 200000 maximum',
  ])('reads "%s" as a prompt too long for the model: bad_request, whatever the type', (message) => {
    const e = midStream({ code: 500, type: 'server_error', message });
    expect(e.kind).toBe('bad_request');
    expect(e.status).toBeUndefined();
    expect(e.message).toContain('Provider said');
  });

  it.each([
    [{ code: 400, type: 'exceed_context_size_error', message: 'too big' }, 'bad_request'],
    [{ code: 503, type: 'unavailable_error', message: 'Loading model' }, 'overloaded'],
    [{ code: 429, message: 'slow down' }, 'rate_limit'],
    [{ code: 500, message: 'decode failed' }, 'server'],
    [{ message: 'something broke' }, 'server'],
  ] as const)('classifies %j as %s and keeps it in raw', (body, kind) => {
    const e = midStream(body);
    expect(e.kind).toBe(kind);
    expect(e.raw).toContain(body.message);
  });

  it('does not mistake a rate limit on tokens for a context overflow', () => {
    expect(midStream({ code: 429, type: 'rate_limit_exceeded', message: 'Rate limit reached on tokens per min (TPM)' }).kind).toBe(
      'rate_limit',
    );
  });
});
