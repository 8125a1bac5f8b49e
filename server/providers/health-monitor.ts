import type { Logger } from '../logger.ts';

export interface HealthMonitorOptions {
  /** Time between looks (ms); 0 = never look again on its own. */
  intervalMs: number;
  /** The shortest time between two looks, however often `kick` is called. */
  minGapMs?: number;
  /** One look: probe everything again and adopt what it finds. Its failures are logged, never thrown. */
  look: () => Promise<void>;
  log: Logger;
}

export interface HealthMonitor {
  /** Look soon (a battle just failed with a network error): at once, or as soon as the gap allows. */
  kick(): void;
  /** No more looks; resolves when a running one has finished. */
  stop(): Promise<void>;
}

/**
 * Keeps endpoint health live: looks again every `intervalMs`, and soon after a
 * `kick`, one look at a time. A server started after Versus appears, and a
 * dead one disappears, with no restart.
 */
export function startHealthMonitor(o: HealthMonitorOptions): HealthMonitor {
  const minGap = o.minGapMs ?? 2_000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let lastStart = -Infinity;
  let stopped = false;

  const schedule = (delay: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, Math.max(0, delay));
    timer.unref();
  };

  function run(): void {
    timer = null;
    if (stopped || running) return;
    lastStart = performance.now();
    running = o
      .look()
      .catch((e: unknown) => o.log.error('endpoint health check failed', e))
      .finally(() => {
        running = null;
        if (o.intervalMs > 0) schedule(o.intervalMs);
      });
  }

  if (o.intervalMs > 0) schedule(o.intervalMs);
  return {
    kick() {
      if (stopped || running) return;
      schedule(lastStart + minGap - performance.now());
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
