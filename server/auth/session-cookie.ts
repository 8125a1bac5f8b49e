import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { TOKEN_RE } from '../../shared/auth.ts';

export const SESSION_COOKIE = 'versus_sid';

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no
 * other site's page or form carries it), and over https `Secure` with the
 * `__Host-` prefix (no subdomain or plain-http page can set or shadow it).
 * Strict works even after the OpenID Connect redirect: the page reads
 * /auth/me with its own requests, which are same-site.
 */
export function readSessionToken(c: Context, secure: boolean): string | undefined {
  const token = getCookie(c, SESSION_COOKIE, secure ? 'host' : undefined);
  return token && TOKEN_RE.test(token) ? token : undefined;
}

export function writeSessionCookie(c: Context, token: string, maxAgeSeconds: number, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    maxAge: Math.floor(maxAgeSeconds),
    ...(secure ? { prefix: 'host' as const } : {}),
  });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, sameSite: 'Strict', path: '/', ...(secure ? { prefix: 'host' as const } : {}) });
}
