import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import type { Role } from '../../db/auth-store.ts';
import { formatZodError } from '../config/format-zod-error.ts';
import type { Auth } from './auth.ts';
import { roleOf, type AuthEnv } from './identity.ts';

/** Finds who the request is (c.var.identity); decides nothing. */
export function identify(auth: Auth): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    c.set('identity', await auth.identify(c));
    await next();
  };
}

const signInCheck =
  (open: readonly string[]): MiddlewareHandler<AuthEnv> =>
  async (c, next) => {
    if (!open.includes(c.req.path) && roleOf(c.get('identity')) === null) throw new HTTPException(401, { message: 'Sign in first' });
    await next();
  };

/** 401 unless signed in (in local mode everyone is); `.except(paths)` leaves those paths open. */
export const requireSignIn = Object.assign(signInCheck([]), { except: (...paths: string[]) => signInCheck(paths) });

/** 401 when not signed in, 403 when signed in without the role. */
export function requireRole(role: Role): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const has = roleOf(c.get('identity'));
    if (has === null) throw new HTTPException(401, { message: 'Sign in first' });
    if (role === 'admin' && has !== 'admin') throw new HTTPException(403, { message: 'Only an admin can do this' });
    await next();
  };
}

/**
 * State-changing requests must say what they send: a JSON (or JSON Lines)
 * content type is one a cross-site form cannot send, and a cross-site script
 * cannot send it without a CORS preflight Versus never answers. That stops
 * cross-site requests even in local mode, where no cookie is needed.
 */
export function requireContentType(...types: string[]): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!types.includes(type)) throw new HTTPException(415, { message: `Send the body as ${types.join(' or ')}` });
    }
    await next();
  };
}

const MAX_JSON_BYTES = 64 * 1024;

/** The request's JSON body, parsed by `schema`; 400 naming the field otherwise. */
export async function jsonBody<S extends z.ZodType>(c: Parameters<MiddlewareHandler>[0], schema: S): Promise<z.infer<S>> {
  const text = await c.req.text();
  if (text.length > MAX_JSON_BYTES) throw new HTTPException(413, { message: 'Request body too large' });
  let raw: unknown;
  try {
    raw = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new HTTPException(400, { message: 'The body is not valid JSON' });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new HTTPException(400, { message: formatZodError(parsed.error).replace(/\n/g, '; ') });
  return parsed.data;
}
