import WebSocket from 'ws';

/** HTTP steps of signing in, as a browser's page would take them (JSON bodies, the session cookie sent back). */

/** A cookie header (a type alias, so it passes as plain headers too). */
export type Session = Record<'cookie', string>;

/** The `name=value` of the Set-Cookie that carries the session, or null. */
export function sessionOf(res: Response): Session | null {
  const set = res.headers.getSetCookie().find((c) => /^(__Host-)?versus_sid=[A-Za-z0-9_-]{32};/.test(c));
  return set ? { cookie: set.split(';')[0]! } : null;
}

export function postJson(
  base: string,
  path: string,
  body: unknown,
  session?: Session,
  contentType = 'application/json',
): Promise<Response> {
  return fetch(new URL(path, base), {
    method: 'POST',
    headers: { 'content-type': contentType, ...(session ? { cookie: session.cookie } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function get(base: string, path: string, session?: Session): Promise<Response> {
  return fetch(new URL(path, base), { headers: session ? { cookie: session.cookie } : {} });
}

/** The HTTP status a websocket upgrade was refused with, or 101 when it opened. */
export function upgradeStatus(wsUrl: string, session?: Session): Promise<number> {
  return new Promise((res, rej) => {
    const ws = new WebSocket(wsUrl, { headers: session ? { cookie: session.cookie } : {} });
    ws.once('unexpected-response', (_req, r) => res(r.statusCode ?? 0));
    ws.once('open', () => {
      ws.close();
      res(101);
    });
    ws.once('error', (e) => {
      if (!/Unexpected server response/.test(e.message)) rej(e);
    });
  });
}
