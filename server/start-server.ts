import type { RatedVote } from '../db/battle-store.ts';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from './repo-root.ts';
import type { AddressInfo } from 'node:net';
import { serve, upgradeWebSocket } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import type { BattleStore } from '../db/battle-store.ts';
import { openStore } from '../db/open-store.ts';
import { postgresLocation } from '../db/postgres/postgres-location.ts';
import type { Store } from '../db/store.ts';
import { createApp } from './app.ts';
import { BenchmarkService } from './benchmark/benchmark-service.ts';
import { Arena } from './arena/arena.ts';
import { isStorageError } from './arena/storage-error.ts';
import { Auth } from './auth/auth.ts';
import { checkNetworkExposure } from './auth/check-network-exposure.ts';
import { ModelCatalog } from './catalog/model-catalog.ts';
import type { EndpointConfig } from './config/endpoint-config.ts';
import { ConfigError, loadConfig, type LoadedConfig } from './config/load-config.ts';
import { createLogger, type Logger } from './logger.ts';
import { discover, type Discovery } from './providers/discover.ts';
import { createAdapter } from './providers/create-adapter.ts';
import { startHealthMonitor } from './providers/health-monitor.ts';
import type { ProviderAdapter } from './providers/types.ts';
import { OriginAllowList, originEntryError } from './net/origin-allow-list.ts';
import { parseIpAddress } from './net/parse-ip-address.ts';
import { requestIsSecure } from './net/request-is-secure.ts';
import { TrustedProxies } from './net/trusted-proxies.ts';
import { configuredSecrets } from './providers/endpoint-secrets.ts';
import { LeaderboardService, RATINGS_MODES } from './leaderboard/leaderboard-service.ts';
import { CategoryBoards } from './leaderboard/category-boards.ts';
import { keepClassifierWarm, warmClassifier } from './categories/warm-classifier.ts';
import { pairingStats } from './arena/pairing-stats.ts';
import type { PairingStat } from './arena/pick-pair-adaptive.ts';
import { computeInline, createWorkerComputer } from './leaderboard/ratings-computer.ts';
import { createControlledFitter } from './leaderboard/controlled-fitter.ts';
import { openSharedState } from './scale/open-shared-state.ts';
import type { SharedState } from './scale/shared-state.ts';
import { SetJobs } from './sets/set-jobs.ts';
import { NOMIC_EMBED_TEXT_V1_5 } from './meaning/embedding-model-spec.ts';
import { EMBEDDING_MODELS_DIR, embeddingDownloadsOff } from './meaning/ensure-embedding-model.ts';
import type { Embedder } from './meaning/embedder.ts';
import { openMeaning } from './meaning/open-meaning.ts';
import { createWeightedFitWorker, fitWeightedInline } from './meaning/weighted-fit.ts';
import { getLlamaRuntime } from './providers/local/llama-runtime.ts';

export type Discovered = Pick<Discovery, 'endpoints' | 'models' | 'statuses' | 'problems'> & Partial<Pick<Discovery, 'rows'>>;

export interface StartServerOptions {
  /** Environment to read (defaults to process.env); tests pass their own. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  logSink?: (line: string) => void;
  discover?: (config: LoadedConfig) => Promise<Discovered>;
  /** Compute ratings on the main thread instead of a worker. */
  inlineRatings?: boolean;
  /** Parse every outgoing websocket message against the protocol (on in tests). */
  validateOutgoing?: boolean;
  /** Bytes queued for one websocket client before it is dropped as too slow (default 4 MiB). */
  maxBufferedBytes?: number;
  /** A stand-in for the embedding model of boards by meaning (browser tests); the pinned GGUF is then not looked for. */
  meaningEmbedder?: Embedder;
  /** The arena's random source for blind pairs and sides (Math.random); tests pass a seeded one to seat battles alike every run. */
  random?: () => number;
}

export interface RunningServer {
  url: string;
  port: number;
  config: LoadedConfig;
  catalog: ModelCatalog;
  /** Battles and votes (`storage.battles`). */
  store: BattleStore;
  /** The whole store: SQLite or PostgreSQL, with its battles, auth and moderation parts. */
  storage: Store;
  arena: Arena;
  auth: Auth;
  log: Logger;
  discovered: Discovered;
  /** What this node shares with others: in memory, or through Redis (VERSUS_REDIS_URL). */
  shared: SharedState;
  /** Resolves once the background jobs started with the server (reclassifying and styling stored battles) are done. */
  backgroundIdle(): Promise<void>;
  /** Stop accepting, end running answers (stored as stopped), close the database. */
  close(): Promise<void>;
}

