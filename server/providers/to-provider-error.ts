import type { ProviderError, ProviderErrorKind } from '../../shared/provider-error.ts';
import { formatDuration } from './format-duration.ts';
import { MAX_RETRY_AFTER_MS, parseRetryAfterMs, type HeaderSource } from './parse-retry-after.ts';
import { scrubSecrets } from './scrub-secrets.ts';
import { isSdkError } from './sdk-error-classes.ts';

export interface ToProviderErrorOptions {
  /** The caller's signal was aborted: whatever the error looks like, the user stopped it. */
  aborted?: boolean;
  /** Scrubbed from message and raw, in case the provider echoes it back. */
  apiKey?: string;
}

const RAW_LIMIT = 4096;
const DETAIL_LIMIT = 300;

/**
 * Classifies anything an SDK (or fetch, or our own code) throws into the one
 * error shape the arena understands. Both SDKs are Stainless-generated and
 * share their error hierarchy, so classification is by class where the class
 * carries meaning (abort, connection, timeout) and by HTTP status / error type
 * everywhere else; plain errors (a stream dropped mid-way surfaces as undici's
 * `TypeError: terminated`, not as an SDK error) are classified by their cause codes.
 */
export function toProviderError(err: unknown, opts: ToProviderErrorOptions = {}): ProviderError {
  const facts = extractFacts(err);
  const kind = classify(err, facts, opts);
  const retryAfterMs = kind === 'rate_limit' || kind === 'overloaded' ? parseRetryAfterMs(facts.headers) : undefined;
  const scrub = (s: string) => scrubSecrets(s, [opts.apiKey]);
  const error: ProviderError = { kind, message: scrub(describe(kind, facts, retryAfterMs)) };
  // `undefined` is what adapters pass for "the caller stopped us": there is no detail to keep.
  if (err !== undefined) error.raw = truncate(scrub(rawDetail(facts)), RAW_LIMIT);
  if (facts.status !== undefined) error.status = facts.status;
  if (retryAfterMs !== undefined) error.retryAfterMs = retryAfterMs;
  return error;
}

interface CauseInfo {
  name?: string;
  message?: string;
  code?: string;
}

interface ErrorFacts {
  name: string;
  /** HTTP status of the response, only when there was one. */
  status?: number;
  /** A status-like number a provider put in a mid-stream error body (OpenRouter sends `{"error":{"code":502}}`). */
  statusHint?: number;
  type?: string;
  code?: string;
  /** The provider's own human message, when it sent one. */
  providerMessage?: string;
  message: string;
  body?: unknown;
  headers?: HeaderSource;
  requestId?: string;
  causes: CauseInfo[];
  /** Thrown by an SDK (as opposed to fetch, the runtime or our code). */
  fromSdk: boolean;
}

function extractFacts(err: unknown): ErrorFacts {
  const e = isObject(err) ? err : {};
  const fromSdk = isSdkError(err, 'APIError');
  const body = fromSdk ? e['error'] : undefined;
  // OpenAI keeps `error` = the body's `error` member; Anthropic keeps the whole body.
  const inner = isObject(body) && isObject(body['error']) ? body['error'] : body;
  const status = typeof e['status'] === 'number' ? e['status'] : undefined;
  const rawCode = e['code'] ?? e['errorCode'] ?? (isObject(inner) ? inner['code'] : undefined);
  const statusHint = typeof rawCode === 'number' && rawCode >= 400 && rawCode < 600 ? rawCode : undefined;
  const providerMessage = stringOrUndefined(e['apiMessage']) ?? (isObject(inner) ? stringOrUndefined(inner['message']) : undefined);
  const headers = isHeaderSource(e['headers']) ? e['headers'] : undefined;
  return {
    name: err instanceof Error ? err.name : typeof err,
    status,
    statusHint,
    type: stringOrUndefined(e['type']) ?? (isObject(inner) ? stringOrUndefined(inner['type']) : undefined),
    code: codeText(rawCode),
    providerMessage,
    message: err instanceof Error ? err.message : typeof err === 'string' ? err : safeStringify(err),
    body,
    headers,
    requestId: stringOrUndefined(e['requestID']),
    causes: causeChain(err),
    fromSdk,
  };
}

