import { existsSync } from 'node:fs';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { UpgradeWebSocket } from 'hono/ws';
import { serveStatic } from '@hono/node-server/serve-static';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { WebSocketLike } from '@hono/node-server';
import { HeadToHeadResponse, LeaderboardResponse, ModelsResponse, RatingsMode } from '../shared/api.ts';
import type { BattleStore } from '../db/battle-store.ts';
import type { Db } from '../db/open-database.ts';
import { createAdminRoutes } from './admin/admin-routes.ts';
import type { Arena } from './arena/arena.ts';
import type { Auth } from './auth/auth.ts';
import { identify, requireRole, requireSignIn } from './auth/auth-middleware.ts';
import { createAuthRoutes } from './auth/auth-routes.ts';
import type { AuthEnv } from './auth/identity.ts';
import type { ModelCatalog } from './catalog/model-catalog.ts';
import { exportCleanBattles } from './exchange/clean-battle-jsonl.ts';
import { buildLeaderboard } from './leaderboard/build-leaderboard.ts';
import { buildHeadToHead } from './leaderboard/build-head-to-head.ts';
import type { LeaderboardService } from './leaderboard/leaderboard-service.ts';
import type { Logger } from './logger.ts';
import { setupHelp } from './setup-help.ts';
import { arenaSocketEvents } from './ws/arena-socket.ts';
import { isAllowedOrigin } from './ws/is-allowed-origin.ts';

export interface AppDeps {
  catalog: ModelCatalog;
  db: Db;
  store: BattleStore;
  /** Access mode, sessions and sign-in (server/auth). */
  auth: Auth;
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
  const app = new Hono<AuthEnv>();

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    if (!c.req.path.startsWith('/api/')) c.header('Content-Security-Policy', CSP);
  });

  // Who is asking: a session the server issued and recorded (a token it did not issue is no session), or nobody.
  // Sessions are made only by /auth (server/auth/auth-routes.ts); battles and votes are bound to their hash.
  app.use('*', identify(deps.auth));
  app.route('/auth', createAuthRoutes({ auth: deps.auth, log: deps.log, clientAddress }));
  // In team and oidc modes the API is for signed-in people; health stays open for probes.
  app.use('/api/*', requireSignIn.except('/api/health'));
  app.route('/api/admin', createAdminRoutes({ db: deps.db, store: deps.store, auth: deps.auth, leaderboard: deps.leaderboard, log: deps.log }));

  app.get('/api/health', (c) => c.json({ ok: true }));

  app.get('/api/models', (c) =>
    c.json(ModelsResponse.parse({ models: deps.catalog.listings(), setupHelp: setupHelp(deps.catalog.available().length) })),
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

  app.get('/api/export.jsonl', requireRole('admin'), (c) => {
    const mode = c.req.query('mode') ?? 'all';
    if (mode !== 'blind' && mode !== 'named' && mode !== 'all') throw new HTTPException(400, { message: 'mode must be blind, named or all' });
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="versus-battles.jsonl"');
    return c.body([...exportCleanBattles(deps.store, { mode })].join(''));
  });

  app.all('/api/*', () => {
    throw new HTTPException(404, { message: 'No such API route' });
  });

  app.use('/ws', requireSignIn);
  app.get(
    '/ws',
    async (c, next) => {
      if (!isAllowedOrigin(c.req.header('origin'), c.req.header('host'), deps.allowedOrigins ?? [])) {
        throw new HTTPException(403, { message: 'Websocket origin not allowed' });
      }
      await next();
    },
    deps.upgradeWebSocket((c) => {
      return arenaSocketEvents({
        arena: deps.arena,
        catalog: deps.catalog,
        // Without a session (a script, a test in local mode) the connection gets one of its own.
        identity: deps.auth.clientIdentity((c as Context<AuthEnv>).get('identity'), clientAddress(c)),
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
