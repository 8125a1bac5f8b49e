import type { AppEnv } from './app-env.ts';
import { ConfigError } from './load-config.ts';

export interface ScaleConfig {
  /** Processes serving the port on this machine (VERSUS_WORKERS); 1 is no cluster. */
  workers: number;
  /** The Redis every node shares (VERSUS_REDIS_URL); none: everything shared lives in this process. */
  redisUrl: string | undefined;
  /** Prefix of every key and channel in that Redis. */
  redisPrefix: string;
}

export const DEFAULT_REDIS_PREFIX = 'versus:';

/**
 * Several workers need what several machines need: one database every process
 * writes (PostgreSQL), and Redis for what would otherwise live in one process's
 * memory (rate limits, the rating refit, stops of battles streaming elsewhere).
 * SQLite with workers is refused rather than half-working: its one writer
 * would be shared, but each process's limits and leaderboard would not.
 */
export function scaleConfigOf(env: AppEnv, databaseUrl: string | undefined): ScaleConfig {
  const workers = env.VERSUS_WORKERS ?? 1;
  if (workers > 1 && !databaseUrl) {
    throw new ConfigError(
      `VERSUS_WORKERS=${workers} needs PostgreSQL (VERSUS_DATABASE_URL) and Redis (VERSUS_REDIS_URL): ` +
        'SQLite serves one process; unset VERSUS_WORKERS, or see README, Scaling out',
    );
  }
  if (workers > 1 && !env.VERSUS_REDIS_URL) {
    throw new ConfigError(
      `VERSUS_WORKERS=${workers} needs Redis (VERSUS_REDIS_URL) so that the workers share rate limits, the rating refit and stops; ` +
        'see README, Scaling out',
    );
  }
  return { workers, redisUrl: env.VERSUS_REDIS_URL, redisPrefix: env.VERSUS_REDIS_PREFIX ?? DEFAULT_REDIS_PREFIX };
}
