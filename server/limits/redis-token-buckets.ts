import type { RedisClient } from '../scale/redis-client.ts';
import type { Logger } from '../logger.ts';
import type { RateLimit } from './rate-limit.ts';
import { TokenBuckets, type BucketSpec } from './token-bucket.ts';

/**
 * The token bucket of token-bucket.ts, kept in Redis so every node takes from
 * the same one. Redis's own clock refills it (nodes' clocks may disagree), and
 * the key expires once the bucket would be full again, so memory follows
 * active clients as in the in-memory version.
 */
const TAKE = `
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return wait
`;

export class RedisTokenBuckets implements RateLimit {
  /** While Redis cannot be reached, limits hold per node rather than not at all. */
  private readonly fallback: TokenBuckets;
  private failing = false;

  constructor(
    private readonly client: RedisClient,
    private readonly keyPrefix: string,
    private readonly spec: BucketSpec,
    private readonly log: Logger,
  ) {
    this.fallback = new TokenBuckets(spec);
  }

  async take(key: string): Promise<number> {
    try {
      const wait = await this.client.eval(TAKE, {
        keys: [`${this.keyPrefix}${key}`],
        arguments: [String(this.spec.burst), String(this.spec.perMinute / 60_000)],
      });
      if (this.failing) this.log.info('Redis answers again: rate limits are shared across nodes once more');
      this.failing = false;
      return Number(wait);
    } catch (e) {
      if (!this.failing) this.log.error('Redis rate limit failed; limiting per node until it answers', e);
      this.failing = true;
      return this.fallback.take(key);
    }
  }
}
