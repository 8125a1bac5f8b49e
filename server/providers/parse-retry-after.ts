/**
 * The longest wait ever shown. Past it the figure is a misread header (an
 * epoch stamp taken for seconds gave "retry in 16667 min") or a daily quota,
 * and either way the user's answer is the same: not now, come back later.
 */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** What error objects carry as headers: a fetch `Headers` (both SDKs) or a plain record. */
export type HeaderSource = { forEach(cb: (value: string, name: string) => void): void } | Record<string, string | string[] | undefined>;

/**
 * When the provider says to come back, in ms from `now`, or undefined when it
 * did not say. Order of trust: `retry-after-ms` (OpenAI, Anthropic), then
 * `retry-after` (seconds or an HTTP date, RFC 9110), then the rate-limit reset
 * headers (`x-ratelimit-reset-*` as Go durations at OpenAI/Groq, RFC 3339
 * times in `anthropic-ratelimit-*-reset`, epoch or seconds in
 * `x-ratelimit-reset` at OpenRouter and friends).
 */
export function parseRetryAfterMs(headers: HeaderSource | undefined | null, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const h = toMap(headers);

  const ms = h.get('retry-after-ms');
  if (ms !== undefined && isPlainNumber(ms)) return clampMs(Number(ms));

  const ra = h.get('retry-after');
  if (ra !== undefined) {
    if (isPlainNumber(ra)) return clampMs(Number(ra) * 1000);
    const at = Date.parse(ra);
    if (!Number.isNaN(at)) return clampMs(at - now);
  }

  return fromResetHeaders(h, now);
}

function fromResetHeaders(h: Map<string, string>, now: number): number | undefined {
  const all: number[] = [];
  const exhausted: number[] = [];
  for (const [name, value] of h) {
    if (!name.includes('ratelimit') || !name.includes('reset')) continue;
    const waitMs = parseResetValue(value, now);
    if (waitMs === undefined) continue;
    all.push(waitMs);
    // The limit that actually ran out is the one whose reset matters; others may be far in the future.
    const remaining = h.get(name.replace('reset', 'remaining'));
    if (remaining !== undefined && Number(remaining) <= 0) exhausted.push(waitMs);
  }
  const pick = exhausted.length > 0 ? exhausted : all;
  return pick.length > 0 ? clampMs(Math.max(...pick)) : undefined;
}

function parseResetValue(value: string, now: number): number | undefined {
  const v = value.trim();
  if (isPlainNumber(v)) {
    const n = Number(v);
    // Large numbers are absolute epoch stamps; small ones are seconds from now.
    if (n > 1e12) return n - now;
    if (n > 1e9) return n * 1000 - now;
    return n * 1000;
  }
  const duration = parseGoDuration(v);
  if (duration !== undefined) return duration;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : at - now;
}

/** "6m0s", "1.5s", "20ms", "1h2m3s" → ms. */
function parseGoDuration(v: string): number | undefined {
  if (!/^(\d+(\.\d+)?(h|ms|m|s|us|µs|ns))+$/.test(v)) return undefined;
  const unitMs: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 1e-3, µs: 1e-3, ns: 1e-6 };
  let total = 0;
  for (const [, num, unit] of v.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) {
    total += Number(num) * (unitMs[unit!] ?? 0);
  }
  return total;
}

function isPlainNumber(v: string): boolean {
  return /^\s*\d+(\.\d+)?\s*$/.test(v);
}

function clampMs(ms: number): number | undefined {
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(ms)));
}

function toMap(headers: HeaderSource): Map<string, string> {
  const map = new Map<string, string>();
  if (!isRecord(headers)) {
    headers.forEach((value, name) => map.set(name.toLowerCase(), value));
    return map;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    map.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
  }
  return map;
}

function isRecord(h: HeaderSource): h is Record<string, string | string[] | undefined> {
  // A fetch Headers (or any class instance) has its own prototype; node's IncomingHttpHeaders is null-prototype.
  const proto: unknown = Object.getPrototypeOf(h);
  return proto === Object.prototype || proto === null;
}
