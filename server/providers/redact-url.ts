import { REDACTED } from './secret-redactor.ts';

/** Query parameters whose value is a credential by name. */
export const SECRET_PARAM = /(?:key|token|secret|passw(?:or)?d|pwd|auth|signature|sig|credential|session)/i;

/**
 * A path segment that reads as a token rather than a name: 20 or more token
 * characters mixing letters and digits, 16 or more hex digits, or a key with a
 * well-known prefix. A long deployment name can look like one; hiding it in a
 * displayed base URL costs little, showing a token costs a key.
 */
export function looksLikeToken(segment: string): boolean {
  if (/^(sk|pk|rk|gsk|hf|ghp|github_pat|xox[a-z])[-_][\w-]{6,}$/i.test(segment) || /^AIza[\w-]{20,}$/.test(segment)) return true;
  if (/^[0-9a-f]{16,}$/i.test(segment)) return true;
  return segment.length >= 20 && /^[\w.~+=:-]+$/.test(segment) && /\d/.test(segment) && /[a-z]/i.test(segment);
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** What a URL says it is credentials: its password (or a lone user name that reads as a token) and secret-named query values. */
export function urlCredentials(url: string): string[] {
  const u = parseUrl(url);
  if (!u) return [];
  const out: string[] = [];
  if (u.password) out.push(decodeURIComponentSafe(u.password), u.password);
  else if (u.username && looksLikeToken(decodeURIComponentSafe(u.username))) out.push(decodeURIComponentSafe(u.username), u.username);
  for (const [name, value] of u.searchParams) if (value && SECRET_PARAM.test(name)) out.push(value);
  return [...new Set(out)];
}

/**
 * The parts of a URL that only read as tokens (path segments, query values
 * under ordinary names). Hidden wherever the URL's text could be shown, but
 * not from answers: a long deployment name is a word a model may write.
 */
export function urlTokens(url: string): string[] {
  const u = parseUrl(url);
  if (!u) return [];
  const out: string[] = [];
  for (const [name, value] of u.searchParams) if (value && !SECRET_PARAM.test(name) && looksLikeToken(value)) out.push(value);
  for (const seg of u.pathname.split('/'))
    if (seg && looksLikeToken(decodeURIComponentSafe(seg))) out.push(decodeURIComponentSafe(seg), seg);
  return [...new Set(out)];
}

/**
 * A configured URL as it may be shown (models page, start-up table, logs):
 * user info, secret query values and token-like path segments replaced. Text
 * that is not a URL comes back unchanged.
 */
export function redactUrl(url: string): string {
  const u = parseUrl(url);
  if (!u) return url;
  const path = u.pathname
    .split('/')
    .map((seg) => (seg && looksLikeToken(decodeURIComponentSafe(seg)) ? REDACTED : seg))
    .join('/');
  const query = [...u.searchParams]
    .map(
      ([name, value]) =>
        `${encodeURIComponent(name)}=${value && (SECRET_PARAM.test(name) || looksLikeToken(value)) ? REDACTED : encodeURIComponent(value)}`,
    )
    .join('&');
  const userinfo = u.username || u.password ? `${REDACTED}@` : '';
  return `${u.protocol}//${userinfo}${u.host}${path}${query ? `?${query}` : ''}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
