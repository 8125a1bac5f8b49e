import { parentPort } from 'node:worker_threads';
import { ControlledFitJob } from './controlled-fit-job.ts';
import { openPostgresStore } from '../../db/postgres/open-postgres-store.ts';
import type { Store } from '../../db/store.ts';
import { CONTROL_PAGE, readControlRows, type ControlledWorkerMessage } from './controlled-fitter.ts';
import { readSqliteControlRows } from './sqlite-control-rows.ts';

/**
 * Runs style- and speed-controlled fits off the main thread: a 1,000-round
 * bootstrap over a million battles takes seconds, which on the main thread
 * would hold every request and stream for as long. One job at a time: its
 * rows arrive page by page, then `finish` fits and answers; or, on SQLite,
 * `fit-sqlite` reads them here from the file.
 */
let job: { id: number; fit: ControlledFitJob } | null = null;
let pgStore: { url: string; store: Promise<Store> } | null = null;

/** One connection to the server's PostgreSQL, opened at the first fit (its migrations are already done: a no-op). */
function postgres(url: string): Promise<Store> {
  if (pgStore?.url !== url) pgStore = { url, store: openPostgresStore(url, { maxConnections: 1 }) };
  const opened = pgStore.store;
  opened.catch(() => (pgStore = null));
  return opened;
}

parentPort!.on('message', (m: ControlledWorkerMessage) => {
  try {
    if (m.type === 'start') {
      job = { id: m.id, fit: new ControlledFitJob(m.request, m.settings) };
      return;
    }
    if (m.type === 'fit-postgres') {
      // The rows read here, on a connection of this worker's own: the driver's parsing stays off the main thread too.
      const fit = new ControlledFitJob(m.request, m.settings);
      const id = m.id;
      void postgres(m.url)
        .then((store) => readControlRows(store.battles, m.request, (rows) => fit.add(rows)))
        .then(() => parentPort!.postMessage({ id, result: fit.finish() }))
        .catch((e: unknown) => parentPort!.postMessage({ id, error: (e as Error).message }));
      return;
    }
    if (m.type === 'fit-sqlite') {
      // The rows read here, from the file: nothing of this fit runs on the main thread.
      const fit = new ControlledFitJob(m.request, m.settings);
      readSqliteControlRows(m.path, m.request, CONTROL_PAGE, (rows) => fit.add(rows));
      parentPort!.postMessage({ id: m.id, result: fit.finish() });
      return;
    }
    if (job?.id !== m.id) throw new Error(`controlled fit ${m.id} was not started here`);
    if (m.type === 'rows') {
      job.fit.add(m.rows);
      return;
    }
    const result = job.fit.finish();
    job = null;
    parentPort!.postMessage({ id: m.id, result });
  } catch (e) {
    job = null;
    parentPort!.postMessage({ id: m.id, error: (e as Error).message });
  }
});
