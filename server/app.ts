import { existsSync } from 'node:fs';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { UpgradeWebSocket } from 'hono/ws';
import { serveStatic } from '@hono/node-server/serve-static';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { WebSocketLike } from '@hono/node-server';
import { HeadToHeadResponse, LeaderboardResponse, ModelsResponse, RatingsMode } from '../shared/api.ts';
import type { BattleStore } from '../db/battle-store.ts';
import type { Arena } from './arena/arena.ts';
import { hashSession, newSessionToken, SESSION_TOKEN_RE } from './arena/session-ids.ts';
import type { ModelCatalog } from './catalog/model-catalog.ts';
import { exportCleanBattles } from './exchange/clean-battle-jsonl.ts';
import { buildLeaderboard } from './leaderboard/build-leaderboard.ts';
import { buildHeadToHead } from './leaderboard/build-head-to-head.ts';
import type { LeaderboardService } from './leaderboard/leaderboard-service.ts';
import type { Logger } from './logger.ts';
import { createHistoryRoutes, createSharedRoutes } from './history/history-routes.ts';
import { setupGuide, setupHelp } from './setup-help.ts';
import { arenaSocketEvents } from './ws/arena-socket.ts';
import { isAllowedOrigin } from './ws/is-allowed-origin.ts';

export const SESSION_COOKIE = 'versus_sid';

export interface AppDeps {
  catalog: ModelCatalog;
  store: BattleStore;
  arena: Arena;
  leaderboard: LeaderboardService;
  log: Logger;
  upgradeWebSocket: UpgradeWebSocket<WebSocketLike>;
  /** Built client (vite build output); the page is served from here when it exists. */
  staticDir: string;
  allowedOrigins?: string[];
  validateOutgoing?: boolean;
  maxBufferedBytes?: number;
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // Model output may contain image links: never fetch them (tracking pixels, exfiltration).
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** All HTTP routes and the websocket endpoint; no listening here, so tests call `app.request()`. */
export function createApp(deps: AppDeps) {
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    if (!c.req.path.startsWith('/api/')) c.header('Content-Security-Policy', CSP);
  });

  // A session is an unguessable HttpOnly cookie; battles and votes are bound to its hash.
  app.use('*', async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    if ((!token || !SESSION_TOKEN_RE.test(token)) && c.req.header('upgrade') === undefined) {
      setCookie(c, SESSION_COOKIE, newSessionToken(), { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 60 * 60 * 24 * 365 });
    }
    await next();
  });

  app.get('/api/health', (c) => c.json({ ok: true }));

  app.get('/api/models', (c) =>
    c.json(
      ModelsResponse.parse({
        models: deps.catalog.listings(),
        setupHelp: setupHelp(deps.catalog.available().length),
        setupGuide: setupGuide(deps.catalog.available().length),
      }),
    ),
  );

  const modeOf = (c: Context): RatingsMode => {
    const r = RatingsMode.safeParse(c.req.query('mode') ?? 'blind');
    if (!r.success) throw new HTTPException(400, { message: 'mode must be blind, named or all' });
    return r.data;
  };

  app.get('/api/leaderboard', async (c) => {
    const mode = modeOf(c);
    const snap = await deps.leaderboard.ratings(mode);
    return c.json(LeaderboardResponse.parse(buildLeaderboard(mode, snap, deps.store.measuredFigures(), deps.catalog)));
  });

  app.get('/api/head-to-head', async (c) => {
    const mode = modeOf(c);
    const a = c.req.query('a');
    const b = c.req.query('b');
    if (!a || !b || a === b) throw new HTTPException(400, { message: 'give two different models as ?a=…&b=…' });
    const snap = await deps.leaderboard.ratings(mode);
    const known = (id: string) => deps.catalog.get(id) !== undefined || snap.ratings.models.some((m) => m.model === id);
    for (const id of [a, b]) if (!known(id)) throw new HTTPException(404, { message: `Unknown model "${id}"` });
    const body = buildHeadToHead(mode, a, b, snap, deps.store.ratedVotes(), deps.store.measuredFigures(), deps.catalog);
    return c.json(HeadToHeadResponse.parse(body));
  });

  app.get('/api/export.jsonl', (c) => {
    const mode = c.req.query('mode') ?? 'all';
    if (mode !== 'blind' && mode !== 'named' && mode !== 'all') throw new HTTPException(400, { message: 'mode must be blind, named or all' });
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="versus-battles.jsonl"');
    return c.body([...exportCleanBattles(deps.store, { mode })].join(''));
  });

  const sessionOf = (c: Context): string | null => {
    const token = getCookie(c, SESSION_COOKIE);
    return token && SESSION_TOKEN_RE.test(token) ? hashSession(token) : null;
  };
  app.route('/api/battles', createHistoryRoutes({ store: deps.store, catalog: deps.catalog, sessionOf }));
  app.route('/api/shared', createSharedRoutes({ store: deps.store, catalog: deps.catalog }));

  app.all('/api/*', () => {
    throw new HTTPException(404, { message: 'No such API route' });
  });

  app.get(
    '/ws',
    async (c, next) => {
      if (!isAllowedOrigin(c.req.header('origin'), c.req.header('host'), deps.allowedOrigins ?? [])) {
        throw new HTTPException(403, { message: 'Websocket origin not allowed' });
      }
      await next();
    },
    deps.upgradeWebSocket((c) => {
      const token = getCookie(c, SESSION_COOKIE);
      // Without the page's cookie (a script, a test) the session lives as long as the connection.
      const session = token && SESSION_TOKEN_RE.test(token) ? token : newSessionToken();
      return arenaSocketEvents({
        arena: deps.arena,
        catalog: deps.catalog,
        sessionHash: hashSession(session),
        clientKey: clientAddress(c),
        log: deps.log,
        maxBufferedBytes: deps.maxBufferedBytes ?? 4 * 1024 * 1024,
        validateOutgoing: deps.validateOutgoing ?? false,
      });
    }),
  );

  if (existsSync(deps.staticDir)) {
    app.use('/*', serveStatic({ root: deps.staticDir }));
    app.get('*', serveStatic({ root: deps.staticDir, path: 'index.html' }));
  } else {
    app.get('/', (c) =>
      c.text('Versus is running, but the client is not built. Run `npm run build` (npm start does this for you).', 503),
    );
  }

  app.onError((err, c) => {
    if (err instanceof HTTPException) return c.json({ error: { code: String(err.status), message: err.message } }, err.status);
    deps.log.error(`${c.req.method} ${c.req.path} failed`, err);
    return c.json({ error: { code: '500', message: 'Internal error; it was logged on the server' } }, 500);
  });

  return app;
}
