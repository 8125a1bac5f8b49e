import cluster from 'node:cluster';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/**
 * The load bench's stats hook for a clustered server (bench/load.bench.ts):
 * preloaded with `--import` into the primary, and into every worker since
 * node:cluster forks them with the primary's execArgv. The server's own code
 * knows nothing of it. A cluster worker's IPC channel belongs to the primary,
 * so the bench asks by signal instead: on SIGUSR2 each process writes its
 * figures since the previous SIGUSR2 (or since it started) to
 * `$VERSUS_LOAD_STATS_DIR/<pid>.json`, numbered by `seq`, and starts the next
 * interval. The file is written whole and then renamed, so a reader never sees
 * half of it. Without VERSUS_LOAD_STATS_DIR the hook does nothing.
 */

export interface HookStats {
  pid: number;
  role: 'primary' | 'worker';
  /** 1 for the first answer, then one more per SIGUSR2. */
  seq: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** CPU time (user + system, V8's helper threads included) since the previous answer. */
  cpuMs: number;
  wallMs: number;
  loopP50Ms: number;
  loopP99Ms: number;
  loopMaxMs: number;
}

const dir = process.env.VERSUS_LOAD_STATS_DIR;
if (dir) {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let cpu0 = process.cpuUsage();
  let t0 = performance.now();
  let seq = 0;
  process.on('SIGUSR2', () => {
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage(cpu0);
    const stats: HookStats = {
      pid: process.pid,
      role: cluster.isPrimary ? 'primary' : 'worker',
      seq: ++seq,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      heapTotal: mem.heapTotal,
      external: mem.external,
      cpuMs: (cpu.user + cpu.system) / 1000,
      wallMs: performance.now() - t0,
      loopP50Ms: loop.percentile(50) / 1e6,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
    };
    const file = join(dir, `${process.pid}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(stats));
    renameSync(`${file}.tmp`, file);
    loop.reset();
    cpu0 = process.cpuUsage();
    t0 = performance.now();
  });
}
