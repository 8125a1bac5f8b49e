import type { ScaleConfig } from '../config/scale-config.ts';
import { ConfigError } from '../config/load-config.ts';
import type { Logger } from '../logger.ts';
import { memorySharedState } from './memory-shared-state.ts';
import type { SharedState } from './shared-state.ts';

/** Where a Redis URL points, without its password (for messages). */
function redisLocation(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** Redis when VERSUS_REDIS_URL is set (one that cannot be reached stops the start), this process's memory otherwise. */
export async function openSharedState(scale: ScaleConfig, log: Logger): Promise<SharedState> {
  if (!scale.redisUrl) return memorySharedState();
  try {
    // Imported here: a node without Redis never loads the client (about 0.3 s of start-up).
    const { RedisSharedState } = await import('./redis-shared-state.ts');
    return await RedisSharedState.open({ url: scale.redisUrl, prefix: scale.redisPrefix, log });
  } catch (e) {
    throw new ConfigError(`Redis at ${redisLocation(scale.redisUrl)} cannot be used: ${(e as Error).message}`, { cause: e });
  }
}
