import { existsSync } from 'node:fs';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { UpgradeWebSocket } from 'hono/ws';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context } from 'hono';
import type { WebSocketLike } from '@hono/node-server';
import { HeadToHeadResponse, LeaderboardResponse, ModelsResponse, RatingsMode } from '../shared/api.ts';
import { ModelPageResponse } from '../shared/model-page-api.ts';
import type { BattleStore } from '../db/battle-store.ts';
import type { ModerationStore } from '../db/moderation-store.ts';
import { createAdminRoutes } from './admin/admin-routes.ts';
import type { Arena } from './arena/arena.ts';
import { isStorageError, storageMessage } from './arena/storage-error.ts';
import type { Auth } from './auth/auth.ts';
import { identify, requireRole, requireSignIn } from './auth/auth-middleware.ts';
import { createAuthRoutes } from './auth/auth-routes.ts';
import type { BenchmarkService } from './benchmark/benchmark-service.ts';
import { createBenchmarkRoutes } from './benchmark/benchmark-routes.ts';
import type { AuthEnv } from './auth/identity.ts';
import type { ModelCatalog } from './catalog/model-catalog.ts';
import { exportCleanBattles } from './exchange/clean-battle-jsonl.ts';
import { exportStream } from './exchange/export-stream.ts';
import { buildLeaderboard } from './leaderboard/build-leaderboard.ts';
import { buildHeadToHead } from './leaderboard/build-head-to-head.ts';
import { buildModelPage } from './leaderboard/build-model-page.ts';
import { HistoryVotes } from './leaderboard/history-votes.ts';
import type { LeaderboardService } from './leaderboard/leaderboard-service.ts';
import type { CategoryBoards } from './leaderboard/category-boards.ts';
import { createCategoryRoutes } from './leaderboard/category-routes.ts';
import type { Meaning } from './meaning/open-meaning.ts';
import { createMeaningRoutes } from './meaning/meaning-routes.ts';
import { ModelFigures } from './leaderboard/model-figures.ts';
import type { Logger } from './logger.ts';
import { createHistoryRoutes, createSharedRoutes } from './history/history-routes.ts';
import type { SlotLimit } from './limits/slot-limit.ts';
import { SlotLimiter, type SlotGrant } from './limits/slot-limiter.ts';
import { addressBucket } from './net/address-bucket.ts';
import { clientAddressOf } from './net/client-address-of.ts';
import { hostOriginRefusal } from './net/host-origin-refusal.ts';
import { OriginAllowList } from './net/origin-allow-list.ts';
import { incomingOf } from './net/peer-address.ts';
import { requestedHost } from './net/requested-host.ts';
import { TrustedProxies } from './net/trusted-proxies.ts';
import { setupGuide, setupHelp } from './setup-help.ts';
import { arenaSocketEvents } from './ws/arena-socket.ts';
import { createSetRoutes, type SetRoutesDeps } from './sets/set-routes.ts';
import { foreground } from './foreground.ts';

export interface AppDeps {
  catalog: ModelCatalog;
  store: BattleStore;
  moderation: ModerationStore;
  /** Access mode, sessions and sign-in (server/auth). */
  auth: Auth;
  arena: Arena;
  leaderboard: LeaderboardService;
  /** Boards by category, style and speed control (absent: those routes are not served). */
  categories?: CategoryBoards;
  /**
   * Prompt sets (/api/sets): left out, the routes are not there. `onVote` is how a review vote reaches every board
   * (it defaults to the plain leaderboard and the category boards of this node).
   */
  sets?: Pick<SetRoutesDeps, 'sets' | 'jobs' | 'defaultMaxTokens'> & Partial<Pick<SetRoutesDeps, 'onVote'>>;
  /** Speed benchmarks (server/benchmark); without it /api/benchmarks is not served. */
  benchmarks?: BenchmarkService;
  /** Boards by meaning (server/meaning); without it /api/leaderboard/meaning is not served. */
  meaning?: Pick<Meaning, 'boards' | 'votesChanged' | 'battlesImported'>;
  log: Logger;
  upgradeWebSocket: UpgradeWebSocket<WebSocketLike>;
  /** Built client (vite build output); the page is served from here when it exists. */
  staticDir: string;
  /** The origins this server answers as (default: the loopback names on port 80, as `app.request()` addresses them). */
  allowList?: OriginAllowList;
  /** Proxies whose forwarding headers say who the client is (default: none). */
  trustedProxies?: TrustedProxies;
  /** Open websockets per client address and in all. */
  connections?: SlotLimit;
  /** Exports streaming at once per client address and in all. */
  exports?: SlotLimit;
  /** Websocket ping interval; a socket that misses a pong is closed (0: never; default 30 s). */
  heartbeatMs?: number;
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

/** An export whose client has taken nothing for this long is dropped, and its slot freed. */
const EXPORT_STALL_MS = 60_000;

/** All HTTP routes and the websocket endpoint; no listening here, so tests call `app.request()`. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AuthEnv>();
  const allowList = deps.allowList ?? new OriginAllowList(['http://localhost', 'http://127.0.0.1', 'http://[::1]']);
  const trusted = deps.trustedProxies ?? TrustedProxies.none;
  const connections = deps.connections ?? new SlotLimiter({ perKey: 32, total: 2048 });
  const exports = deps.exports ?? new SlotLimiter({ perKey: 1, total: 2 });

  /**
   * Who the client is, for limits and identity: the socket's peer, or, from a
   * trusted proxy only, the address it forwarded. 'unknown' under `app.request()`.
   */
  const clientAddress = (c: Context): string => clientAddressOf(c, trusted);