function classify(err: unknown, f: ErrorFacts, opts: ToProviderErrorOptions): ProviderErrorKind {
  if (opts.aborted) return 'cancelled';
  if (isSdkError(err, 'APIUserAbortError')) return 'cancelled';
  if (f.name === 'AbortError') return 'cancelled';
  // Must precede the connection check: the timeout class extends the connection class.
  if (isSdkError(err, 'APIConnectionTimeoutError')) {
    return 'timeout';
  }
  if (f.name === 'TimeoutError' || f.causes.some((c) => c.code !== undefined && TIMEOUT_CODES.has(c.code))) {
    return 'timeout';
  }
  if (isSdkError(err, 'APIConnectionError')) return 'network';
  if (f.status !== undefined) return byStatus(f.status);
  // Servers file a prompt too long for the context under any type (llama.cpp has used server_error); the words are reliable.
  if (f.providerMessage !== undefined && CONTEXT_EXCEEDED.test(f.providerMessage)) return 'bad_request';
  const byType = f.type !== undefined ? BY_ERROR_TYPE[f.type] : undefined;
  if (byType) return byType;
  const byCode = f.code !== undefined ? BY_ERROR_TYPE[f.code] : undefined;
  if (byCode) return byCode;
  if (f.statusHint !== undefined) return byStatus(f.statusHint);
  if (looksLikeNetworkFailure(f)) return 'network';
  return 'server';
}

function byStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 503 || status === 529) return 'overloaded';
  // Request Timeout / Gateway Timeout: the provider (or its proxy) gave up waiting, which the user reads as a timeout.
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500) return 'server';
  if (status >= 400) return 'bad_request';
  return 'server';
}

/** Error `type`s (Anthropic's and OpenAI's) and `code`s that say more than a missing status. */
const BY_ERROR_TYPE: Partial<Record<string, ProviderErrorKind>> = {
  overloaded_error: 'overloaded',
  rate_limit_error: 'rate_limit',
  rate_limit_exceeded: 'rate_limit',
  insufficient_quota: 'rate_limit',
  authentication_error: 'auth',
  permission_error: 'auth',
  invalid_api_key: 'auth',
  invalid_request_error: 'bad_request',
  not_found_error: 'bad_request',
  request_too_large: 'bad_request',
  context_length_exceeded: 'bad_request',
  // llama.cpp's server (format_error_response).
  exceed_context_size_error: 'bad_request',
  not_supported_error: 'bad_request',
  unavailable_error: 'overloaded',
  timeout_error: 'timeout',
  api_error: 'server',
  server_error: 'server',
};

/** How servers word "the prompt does not fit the context window". */
const CONTEXT_EXCEEDED =
  /exceeds? the (available )?context (size|length|window)|context (size|length|window) (exceeded|is exceeded)|maximum context length|too many tokens in the prompt|prompt is too long/i;

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

function looksLikeNetworkFailure(f: ErrorFacts): boolean {
  if (f.causes.some((c) => c.code !== undefined && NETWORK_CODES.has(c.code))) return true;
  const text = [f.message, ...f.causes.map((c) => c.message ?? '')].join(' ');
  return /\b(terminated|fetch failed|premature close|other side closed|socket hang up|network error)\b/i.test(text);
}

function describe(kind: ProviderErrorKind, f: ErrorFacts, retryAfterMs: number | undefined): string {
  const http = f.status !== undefined ? ` (HTTP ${f.status})` : '';
  const said = providerSaid(f);
  const wait =
    retryAfterMs === MAX_RETRY_AFTER_MS ? 'an hour or more' : retryAfterMs !== undefined ? formatDuration(retryAfterMs) : undefined;
  const retry = wait !== undefined ? `; retry in ${wait}` : '';
  switch (kind) {
    case 'auth':
      return `The provider rejected the credentials${http}; check the API key and its permissions.${said}`;
    case 'rate_limit':
      return `Rate limited by the provider${http}${retry}.${said}`;
    case 'overloaded':
      return `The provider is overloaded${http}${retry || '; try again shortly'}.${said}`;
    case 'timeout':
      return f.status !== undefined
        ? `The provider timed out${http}.${said}`
        : `The provider did not respond in time (${causeSummary(f) || 'connection timeout'}).`;
    case 'network':
      return isMidStreamDrop(f)
        ? `The connection to the provider dropped mid-stream (${causeSummary(f)}).`
        : `Could not reach the provider (${causeSummary(f) || 'connection error'}).`;
    case 'bad_request':
      return `The provider rejected the request${http}.${said}`;
    case 'server':
      if (f.status !== undefined) return `The provider failed with a server error${http}.${said}`;
      if (f.fromSdk) return `The provider reported an error mid-stream.${said || ` ${clip(f.message)}`}`;
      return `Unexpected provider failure: ${clip(f.message)}`;
    case 'cancelled':
      return 'Cancelled before the answer finished.';
    default: {
      const never: never = kind;
      return String(never);
    }
  }
}

