/**
 * Takes one action's token for `key`: 0 when allowed, else the milliseconds
 * until one is available. In memory (TokenBuckets) it answers at once; shared
 * across nodes (RedisTokenBuckets) it asks Redis.
 */
export interface RateLimit {
  take(key: string): number | Promise<number>;
}
