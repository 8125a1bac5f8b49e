import { AuthState } from '../../shared/auth.ts';
import { sendJson } from './send-json.ts';

/** Who this browser is; in local mode it also gets its session here (its battles survive a reload). */
export const fetchAuthState = () => sendJson('GET', '/auth/me', undefined, AuthState);

export const signInWithSecret = (secret: string) => sendJson('POST', '/auth/secret', { secret }, AuthState);

export const signInWithInvite = (token: string, name?: string) =>
  sendJson('POST', '/auth/invite', name ? { token, name } : { token }, AuthState);

export const signOut = () => sendJson('POST', '/auth/logout');

/** OpenID Connect starts with a full-page visit: the provider's pages come next. */
export const OIDC_LOGIN_PATH = '/auth/oidc/login';