/** The password of a database URL: a secret the logger must never print, like an API key. */
function databasePassword(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? [password] : [];
  } catch {
    return [];
  }
}

/**
 * Zero-config discovery with the config's own settings (servers to probe, GGUF
 * folders, starter models). The starter download belongs to start-up only:
 * a later look (endpoint health) just probes and scans.
 */
function discoverFromConfig(config: LoadedConfig, cwd: string | undefined, log: Logger, atStart: boolean): Promise<Discovery> {
  return discover(config, {
    ...(cwd ? { cwd } : {}),
    timeoutMs: config.discovery.timeoutMs,
    ...(config.discovery.servers ? { servers: config.discovery.servers } : {}),
    modelsDirs: config.local.modelsDirs,
    offline: config.local.offline,
    ...(!atStart ? { starter: false as const } : config.local.starter !== undefined ? { starter: config.local.starter } : {}),
    say: (line) => log.info(line),
  });
}

/** One adapter per endpoint for the whole run, however often the catalog is rebuilt (a local adapter holds loaded models). */
function adapterCache(env: Record<string, string | undefined>): (e: EndpointConfig) => ProviderAdapter {
  const made = new Map<string, ProviderAdapter>();
  return (e) => {
    const key = JSON.stringify(e);
    let adapter = made.get(key);
    if (!adapter) made.set(key, (adapter = createAdapter(e, env)));
    return adapter;
  };
}

export const STATIC_DIR = join(REPO_ROOT, 'dist/client');

