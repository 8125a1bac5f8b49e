import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upgradeWebSocket } from '@hono/node-server';
import type { BattleStore } from '../../db/battle-store.ts';
import type { Db } from '../../db/sqlite/open-database.ts';
import { openSqliteStore } from '../../db/sqlite/open-sqlite-store.ts';
import type { Store } from '../../db/store.ts';
import { createApp } from '../../server/app.ts';
import { Arena } from '../../server/arena/arena.ts';
import { Auth } from '../../server/auth/auth.ts';
import { BenchmarkService } from '../../server/benchmark/benchmark-service.ts';
import { ModelCatalog } from '../../server/catalog/model-catalog.ts';
import { loadConfig } from '../../server/config/load-config.ts';
import { importCleanBattles } from '../../server/exchange/clean-battle-jsonl.ts';
import { LeaderboardService } from '../../server/leaderboard/leaderboard-service.ts';
import { CategoryBoards, type CategoryBoardsDeps } from '../../server/leaderboard/category-boards.ts';
import { computeInline } from '../../server/leaderboard/ratings-computer.ts';
import { createLogger } from '../../server/logger.ts';
import { checkEndpoints } from '../../server/providers/check-endpoints.ts';
import { createAdapter } from '../../server/providers/create-adapter.ts';
import type { CleanBattle } from '../../shared/clean-battle.ts';
import type { Embedder } from '../../server/meaning/embedder.ts';
import { NOMIC_EMBED_TEXT_V1_5 } from '../../server/meaning/embedding-model-spec.ts';
import { openMeaning, type Meaning } from '../../server/meaning/open-meaning.ts';
import { fitWeightedInline } from '../../server/meaning/weighted-fit.ts';
import { getLlamaRuntime } from '../../server/providers/local/llama-runtime.ts';
import { ALL_BUILTIN_ENDPOINTS } from './test-arena.ts';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  store: BattleStore;
  auth: Auth;
  leaderboard: LeaderboardService;
  /** Boards by category; its start-up job (classifying imported battles) has finished when createTestApp resolves. */
  categories: CategoryBoards;
  arena: Arena;
  benchmarks: BenchmarkService;
  catalog: ModelCatalog;
  storage: Store;
  /** The SQLite connection under `storage`, for tests that seed rows directly or break it. */
  db: Db;
  /** Boards by meaning, when createTestApp was given an embedder (its backfill has finished). */
  meaning: Meaning | null;
  /** Every line the server logged (level error and up). */
  logLines: string[];
  close(): void;
}

/**
 * The HTTP app with the deps start-server wires, minus the listening socket:
 * the config file read by loadConfig, endpoints checked for real (a probed
 * endpoint must answer), a SQLite database in a temp dir, ratings computed
 * inline. Battles given as clean-battle records are imported before the
 * leaderboard reads the store, as at a restart.
 */
export async function createTestApp(
  config: Record<string, unknown>,
  battles: CleanBattle[] = [],
  env: Record<string, string> = {},
  opts: {
    meaningEmbedder?: Embedder;
    /** Overrides of the category boards' deps: a test's own controlled fitter, a smaller tag cap. */
    categoryDeps?: Partial<Pick<CategoryBoardsDeps, 'fitControlled' | 'tagBoards' | 'controlFirstWaitMs' | 'controlRefitGapFactor'>>;
    /** The store the category boards count from, wrapped (to hold their first count, say); they start counting as the server does, not awaited. */
    categoryStore?: (store: BattleStore) => BattleStore;
    /** What the HTTP app reads through (a wrapper counting calls, say); the services underneath use the store itself. */
    wrapStore?: (store: BattleStore) => BattleStore;
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'versus-app-'));
  const configPath = join(dir, 'versus.config.json');
  writeFileSync(configPath, JSON.stringify({ disable: ALL_BUILTIN_ENDPOINTS, ...config }));
  const loaded = loadConfig({ PATH: process.env.PATH, VERSUS_CONFIG: configPath, VERSUS_DB: join(dir, 'versus.db'), ...env }, dir);
  const statuses = await checkEndpoints(loaded.endpoints, loaded.secrets);
  const catalog = ModelCatalog.build(loaded.models, loaded.endpoints, statuses, (e) => createAdapter(e, loaded.secrets));
  const storage = openSqliteStore(loaded.dbPath);
  const store = storage.battles;
  const db = store.db;
  const report = await importCleanBattles(
    battles.map((b) => JSON.stringify(b)),
    store,
  );
  if (report.invalid.length > 0) throw new Error(`test battles did not import: ${JSON.stringify(report.invalid)}`);
  const logLines: string[] = [];
  const log = createLogger('error', [], (line) => logLines.push(line));
  const leaderboard = await LeaderboardService.open(store, computeInline, loaded.ratings);
  const categoryDeps = { compute: computeInline, opts: loaded.ratings, log, ...opts.categoryDeps };
  const categories = opts.categoryStore
    ? CategoryBoards.start({ ...categoryDeps, store: opts.categoryStore(store) })
    : await CategoryBoards.open({ ...categoryDeps, store });
  categories.startBackgroundJobs();
  if (!opts.categoryStore) await categories.idle();
  const meaning = opts.meaningEmbedder
    ? openMeaning({
        store: storage.embeddings,
        catalog,
        log,
        spec: NOMIC_EMBED_TEXT_V1_5,
        dir: join(dir, 'embedding-models'),
        offline: true,
        llama: () => getLlamaRuntime(false),
        fit: fitWeightedInline,
        rounds: loaded.ratings.rounds,
        seed: loaded.ratings.seed,
        embedder: opts.meaningEmbedder,
      })
    : null;
  await meaning?.ready();
  const arena = new Arena({
    catalog,
    store,
    battle: loaded.battle,
    log,
    onVote: (v) => {
      leaderboard.recordVote(v);
      categories.recordVote(v);
      meaning?.votesChanged();
    },
    onTurnStored: (battleId, prompts) => {
      categories.classify(battleId, prompts);
      if (prompts.length === 1) meaning?.battleStored(battleId, prompts[0]!);
    },
  });
  const auth = await Auth.open({
    access: loaded.access,
    publicOrigin: loaded.publicOrigin ?? 'http://127.0.0.1:8787',
    store: storage.auth,
    secrets: loaded.secrets,
  });
  const benchmarks = new BenchmarkService({ store: storage.benchmarks, catalog, log });
  const app = createApp({
    catalog,
    store: opts.wrapStore ? opts.wrapStore(store) : store,
    moderation: storage.moderation,
    auth,
    arena,
    leaderboard,
    categories,
    benchmarks,
    ...(meaning ? { meaning } : {}),
    log,
    upgradeWebSocket,
    staticDir: join(dir, 'no-client-build'),
  });
  return {
    app,
    store,
    auth,
    leaderboard,
    categories,
    arena,
    benchmarks,
    catalog,
    storage,
    db,
    meaning,
    logLines,
    close: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
