import type { Worker } from 'node:worker_threads';
import { startTsWorker } from './start-ts-worker.ts';
import { serverModuleUrl } from '../server-module.ts';
import type { BattleStore, ControlRow, VoteCursor } from '../../db/battle-store.ts';
import type { StoreConfig } from '../../db/open-store.ts';
import type { LeaderboardControl } from '../../shared/category-api.ts';
import { labelOfKey } from '../categories/battle-labels.ts';
import { ControlledFitJob, type ControlledFitRequest } from './controlled-fit-job.ts';
import type { RatingsSettings } from './ratings-computer.ts';
import { nextTurn } from '../next-turn.ts';
import { PageSizer } from '../page-sizer.ts';

/** Rows read per page: one short query (a few ms on SQLite at a million votes), then the event loop turns. */
export const CONTROL_PAGE = 2000;

export type FitControlled = (request: ControlledFitRequest) => Promise<LeaderboardControl>;

export type ControlledWorkerMessage =
  | { type: 'start'; id: number; request: ControlledFitRequest; settings: RatingsSettings }
  | { type: 'rows'; id: number; rows: ControlRow[] }
  | { type: 'finish'; id: number }
  | { type: 'fit-sqlite'; id: number; request: ControlledFitRequest; settings: RatingsSettings; path: string }
  | { type: 'fit-postgres'; id: number; request: ControlledFitRequest; settings: RatingsSettings; url: string };

/** Reads the request's rows from the store in pages sized by time (at most CONTROL_PAGE), in vote order, turning the event loop between pages. */
export async function readControlRows(
  store: BattleStore,
  request: ControlledFitRequest,
  onPage: (rows: ControlRow[]) => void,
): Promise<void> {
  const label = request.category === null ? undefined : labelOfKey(request.category);
  let after: VoteCursor | null = null;
  const sizer = new PageSizer(CONTROL_PAGE);
  for (;;) {
    const limit = sizer.next();
    const page = await store.controlRowsAfter(after, limit, label);
    if (page.length > 0) onPage(page);
    sizer.done(page.length);
    if (page.length < limit) return;
    const last = page[page.length - 1]!;
    after = { createdAt: last.tstamp, battleId: last.battleId };
    // Asked for by a request: a turn of the event loop between pages, never a step aside.
    await nextTurn();
  }
}

/**
 * The fit on the calling thread: for tests and tiny boards. It holds the event
 * loop for the whole fit (seconds at a million battles): never the server's.
 */
export function inlineControlledFitter(store: BattleStore, settings: RatingsSettings): FitControlled {
  return async (request) => {
    const job = new ControlledFitJob(request, settings);
    await readControlRows(store, request, (rows) => job.add(rows));
    return job.finish();
  };
}

/**
 * Controlled fits in a worker thread, which reads the rows itself when given
 * where the store is (`source`): on SQLite from the file, on a read-only
 * connection of its own (better-sqlite3 runs a query on the calling thread);
 * on PostgreSQL on a connection of its own (parsing a million rows is seconds
 * of a thread). Read here and posted on, 200,000 rows kept this thread busy
 * 89% of an 8.6 s fit, pages of 2,000 taking 60 ms each on a loaded machine
 * (bench/controlled-worker.bench.ts). Without a source (an in-memory store,
 * tests) this thread reads a page at a time and posts each page on. Fits run one after another (one core's worth
 * of work, and one board's columns in memory at a time). A worker that dies
 * fails its fit and is started again for the next one.
 */
export function createControlledFitter(
  store: BattleStore,
  settings: RatingsSettings,
  /**
   * Where `store` keeps its data, for the worker to read the rows itself: its
   * PostgreSQL URL, or its SQLite file (not ':memory:'). Without it the rows
   * are read here and posted on.
   */
  source?: StoreConfig,
): { fit: FitControlled; close: () => Promise<void> } {
  const url = source?.databaseUrl || undefined;
  const path = !url && source?.dbPath && source.dbPath !== ':memory:' ? source.dbPath : undefined;
  let worker: Worker | null = null;
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();
  let current: { id: number; resolve: (c: LeaderboardControl) => void; reject: (e: Error) => void } | null = null;

  const start = (): Worker => {
    const w = startTsWorker(serverModuleUrl('server/leaderboard/controlled-worker'));
    w.unref();
    w.on('message', (m: { id: number; result?: LeaderboardControl; error?: string }) => {
      if (current?.id !== m.id) return;
      if (m.error !== undefined) current.reject(new Error(`the controlled fit failed: ${m.error}`));
      else current.resolve(m.result!);
      current = null;
    });
    const fail = (e: Error) => {
      if (worker === w) worker = null;
      current?.reject(e);
      current = null;
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the controlled-fit worker stopped (exit code ${code})`)));
    return w;
  };

  const runOne = async (request: ControlledFitRequest): Promise<LeaderboardControl> => {
    const w = (worker ??= start());
    const id = nextId++;
    const done = new Promise<LeaderboardControl>((resolve, reject) => (current = { id, resolve, reject }));
    // Reading stops early when the worker has already failed this fit.
    let failed = false;
    done.catch(() => (failed = true));
    if (url) {
      w.postMessage({ type: 'fit-postgres', id, request, settings, url } satisfies ControlledWorkerMessage);
      return done;
    }
    if (path) {
      w.postMessage({ type: 'fit-sqlite', id, request, settings, path } satisfies ControlledWorkerMessage);
      return done;
    }
    w.postMessage({ type: 'start', id, request, settings } satisfies ControlledWorkerMessage);
    try {
      await readControlRows(store, request, (rows) => {
        if (!failed) w.postMessage({ type: 'rows', id, rows } satisfies ControlledWorkerMessage);
      });
    } catch (e) {
      // The store failed mid-read: this fit is abandoned (the worker drops it at the next start).
      if (current?.id === id) current = null;
      throw e;
    }
    w.postMessage({ type: 'finish', id } satisfies ControlledWorkerMessage);
    return done;
  };

  return {
    fit: (request) => {
      const result = queue.then(() => runOne(request));
      queue = result.catch(() => undefined);
      return result;
    },
    close: async () => {
      const w = worker;
      worker = null;
      await w?.terminate();
    },
  };
}
