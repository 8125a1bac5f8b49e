import { parentPort } from 'node:worker_threads';
import { ControlledFitJob } from './controlled-fit-job.ts';
import type { ControlledWorkerMessage } from './controlled-fitter.ts';

/**
 * Runs style- and speed-controlled fits off the main thread: a 1,000-round
 * bootstrap over a million battles takes seconds, which on the main thread
 * would hold every request and stream for as long. One job at a time: its
 * rows arrive page by page, then `finish` fits and answers.
 */
let job: { id: number; fit: ControlledFitJob } | null = null;

parentPort!.on('message', (m: ControlledWorkerMessage) => {
  try {
    if (m.type === 'start') {
      job = { id: m.id, fit: new ControlledFitJob(m.request, m.settings) };
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
