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
import { CategoryBoards } from '../../server/leaderboard/category-boards.ts';
import { computeInline } from '../../server/leaderboard/ratings-computer.ts';
import { createLogger } from '../../server/logger.ts';
import { checkEndpoints } from '../../server/providers/check-endpoints.ts';
import { createAdapter } from '../../server/providers/create-adapter.ts';
import type { CleanBattle } from '../../shared/clean-battle.ts';
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
  /** What the HTTP app reads through (a wrapper counting calls, say); the services underneath use the store itself. */
  opts: { wrapStore?: (store: BattleStore) => BattleStore } = {},
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
  const categories = await CategoryBoards.open({ store, compute: computeInline, opts: loaded.ratings, log });
  categories.startBackgroundJobs();
  await categories.idle();
  const arena = new Arena({
    catalog,
    store,
    battle: loaded.battle,
    log,
    onVote: (v) => {
      leaderboard.recordVote(v);
      categories.recordVote(v);
    },
    onTurnStored: (battleId, prompts) => categories.classify(battleId, prompts),
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
    logLines,
    close: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
