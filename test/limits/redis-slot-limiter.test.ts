import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSlotLimiter } from '../../server/limits/redis-slot-limiter.ts';
import type { SlotSpec } from '../../server/limits/slot-limiter.ts';
import { createLogger } from '../../server/logger.ts';
import { connectRedis, type RedisClient } from '../../server/scale/redis-client.ts';
import { testRedisUrl } from '../helpers/test-redis-url.ts';

/** Connection caps shared by nodes through the real Redis, under a key prefix of this test's own. */
const skip = process.env['VERSUS_TEST_REDIS_SKIP'] === '1';
const prefix = `versus-test:${randomBytes(6).toString('hex')}:`;
const log = createLogger('silent', []);
const clients: RedisClient[] = [];
const limiters: RedisSlotLimiter[] = [];

beforeAll(async () => {
  if (skip) return;
  clients.push(await connectRedis(testRedisUrl(), () => {}));
});

afterAll(async () => {
  if (skip) return;
  await Promise.allSettled(limiters.map((l) => l.close()));
  const redis = clients[0]!;
  for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) if (keys.length) await redis.del(keys);
  await Promise.allSettled(clients.map((c) => c.close()));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A node: its own Redis connection, as each process has. */
async function node(name: string, test: string, spec: SlotSpec, leaseMs = 30_000): Promise<RedisSlotLimiter> {
  const client = await connectRedis(testRedisUrl(), () => {});
  clients.push(client);
  const l = new RedisSlotLimiter(client, { keyPrefix: `${prefix}${test}:`, nodeId: name, spec, log, leaseMs });
  limiters.push(l);
  return l;
}

describe.skipIf(skip)('RedisSlotLimiter', () => {
  it('holds the per-key cap across nodes, frees a slot for any node on release, and keeps the total per node', async () => {
    const a = await node('a', 'caps', { perKey: 2, total: 3 });
    const b = await node('b', 'caps', { perKey: 2, total: 3 });
    const a1 = await a.acquire('10.0.0.1');
    const b1 = await b.acquire('10.0.0.1');
    if (!a1.ok || !b1.ok) throw new Error('expected grants');
    // Two held in all (one per node): a third is refused on either node.
    expect(await a.acquire('10.0.0.1')).toEqual({ ok: false, full: 'key' });
    expect(await b.acquire('10.0.0.1')).toEqual({ ok: false, full: 'key' });
    // Another address is counted apart.
    expect((await b.acquire('10.0.0.2')).ok).toBe(true);
    a1.release();
    a1.release(); // idempotent: one release frees one slot
    await sleep(50); // the release is written in the background
    const b2 = await b.acquire('10.0.0.1');
    expect(b2.ok).toBe(true);
    expect(await a.acquire('10.0.0.1')).toEqual({ ok: false, full: 'key' });
    // b now holds 3 (its total); a, holding nothing, still has its own total.
    expect(await b.acquire('10.0.0.3')).toEqual({ ok: false, full: 'total' });
    expect((await a.acquire('10.0.0.3')).ok).toBe(true);
  });

  it("forgets a dead node's holdings once its lease runs out, and a live node's renewals keep its own", async () => {
    const dead = await node('dead', 'lease', { perKey: 1, total: 10 }, 500);
    const deadRedis = clients.at(-1)!;
    const live = await node('live', 'lease', { perKey: 1, total: 10 }, 500);
    expect((await dead.acquire('x')).ok).toBe(true);
    expect((await live.acquire('y')).ok).toBe(true);
    expect(await live.acquire('x')).toEqual({ ok: false, full: 'key' });
    // The dead node's process is gone: no release, no close, no renewal reaches Redis.
    deadRedis.destroy();
    await sleep(800);
    expect((await live.acquire('x')).ok).toBe(true);
    // A renewal writes every count the live node holds, y among them: a third node is refused y.
    await live.renew();
    const third = await node('third', 'lease', { perKey: 1, total: 10 }, 500);
    expect(await third.acquire('y')).toEqual({ ok: false, full: 'key' });
  });

  it('puts right a count whose release was never written, at the next renewal', async () => {
    const a = await node('a', 'heal', { perKey: 1, total: 10 });
    const b = await node('b', 'heal', { perKey: 1, total: 10 });
    const held = await a.acquire('k');
    if (!held.ok) throw new Error('expected a grant');
    // As if a's release had been lost (Redis away at that moment): a's count for k is set back to 1 behind its back.
    held.release();
    await sleep(50);
    await clients[0]!.hSet(`${prefix}heal:node:a`, 'k', '1');
    expect(await b.acquire('k')).toEqual({ ok: false, full: 'key' });
    await a.renew();
    expect((await b.acquire('k')).ok).toBe(true);
  });

  it('caps per node while Redis does not answer, rather than not at all', async () => {
    const a = await node('a', 'down', { perKey: 1, total: 10 });
    clients.at(-1)!.destroy();
    expect((await a.acquire('k')).ok).toBe(true);
    expect(await a.acquire('k')).toEqual({ ok: false, full: 'key' });
  });

  it('leaves the shared counts at once on close', async () => {
    const a = await node('a', 'close', { perKey: 1, total: 10 });
    const b = await node('b', 'close', { perKey: 1, total: 10 });
    expect((await a.acquire('k')).ok).toBe(true);
    expect(await b.acquire('k')).toEqual({ ok: false, full: 'key' });
    await a.close();
    expect((await b.acquire('k')).ok).toBe(true);
  });
});