/** Wires config → discovery → catalog → database → arena → HTTP + websocket on one port. */
export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  const env = opts.env ?? process.env;
  const config = loadConfig(env, opts.cwd);
  // Before anything else happens: a start that would expose the arena without sign-in does not happen at all.
  checkNetworkExposure(config.host, config.access, config.publicOrigin);
  const authSecretEnvs = [
    'VERSUS_SECRET',
    config.access.team.secretEnv,
    ...(config.access.oidc ? [config.access.oidc.clientSecretEnv] : []),
  ];
  const secretValues = [
    ...configuredSecrets(config.endpoints, env),
    ...authSecretEnvs.flatMap((name) => (env[name] ? [env[name]] : [])),
    ...databasePassword(config.databaseUrl),
    ...databasePassword(config.scale.redisUrl),
    ...(env.PGPASSWORD ? [env.PGPASSWORD] : []),
  ];
  const log = createLogger(config.env.VERSUS_LOG ?? 'info', secretValues, opts.logSink);

  const look = (atStart: boolean) => (opts.discover ?? ((c) => discoverFromConfig(c, opts.cwd, log, atStart)))(config);
  const adapterFor = adapterCache(env);
  const discovered = await look(true);
  const catalog = ModelCatalog.build(discovered.models, discovered.endpoints, discovered.statuses, adapterFor);
  const health = startHealthMonitor({
    intervalMs: config.discovery.reprobeSeconds * 1000,
    log,
    look: async () => {
      const d = await look(false);
      if (catalog.adopt(ModelCatalog.build(d.models, d.endpoints, d.statuses, adapterFor))) {
        log.info(
          `Models changed: ${catalog.available().length} available (${
            catalog
              .available()
              .map((e) => e.spec.id)
              .join(', ') || 'none'
          })`,
        );
      }
    },
  });
  let storage: Store;
  try {
    storage = await openStore(config, { onIdleError: (e) => log.error('a pooled database connection failed while idle', e) });
  } catch (e) {
    await health.stop();
    // A database that cannot be reached or written at start is the operator's to fix: one line, not a stack.
    if (!isStorageError(e)) throw e;
    const where = config.databaseUrl ? `PostgreSQL at ${postgresLocation(config.databaseUrl)}` : `SQLite at ${config.dbPath}`;
    throw new ConfigError(`${where} cannot be used: ${(e as Error).message}`, { cause: e });
  }
  const store = storage.battles;
  let shared: SharedState;
  try {
    shared = await openSharedState(config.scale, log);
  } catch (e) {
    await storage.close();
    await health.stop();
    throw e;
  }
  // Cookies are `Secure` when the client came over TLS, which only a trusted proxy can say.
  const trustedProxies = TrustedProxies.parse(config.network.trustedProxies);
  let auth: Auth;
  let leaderboard: LeaderboardService;
  let categories: CategoryBoards;
  let stopKeepingWarm = () => {};
  const ratingsComputer = opts.inlineRatings ? null : createWorkerComputer();
  // Controlled fits (seconds at a million votes) always run in their worker: never on the event loop.
  const controlledFitter = createControlledFitter(store, config.ratings, config);
  try {
    auth = await Auth.open({
      access: config.access,
      publicOrigin: config.publicOrigin,
      store: storage.auth,
      secrets: env,
      isHttps: (c) => requestIsSecure(c, trustedProxies),
    });
    leaderboard = await LeaderboardService.open(store, ratingsComputer?.compute ?? computeInline, config.ratings, shared.ratings);
    // Before listening: the classifiers' one-time costs would otherwise stall the first battle, or the restart's
    // reclassification, on the event loop.
    await warmClassifier();
    stopKeepingWarm = keepClassifierWarm();
    // Counted in the background: the server answers while a million votes are paged through.
    categories = CategoryBoards.start({
      store,
      compute: ratingsComputer?.compute ?? computeInline,
      opts: config.ratings,
      log,
      fitControlled: controlledFitter.fit,
    });
  } catch (e) {
    stopKeepingWarm();
    await controlledFitter.close();
    await ratingsComputer?.close();
    await shared.close();
    await storage.close();
    await health.stop();
    throw e;
  }
  const limits = {
    battles: shared.rateLimit('battles', config.limits.battles),
    votes: shared.rateLimit('votes', config.limits.votes),
    stops: shared.rateLimit('stops', config.limits.stops),
  };
  // Battles classified by an older classifier, and voted battles without a stored style, are done in the background.
  categories.startBackgroundJobs();
  // Boards by meaning: the embedding model is fetched and loaded, and stored battles embedded, in the background.
  const weightedFit = opts.inlineRatings ? null : createWeightedFitWorker();
  const meaning = openMeaning({
    store: storage.embeddings,
    catalog,
    log,
    spec: NOMIC_EMBED_TEXT_V1_5,
    dir: resolve(opts.cwd ?? process.cwd(), EMBEDDING_MODELS_DIR),
    offline: embeddingDownloadsOff(config.local.offline, env),
    llama: () => getLlamaRuntime(),
    fit: weightedFit?.fit ?? fitWeightedInline,
    rounds: config.ratings.rounds,
    seed: config.ratings.seed,
    ...(config.ratings.provisionalVotes !== undefined ? { provisionalVotes: config.ratings.provisionalVotes } : {}),
    ...(opts.meaningEmbedder ? { embedder: opts.meaningEmbedder } : {}),
  });
  // Adaptive blind pairing reads the blind board as last computed (by a page asking for it, or by the refresh
  // below): a draw never starts a refit, so a draw never makes the next reader's board stale.
  let pairingSnapshot: ReturnType<LeaderboardService['latest']> = null;
  let blindStats: ReadonlyMap<string, PairingStat> = new Map();
  const currentPairingStats = (): ReadonlyMap<string, PairingStat> => {
    const latest = leaderboard.latest('blind');
    if (latest && latest.computedAt !== pairingSnapshot?.computedAt) {
      pairingSnapshot = latest;
      blindStats = pairingStats(latest.ratings.models);
    }
    return blindStats;
  };
  // Nobody may read the board for a while: it is refitted for pairing once a minute at most (a no-op when current).
  const pairingRefresh = setInterval(() => {
    leaderboard.ratings('blind').catch((e: unknown) => log.error('the blind board could not be refitted for pairing', e));
  }, 60_000);
  pairingRefresh.unref();
  // A counted vote, live or from a prompt-set review, reaches every board here and every other node.
  const recordVote = (v: RatedVote): void => {
    leaderboard.recordVote(v);
    categories.recordVote(v);
    meaning.votesChanged();
    shared.voteRecorded(v);
  };
  const arena = new Arena({
    catalog,
    store,
    battle: config.battle,
    idleMs: config.battle.idleMinutes * 60_000,
    log,
    limits,
    onVote: recordVote,
    onTurnStored: (battleId, prompts) => {
      categories.classify(battleId, prompts);
      // A battle's first prompt decides its meaning; embedded after this returns, off the stream's path.
      if (prompts.length === 1) meaning.battleStored(battleId, prompts[0]!);
    },
    ...(config.battle.pairing === 'adaptive' ? { pairingStats: currentPairingStats } : {}),
    ...(opts.random ? { random: opts.random } : {}),
    onNetworkError: () => {
      health.kick();
      shared.healthKick();
    },
    stopElsewhere: (battleId, side) => shared.stopElsewhere(battleId, side),
  });
  shared.listen({
    vote: (v) => {
      leaderboard.recordVote(v);
      categories.recordVote(v);
      meaning.votesChanged();
    },
    rebuild: () => {
      meaning.battlesImported();
      void Promise.all([leaderboard.rebuild(), categories.rebuild()]).catch((e: unknown) =>
        log.error('recount asked by another node failed', e),
      );
    },
    refit: () => {
      for (const mode of RATINGS_MODES) void leaderboard.ratings(mode).catch((e: unknown) => log.error('ratings refit failed', e));
    },
    stop: (battleId, side) => void arena.stopHere(battleId, side),
    healthKick: () => health.kick(),
  });

  const setJobs = new SetJobs({ sets: storage.sets, catalog, log, battle: config.battle });

  const benchmarks = new BenchmarkService({ store: storage.benchmarks, catalog, log });
  await benchmarks.open();

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const net = config.network;
  const allowList = new OriginAllowList(net.publicOrigins);
  const app = createApp({
    catalog,
    store,
    moderation: storage.moderation,
    auth,
    arena,
    leaderboard,
    categories,
    meaning,
    sets: { sets: storage.sets, jobs: setJobs, defaultMaxTokens: config.battle.defaultMaxTokens, onVote: recordVote },
    benchmarks,
    log,
    upgradeWebSocket,
    staticDir: STATIC_DIR,
    allowList,
    trustedProxies,
    connections: shared.slotLimit('connections', { perKey: net.maxConnectionsPerAddress, total: net.maxConnections }),
    exports: shared.slotLimit('exports', { perKey: net.maxExportsPerAddress, total: net.maxExports }),
    heartbeatMs: net.idleSocketSeconds * 1000,
    validateOutgoing: opts.validateOutgoing ?? false,
    ...(opts.maxBufferedBytes !== undefined ? { maxBufferedBytes: opts.maxBufferedBytes } : {}),
  });

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host, websocket: { server: wss } });
  await new Promise<void>((res, rej) => {
    server.once('listening', () => res());
    server.once('error', rej);
  });
  const port = (server.address() as AddressInfo).port;
  // The port is known only now (VERSUS_PORT=0 picks one). The interface Versus was told to bind is the
  // operator's own choice (an address literal cannot even be rebound), so the address it prints is served.
  allowList.addLoopback(port);
  if (config.host !== '0.0.0.0' && config.host !== '::') {
    const bound = parseIpAddress(config.host);
    const origin = `http://${bound ? (bound.family === 'ipv6' ? `[${bound.address}]` : bound.address) : config.host}:${port}`;
    if (!originEntryError(origin)) allowList.add(origin);
  }
  // Sockets that never upgrade hold descriptors too: past the websocket cap plus room for HTTP, new ones are dropped.
  server.maxConnections = net.maxConnections + 256;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  auth.setListeningOrigin(`http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`);

  // Runs a previous process left unfinished (a restart, a crash, a killed CLI run) go on where they stopped.
  setJobs.resumeUnfinished().catch((e: unknown) => log.error('could not resume unfinished set runs', e));

  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    config,
    catalog,
    store,
    storage,
    arena,
    auth,
    log,
    discovered,
    shared,
    backgroundIdle: () => categories.idle(),
    close: () =>
      (closing ??= (async () => {
        server.close();
        await health.stop();
        await arena.shutdown();
        await setJobs.close();
        await benchmarks.stopAll();
        for (const c of wss.clients) c.close(1001, 'server shutting down');
        await new Promise<void>((res) => wss.close(() => res()));
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        clearInterval(pairingRefresh);
        stopKeepingWarm();
        await categories.stop();
        await meaning.close();
        await weightedFit?.close();
        await controlledFitter.close();
        await ratingsComputer?.close();
        await shared.close();
        await storage.close();
      })()),
  };
}
