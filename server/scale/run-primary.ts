import cluster, { type Worker } from 'node:cluster';

export interface PrimaryOptions {
  workers: number;
  say: (line: string) => void;
  /** A worker that died while serving is replaced after this long at least (default 1 s): no tight crash loop. */
  restartDelayMs?: number;
  /** Exit 1 if the workers have not all stopped this long after SIGTERM (default 15 s). */
  forceAfterMs?: number;
}

/**
 * The VERSUS_WORKERS primary: forks the workers (each a whole Versus, sharing
 * the one port through node:cluster), replaces one that dies while serving,
 * and on SIGTERM passes the signal on, so each worker shuts down gracefully
 * (graceful-shutdown.ts), then exits 0 once all have exited cleanly. A worker
 * that dies before it ever served (bad config, database down) would die again:
 * the primary stops everything instead of looping.
 */
export function runPrimary(opts: PrimaryOptions): void {
  const served = new Set<number>();
  let stopping = false;
  let failed = false;
  let announced = false;

  const fork = () => cluster.fork({ VERSUS_SKIP_CLIENT_BUILD: '1' });
  const alive = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());

  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    opts.say(why);
    for (const w of alive()) w.process.kill('SIGTERM');
    const force = setTimeout(() => {
      opts.say('Workers did not stop in time; exiting.');
      for (const w of alive()) w.process.kill('SIGKILL');
      process.exit(1);
    }, opts.forceAfterMs ?? 15_000);
    force.unref();
    if (alive().length === 0) process.exit(failed ? 1 : 0);
  };

  cluster.on('listening', (worker, address) => {
    served.add(worker.id);
    if (!announced && served.size === opts.workers) {
      announced = true;
      opts.say(`${opts.workers} workers share port ${address.port}`);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    const clean = code === 0 && signal === null;
    if (!clean && stopping) failed = true;
    if (!stopping) {
      if (!served.has(worker.id)) {
        failed = true;
        stop(`A worker exited (${code ?? signal}) before it served: stopping the others.`);
      } else {
        opts.say(`Worker ${worker.process.pid} died (${code ?? signal}); starting another.`);
        setTimeout(() => {
          if (!stopping) fork();
        }, opts.restartDelayMs ?? 1_000).unref();
      }
    }
    served.delete(worker.id);
    if (stopping && alive().length === 0) process.exit(failed ? 1 : 0);
  });
  process.on('SIGTERM', () => stop('SIGTERM: each worker finishes its running answers and closes…'));
  // Ctrl-C reaches every process of the terminal's group, the workers too: passing it on would be a second signal.
  process.on('SIGINT', () => {
    stopping = true;
  });

  for (let i = 0; i < opts.workers; i++) fork();
}
