import { parentPort, type Worker } from 'node:worker_threads';
import { startTsWorker } from './start-ts-worker.ts';

/** What a job worker's module posts back for each job: its id, and a result or an error message. */
export interface JobReply<R> {
  id: number;
  result?: R;
  error?: string;
}

/**
 * Jobs posted to one worker thread (started on the first job), each answered
 * by id; when the worker cannot start, dies or fails a job, that job and every
 * later one run on the calling thread (`inline`), slower for streams but
 * never a failed answer. `inlineRuns` counts them: 0 is the point (tested).
 */
export function createJobWorker<J extends { id: number }, R>(
  module: URL,
  inline: (job: J) => Promise<R>,
): { run: (job: Omit<J, 'id'>) => Promise<R>; close: () => Promise<void>; inlineRuns: () => number } {
  let worker: Worker | null = null;
  let broken = false;
  let inlineRuns = 0;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: R) => void; reject: (e: Error) => void }>();
  const start = (): Worker => {
    const w = startTsWorker(module);
    w.unref();
    w.on('message', (m: JobReply<R>) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.result!);
    });
    w.on('error', (e) => {
      broken = true;
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
    return w;
  };
  const here = (job: J): Promise<R> => {
    inlineRuns++;
    return inline(job);
  };
  return {
    run: (body) => {
      const job = { ...body, id: nextId++ } as J;
      if (broken) return here(job);
      worker ??= start();
      return new Promise<R>((resolve, reject) => {
        pending.set(job.id, { resolve, reject });
        worker!.postMessage(job);
      }).catch(() => here(job));
    },
    inlineRuns: () => inlineRuns,
    close: async () => {
      await worker?.terminate();
      worker = null;
    },
  };
}

/** The worker's side: answers each job posted to this thread with `handle`'s result, or its error's message. */
export function serveJobs<J extends { id: number }, R>(handle: (job: J) => R): void {
  parentPort!.on('message', (job: J) => {
    try {
      parentPort!.postMessage({ id: job.id, result: handle(job) } satisfies JobReply<R>);
    } catch (e) {
      parentPort!.postMessage({ id: job.id, error: (e as Error).message } satisfies JobReply<R>);
    }
  });
}