function providerSaid(f: ErrorFacts): string {
  // Without a JSON error body the SDK puts the response text (e.g. a proxy's HTML page) in its message.
  const fallback = f.fromSdk ? f.message.replace(/^\d{3}\s+/, '') : undefined;
  const msg = f.providerMessage ?? (fallback && !/status code \(no body\)/.test(fallback) ? fallback : undefined);
  return msg ? ` Provider said: "${clip(msg)}"` : '';
}

/** Mid-stream drops come straight from the body reader (undici "terminated"), never wrapped by the SDK. */
function isMidStreamDrop(f: ErrorFacts): boolean {
  return !f.fromSdk && /\bterminated\b|premature close/i.test(f.message);
}

function causeSummary(f: ErrorFacts): string {
  const deepest = [...f.causes].reverse().find((c) => c.message || c.code);
  const codeText = deepest?.code !== undefined ? CODE_TEXT[deepest.code] : undefined;
  if (codeText) return `${codeText}${deepest?.message ? `: ${clip(deepest.message, 120)}` : ''}`;
  if (deepest?.message) return clip(deepest.message, 160);
  return clip(f.message, 160);
}

const CODE_TEXT: Partial<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_HEADERS_TIMEOUT: 'headers timeout',
  UND_ERR_BODY_TIMEOUT: 'body timeout',
  UND_ERR_SOCKET: 'socket closed',
};

function rawDetail(f: ErrorFacts): string {
  const headers: Record<string, string> = {};
  if (f.headers) {
    forEachHeader(f.headers, (value, name) => {
      // Only what explains the failure; never the whole header set (cookies, auth echoes).
      if (/^(retry-after|retry-after-ms|x-should-retry|request-id|x-request-id)$|ratelimit/i.test(name)) headers[name] = value;
    });
  }
  return safeStringify({
    name: f.name,
    status: f.status,
    type: f.type,
    code: f.code,
    requestId: f.requestId,
    message: f.message,
    body: f.body,
    headers: Object.keys(headers).length > 0 ? headers : undefined,
    causes: f.causes.length > 0 ? f.causes : undefined,
  });
}

function forEachHeader(h: HeaderSource, cb: (value: string, name: string) => void): void {
  if (typeof h.forEach === 'function') {
    (h as { forEach(cb: (value: string, name: string) => void): void }).forEach(cb);
    return;
  }
  for (const [name, value] of Object.entries(h)) if (typeof value === 'string') cb(value, name);
}

function causeChain(err: unknown): CauseInfo[] {
  const out: CauseInfo[] = [];
  let cur: unknown = isObject(err) ? err['cause'] : undefined;
  for (let depth = 0; depth < 5 && isObject(cur); depth++) {
    out.push({
      name: stringOrUndefined(cur['name']),
      message: stringOrUndefined(cur['message']),
      code: stringOrUndefined(cur['code']),
    });
    // undici reports "connect to every address failed" as an AggregateError whose members carry the codes.
    const errors = cur['errors'];
    if (Array.isArray(errors)) {
      for (const sub of errors.slice(0, 3)) {
        if (isObject(sub)) out.push({ message: stringOrUndefined(sub['message']), code: stringOrUndefined(sub['code']) });
      }
    }
    cur = cur['cause'];
  }
  return out;
}

function clip(s: string, max = DETAIL_LIMIT): string {
  const oneLine = s.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 15)}…[truncated]` : s;
}

function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** An error code as text: strings as they are, numbers (OpenRouter's `{"code":502}`) in digits, anything else as JSON. */
function codeText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return safeStringify(v);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isHeaderSource(v: unknown): v is HeaderSource {
  return isObject(v);
}

function stringOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
