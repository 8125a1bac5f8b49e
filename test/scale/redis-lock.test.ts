import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger.ts';
import { RedisTokenBuckets } from '../../server/limits/redis-token-buckets.ts';
import { connectRedis, type RedisClient } from '../../server/scale/redis-client.ts';
import { RedisLock } from '../../server/scale/redis-lock.ts';
import { testRedisUrl } from '../helpers/test-redis-url.ts';

/** The refit lease and the shared token bucket, against the real Redis, under a key prefix of this test's own. */
const skip = process.env['VERSUS_TEST_REDIS_SKIP'] === '1';
const prefix = `versus-test:${randomBytes(6).toString('hex')}:`;
let redis: RedisClient;

beforeAll(async () => {
  if (skip) return;
  redis = await connectRedis(testRedisUrl(), () => {});
});

afterAll(async () => {
  if (skip) return;
  for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) if (keys.length) await redis.del(keys);
  await redis.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip)('RedisLock', () => {
  it('is held by one holder at a time, renewed by it, and released only by it', async () => {
    const key = `${prefix}lock-1`;
    const one = new RedisLock(redis, key, 'one', 10_000);
    const two = new RedisLock(redis, key, 'two', 10_000);
    expect(await one.hold()).toBe(true);
    expect(await two.hold()).toBe(false);
    expect(await one.hold()).toBe(true);
    // Another holder's release leaves it alone.
    await two.release();
    expect(await one.holder()).toBe('one');
    await one.release();
    expect(await one.holder()).toBeNull();
    expect(await two.hold()).toBe(true);
  });

  it('passes to another holder once a holder stops renewing, and the old holder cannot take it back or end it', async () => {
    const key = `${prefix}lock-2`;
    const dead = new RedisLock(redis, key, 'dead', 300);
    const next = new RedisLock(redis, key, 'next', 10_000);
    expect(await dead.hold()).toBe(true);
    expect(await next.hold()).toBe(false);
    await sleep(450);
    expect(await next.hold()).toBe(true);
    expect(await dead.hold()).toBe(false);
    await dead.release();
    expect(await next.holder()).toBe('next');
  });
});

describe.skipIf(skip)('RedisTokenBuckets', () => {
  const log = createLogger('silent', []);

  it('spends one burst across instances sharing a prefix (as nodes do), apart per key and per prefix', async () => {
    const spec = { burst: 3, perMinute: 0.001 };
    const nodeA = new RedisTokenBuckets(redis, `${prefix}limit:a:`, spec, log);
    const nodeB = new RedisTokenBuckets(redis, `${prefix}limit:a:`, spec, log);
    const waits = [await nodeA.take('client'), await nodeB.take('client'), await nodeA.take('client'), await nodeB.take('client')];
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThan(60_000);
    expect(await nodeA.take('someone-else')).toBe(0);
    expect(await new RedisTokenBuckets(redis, `${prefix}limit:b:`, spec, log).take('client')).toBe(0);
  });

  it('limits per node, and says so once, while Redis cannot be reached', async () => {
    const lines: string[] = [];
    const gone = await connectRedis(testRedisUrl(), () => {});
    await gone.close();
    const b = new RedisTokenBuckets(
      gone,
      `${prefix}limit:gone:`,
      { burst: 1, perMinute: 0.001 },
      createLogger('error', [], (l) => lines.push(l)),
    );
    expect(await b.take('c')).toBe(0);
    expect(await b.take('c')).toBeGreaterThan(60_000);
    expect(lines.filter((l) => /limiting per node/.test(l))).toHaveLength(1);
  });

  it('refills at perMinute on Redis time', async () => {
    const b = new RedisTokenBuckets(redis, `${prefix}limit:refill:`, { burst: 1, perMinute: 600 }, log);
    expect(await b.take('c')).toBe(0);
    const wait = await b.take('c');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(100);
    await sleep(150);
    expect(await b.take('c')).toBe(0);
  });
});
