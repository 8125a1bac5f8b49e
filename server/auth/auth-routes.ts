import { timingSafeEqual, createHash, randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { AuthState, InviteSignIn, SecretSignIn } from '../../shared/auth.ts';
import type { UserRecord } from '../../db/auth-store.ts';
import type { Logger } from '../logger.ts';
import type { Auth } from './auth.ts';
import { jsonBody, requireContentType } from './auth-middleware.ts';
import type { AuthEnv } from './identity.ts';
import { redeemInvite } from './invites.ts';
import { OidcError, type OidcFlow } from './oidc-sign-in.ts';
import { oidcVerdict } from './oidc-verdict.ts';

export interface AuthRouteDeps {
  auth: Auth;
  log: Logger;
  /** The client's address (trusted-proxy aware), for sign-in rate limits. */
  clientAddress: (c: Context) => string;
}

const FLOW_COOKIE = 'versus_oidc';
const FLOW_SECONDS = 600;

/** Compares secrets in constant time (over their hashes, so lengths do not leak either). */
function sameSecret(given: string, expected: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(given), h(expected));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A sign-in that failed at the provider's end: a page, since the browser arrives here by redirect. */
function failurePage(c: Context, status: 400 | 403 | 502, message: string) {
  return c.html(
    `<!doctype html><meta charset="utf-8"><title>Sign-in failed · Versus</title>` +
      `<main style="font:16px system-ui;max-width:36rem;margin:4rem auto"><h1>Sign-in failed</h1><p>${escapeHtml(message)}</p>` +
      `<p><a href="/">Back to Versus</a></p></main>`,
    status,
  );
}

/** Two sign-ins of one new person finishing at once: the (provider, subject) key lets one make the user, and the other finds it. */
async function createOrFind(auth: Auth, made: UserRecord): Promise<UserRecord> {
  try {
    await auth.store.createUser(made);
    return made;
  } catch (e) {
    const found = await auth.store.userBySubject(made.provider, made.subject);
    if (found) return found;
    throw e;
  }
}

/**
 * /auth: who am I, and the ways in. Sessions are only ever made here, by the
 * server, after a secret, an invite or the identity provider vouched for the
 * person (or, in local mode, for anyone who asks: local mode has no sign-in).
 */
export function createAuthRoutes(deps: AuthRouteDeps) {
  const { auth } = deps;
  const routes = new Hono<AuthEnv>();
  routes.use(
    '*',
    bodyLimit({
      maxSize: 16 * 1024,
      onError: () => {
        throw new HTTPException(413, { message: 'Request body too large' });
      },
    }),
  );
  routes.use('*', requireContentType('application/json'));

  const throttle = (c: Context) => {
    const wait = auth.signInLimit.take(deps.clientAddress(c));
    if (wait > 0) throw new HTTPException(429, { message: `Too many sign-in attempts; try again in ${Math.ceil(wait / 1000)} s` });
  };

  routes.get('/me', async (c) => {
    let id = c.get('identity');
    // Local mode: the page asks for a session so its battles survive a reload; none is needed to use the arena.
    if (id.kind === 'local' && id.sessionHash === null && auth.sessionLimit.take(deps.clientAddress(c)) === 0) {
      id = { kind: 'local', sessionHash: await auth.startSession(c, null) };
    }
    c.header('Cache-Control', 'no-store');
    return c.json(AuthState.parse(auth.state(id)));
  });

  routes.post('/secret', async (c) => {
    if (!auth.teamSecret) throw new HTTPException(404, { message: 'This server has no shared secret to sign in with' });
    throttle(c);
    const { secret } = await jsonBody(c, SecretSignIn);
    if (!sameSecret(secret, auth.teamSecret)) throw new HTTPException(401, { message: 'That is not the team secret' });
    // Each sign-in with the shared secret is a voter of its own: the secret says "one of us", not who.
    const user = {
      id: randomBytes(9).toString('base64url'),
      provider: 'secret' as const,
      subject: randomBytes(9).toString('base64url'),
      email: null,
      name: null,
      role: 'voter' as const,
      createdAt: auth.now(),
    };
    await auth.store.createUser(user);
    const sessionHash = await auth.startSession(c, user.id);
    return c.json(AuthState.parse(auth.state({ kind: 'user', sessionHash, user, role: 'voter' })));
  });

  routes.post('/invite', async (c) => {
    if (auth.mode !== 'team') throw new HTTPException(404, { message: 'Invite links work in team mode only' });
    throttle(c);
    const { token, name } = await jsonBody(c, InviteSignIn);
    const user = await redeemInvite(auth.store, token, name, auth.now());
    if (!user) throw new HTTPException(410, { message: 'This invite link is not valid: it was used up, revoked or has expired' });
    const sessionHash = await auth.startSession(c, user.id);
    return c.json(AuthState.parse(auth.state({ kind: 'user', sessionHash, user, role: user.role })));
  });

  routes.post('/logout', async (c) => {
    await auth.endSession(c);
    return c.body(null, 204);
  });

  const redirectUri = () => `${auth.publicOrigin}/auth/oidc/callback`;

  routes.get('/oidc/login', async (c) => {
    if (!auth.oidc) throw new HTTPException(404, { message: 'This server does not use OpenID Connect' });
    throttle(c);
    let started: { url: string; flow: OidcFlow };
    try {
      started = await auth.oidc.start(redirectUri());
    } catch (e) {
      if (!(e instanceof OidcError)) throw e;
      deps.log.error('OpenID Connect sign-in could not start', e.message);
      return failurePage(c, 502, e.message);
    }
    // SameSite=Lax: the provider sends the browser back with a top-level GET from its own site.
    await setSignedCookie(c, FLOW_COOKIE, JSON.stringify(started.flow), auth.keys.cookie, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      maxAge: FLOW_SECONDS,
      ...(auth.isHttps(c) ? { prefix: 'host' as const } : {}),
    });
    c.header('Cache-Control', 'no-store');
    return c.redirect(started.url, 302);
  });

  routes.get('/oidc/callback', async (c) => {
    if (!auth.oidc) throw new HTTPException(404, { message: 'This server does not use OpenID Connect' });
    const secure = auth.isHttps(c);
    const raw = await getSignedCookie(c, auth.keys.cookie, FLOW_COOKIE, secure ? 'host' : undefined);
    deleteCookie(c, FLOW_COOKIE, { path: '/', ...(secure ? { prefix: 'host' as const } : {}) });
    if (!raw) return failurePage(c, 400, 'This sign-in expired or was started in another browser; start again.');
    const providerError = c.req.query('error');
    if (providerError) return failurePage(c, 403, `The identity provider said: ${c.req.query('error_description') ?? providerError}`);
    // The URL the provider redirected to, as registered (behind a proxy the request's own URL is the internal one).
    const callback = new URL(redirectUri());
    callback.search = new URL(c.req.url).search;
    let claims;
    try {
      claims = await auth.oidc.finish(callback, JSON.parse(raw) as OidcFlow);
    } catch (e) {
      if (!(e instanceof OidcError)) throw e;
      deps.log.info('OpenID Connect sign-in refused', e.message);
      return failurePage(c, 400, e.message);
    }
    const verdict = oidcVerdict(claims, auth.access.oidc!);
    if (!verdict.allowed) return failurePage(c, 403, `You cannot sign in here: ${verdict.reason}.`);
    const subject = `${String(claims.iss)}|${String(claims.sub)}`;
    let user = await auth.store.userBySubject('oidc', subject);
    if (user) {
      await auth.store.updateProfile(user.id, verdict.email, verdict.name);
    } else {
      user = {
        id: randomBytes(9).toString('base64url'),
        provider: 'oidc',
        subject,
        email: verdict.email,
        name: verdict.name,
        role: 'voter',
        createdAt: auth.now(),
      };
      user = await createOrFind(auth, user);
    }
    await auth.startSession(c, user.id, verdict.admin);
    c.header('Cache-Control', 'no-store');
    return c.redirect('/#/', 302);
  });

  return routes;
}