  app.use('*', async (c, next) => {
    // Background jobs give way while requests come in, and more so while one is being answered (until its response
    // is ready: a streamed body, an export, is not waited on).
    const leave = foreground.enter();
    try {
      await next();
    } finally {
      leave();
    }
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    if (!c.req.path.startsWith('/api/')) c.header('Content-Security-Policy', CSP);
  });

  // DNS rebinding and cross-site requests: refused before anything else runs (no cookie is set for them).
  app.use('*', async (c, next) => {
    const refusal = hostOriginRefusal(
      {
        host: requestedHost(c, trusted),
        origin: c.req.header('origin'),
        websocket: c.req.header('upgrade') !== undefined,
      },
      allowList,
      // Load balancers and container probes ask for the health by address; it says nothing, so any Host may.
      { checkHost: c.req.path !== '/api/health' },
    );
    if (refusal) throw new HTTPException(refusal.status, { message: refusal.message });
    await next();
  });

  // Who is asking: a session the server issued and recorded (a token it did not issue is no session), or nobody.
  // Sessions are made only by /auth (server/auth/auth-routes.ts); battles and votes are bound to their hash.
  app.use('*', identify(deps.auth));
  app.route('/auth', createAuthRoutes({ auth: deps.auth, log: deps.log, clientAddress }));
  // In team and oidc modes the API is for signed-in people; health stays open for probes.
  app.use('/api/*', requireSignIn.except('/api/health'));
  app.route(
    '/api/admin',
    createAdminRoutes({
      store: deps.store,
      moderation: deps.moderation,
      auth: deps.auth,
      // A void, its reversal or an import changes which votes count on every board.
      // Imported battles are classified by the categories' background job.
      leaderboard: {
        rebuild: async () => {
          await Promise.all([deps.leaderboard.rebuild(), deps.categories?.rebuild()]);
          deps.categories?.startBackgroundJobs();
          deps.meaning?.battlesImported();
        },
      },
      log: deps.log,
    }),
  );

  if (deps.sets) {
    const onVote =
      deps.sets.onVote ??
      ((v: Parameters<LeaderboardService['recordVote']>[0]) => {
        deps.leaderboard.recordVote(v);
        deps.categories?.recordVote(v);
        deps.meaning?.votesChanged();
      });
    app.route('/api/sets', createSetRoutes({ ...deps.sets, battles: deps.store, catalog: deps.catalog, onVote }));
  }

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

  // Boards and head-to-heads read counts, snapshots and per-model index ranges: nothing here reads every vote or answer.
  const figures = new ModelFigures(deps.store, () => deps.leaderboard.changes);
  const historyVotes = new HistoryVotes(deps.store, () => deps.leaderboard.changes);
  if (deps.categories) {
    // Its /api/leaderboard answers ?category= and ?control=, and hands the rest to the plain board's route below.
    app.route(
      '/api',
      createCategoryRoutes({
        categories: deps.categories,
        leaderboard: deps.leaderboard,
        store: deps.store,
        catalog: deps.catalog,
        figures,
      }),
    );
  }

  app.get('/api/leaderboard', async (c) => {
    const mode = modeOf(c);
    const snap = await deps.leaderboard.ratings(mode);
    const ids = [...snap.ratings.models.map((m) => m.model), ...deps.catalog.all().map((e) => e.spec.id)];
    const { measured } = await figures.of(ids);
    return c.json(LeaderboardResponse.parse(buildLeaderboard(mode, snap, measured, deps.catalog)));
  });

  app.get('/api/head-to-head', async (c) => {
    const mode = modeOf(c);
    const a = c.req.query('a');
    const b = c.req.query('b');
    if (!a || !b || a === b) throw new HTTPException(400, { message: 'give two different models as ?a=…&b=…' });
    const snap = await deps.leaderboard.ratings(mode);
    const known = (id: string) => deps.catalog.get(id) !== undefined || snap.ratings.models.some((m) => m.model === id);
    for (const id of [a, b]) if (!known(id)) throw new HTTPException(404, { message: `Unknown model "${id}"` });
    const [pairs, { measured, tokens }] = await Promise.all([deps.store.pairCounts(a), figures.of([a, b])]);
    const body = buildHeadToHead(mode, a, b, snap, pairs, measured, deps.catalog, tokens);
    return c.json(HeadToHeadResponse.parse(body));
  });

