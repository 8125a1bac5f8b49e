import { parentPort } from 'node:worker_threads';
import { ControlledFitJob } from './controlled-fit-job.ts';
import { CONTROL_PAGE, type ControlledWorkerMessage } from './controlled-fitter.ts';
import { readSqliteControlRows } from './sqlite-control-rows.ts';

/**
 * Runs style- and speed-controlled fits off the main thread: a 1,000-round
 * bootstrap over a million battles takes seconds, which on the main thread
 * would hold every request and stream for as long. One job at a time: its
 * rows arrive page by page, then `finish` fits and answers; or, on SQLite,
 * `fit-sqlite` reads them here from the file.
 */
let job: { id: number; fit: ControlledFitJob } | null = null;

parentPort!.on('message', (m: ControlledWorkerMessage) => {
  try {
    if (m.type === 'start') {
      job = { id: m.id, fit: new ControlledFitJob(m.request, m.settings) };
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