  app.get('/api/model', async (c) => {
    const mode = modeOf(c);
    const id = c.req.query('id');
    if (!id) throw new HTTPException(400, { message: 'give a model as ?id=…' });
    const snap = await deps.leaderboard.ratings(mode);
    if (!deps.catalog.get(id) && !snap.ratings.models.some((m) => m.model === id)) {
      throw new HTTPException(404, { message: `Unknown model "${id}"` });
    }
    const [pairs, window, { measured, tokens }] = await Promise.all([deps.store.pairCounts(id), historyVotes.window(), figures.of([id])]);
    const page = buildModelPage(mode, id, snap, pairs, window, measured, deps.catalog, tokens);
    return c.json(ModelPageResponse.parse(page));
  });

  app.get('/api/export.jsonl', requireRole('admin'), async (c) => {
    const mode = c.req.query('mode') ?? 'all';
    if (mode !== 'blind' && mode !== 'named' && mode !== 'all')
      throw new HTTPException(400, { message: 'mode must be blind, named or all' });
    const slot = await exports.acquire(addressBucket(clientAddress(c)));
    if (!slot.ok) {
      throw new HTTPException(429, {
        message:
          slot.full === 'key'
            ? 'An export for this client is already running; try again once it has finished'
            : 'Too many exports are running; try again shortly',
      });
    }
    // A client that stops reading holds its slot only this long: the socket's inactivity timeout ends it.
    const socket = incomingOf(c)?.socket;
    let body: ReadableStream<Uint8Array>;
    try {
      body = await exportStream(exportCleanBattles(deps.store, { mode }), {
        onEnd: (end) => {
          slot.release();
          socket?.setTimeout(0);
          if (end.outcome === 'failed') deps.log.error('export failed while streaming; the download was cut', end.error);
        },
      });
    } catch (e) {
      slot.release();
      throw e;
    }
    socket?.setTimeout(EXPORT_STALL_MS);
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="versus-battles.jsonl"');
    return c.body(body);
  });

  // The session the server issued to this request (identify, above); none for a client without one.
  const sessionOf = (c: Context): string | null => {
    const id = (c as Context<AuthEnv>).get('identity');
    return id.kind === 'anonymous' ? null : id.sessionHash;
  };
  app.route('/api/battles', createHistoryRoutes({ store: deps.store, catalog: deps.catalog, sessionOf }));
  app.route('/api/shared', createSharedRoutes({ store: deps.store, catalog: deps.catalog }));

  if (deps.benchmarks) app.route('/api/benchmarks', createBenchmarkRoutes(deps.benchmarks));
  if (deps.meaning) app.route('/api', createMeaningRoutes({ boards: deps.meaning.boards, clientAddress }));

  app.all('/api/*', () => {
    throw new HTTPException(404, { message: 'No such API route' });
  });

  app.use('/ws', requireSignIn);
  app.get(
    '/ws',
    async (c, next) => {
      // Host and Origin were checked for every request above. Each open socket holds a file descriptor: count them per client and in all.
      const socket = incomingOf(c)?.socket;
      // Only a real upgrade takes the socket over; a plain GET /ws on a kept-alive connection holds nothing.
      if (socket && c.req.header('upgrade')?.toLowerCase() === 'websocket') {
        const slot: SlotGrant = await connections.acquire(addressBucket(clientAddress(c)));
        if (!slot.ok) {
          throw slot.full === 'key'
            ? new HTTPException(429, { message: 'Too many open connections from this address' })
            : new HTTPException(503, { message: 'The server has as many connections as it takes; try again shortly' });
        }
        // The TCP socket's close covers every end: a refused or aborted handshake, and the websocket's close.
        // Shared across nodes the grant is asked of Redis, and the socket may have closed meanwhile.
        if (socket.destroyed) slot.release();
        else socket.once('close', slot.release);
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
        heartbeatMs: deps.heartbeatMs ?? 30_000,
      });
    }),
  );

  if (existsSync(deps.staticDir)) {
    app.use('/*', serveStatic({ root: deps.staticDir }));
    app.get('*', serveStatic({ root: deps.staticDir, path: 'index.html' }));
  } else {
    app.get('/', (c) => c.text('Versus is running, but the client is not built. Run `npm run build` (npm start does this for you).', 503));
  }

  app.onError((err, c) => {
    if (err instanceof HTTPException) return c.json({ error: { code: String(err.status), message: err.message } }, err.status);
    // The database failing is no bug of the request: it is told so, and may try again.
    if (isStorageError(err)) {
      deps.log.error(`${c.req.method} ${c.req.path}: storage failed`, err);
      return c.json({ error: { code: '503', message: storageMessage(err) } }, 503);
    }
    deps.log.error(`${c.req.method} ${c.req.path} failed`, err);
    return c.json({ error: { code: '500', message: 'Internal error; it was logged on the server' } }, 500);
  });

  return app;
}
