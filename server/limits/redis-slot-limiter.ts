import type { Logger } from '../logger.ts';
import type { RedisClient } from '../scale/redis-client.ts';
import type { SlotLimit } from './slot-limit.ts';
import { SlotLimiter, type SlotGrant, type SlotSpec } from './slot-limiter.ts';

/**
 * Checks a key's holdings on every live node against the per-key cap and, when
 * there is room, writes this node's own count (which already includes the slot
 * asked for). A node's counts are one hash (`<prefix>node:<nodeId>`) that
 * expires unless renewed, and the live nodes a sorted set (`<prefix>nodes`)
 * scored by when each one's lease ends: a node that dies stops renewing, and
 * after the lease its counts no longer count. The script reads the other
 * nodes' hashes by name, which one Redis allows and Redis Cluster would not
 * (they may live on other shards): Versus shares one Redis.
 *
 * KEYS: nodes, this node's hash. ARGV: key, perKey, nodeId, leaseMs, node hash prefix, this node's count.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local held = tonumber(ARGV[6])
for _, node in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if node ~= ARGV[3] then held = held + (tonumber(redis.call('HGET', ARGV[5] .. node, ARGV[1])) or 0) end
end
if held > tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[6])
redis.call('PEXPIRE', KEYS[2], lease)
redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
redis.call('PEXPIRE', KEYS[1], lease)
return 1
`;

/**
 * Replaces this node's hash with what it holds now and renews its lease: any
 * write that was lost (Redis away at a release, a reply that came too late) is
 * put right within one renewal. KEYS: nodes, this node's hash. ARGV: nodeId,
 * leaseMs, then key, count pairs.
 */
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[2])
redis.call('DEL', KEYS[2])
if #ARGV > 2 then
  redis.call('HSET', KEYS[2], unpack(ARGV, 3))
  redis.call('PEXPIRE', KEYS[2], lease)
end
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], lease)
return 1
`;

export interface RedisSlotLimiterOptions {
  /** Of this limiter's keys (e.g. `versus:slots:connections:`). */
  keyPrefix: string;
  nodeId: string;
  spec: SlotSpec;
  log: Logger;
  /** How long a node's counts outlive its last renewal (default 30 s); renewed every third of it. */
  leaseMs?: number;
  /** Past this, an acquire does not wait for Redis and decides on this node's counts alone (default 1 s). */
  answerWithinMs?: number;
}

/**
 * A SlotLimiter whose per-key cap holds across every node sharing one Redis
 * (one client address gets `perKey` websockets in all, not per node). The
 * total stays per node: it bounds this process's file descriptors and its
 * event loop's work, which other nodes do not share.
 *
 * This node's counts are the truth it writes to Redis, never increments: each
 * write sets a key's count to what this node holds, so a lost or reordered
 * write is undone by the next one. While Redis does not answer, the caps hold
 * per node rather than not at all (as RedisTokenBuckets does).
 */
export class RedisSlotLimiter implements SlotLimit {
  private readonly local: SlotLimiter;
  private readonly leaseMs: number;
  private readonly timer: NodeJS.Timeout;
  private failing = false;
  private closed = false;

  constructor(
    private readonly client: RedisClient,
    private readonly opts: RedisSlotLimiterOptions,
  ) {
    this.local = new SlotLimiter(opts.spec);
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.timer = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
  }

  async acquire(key: string): Promise<SlotGrant> {
    // The total and this node's own share first: no need to ask Redis to refuse those.
    const mine = this.local.acquire(key);
    if (!mine.ok || this.closed) return mine;
    const grant: SlotGrant = { ok: true, release: once(() => (mine.release(), this.write(key))) };
    let room: boolean;
    try {
      room = await withinMs(
        this.client.eval(ACQUIRE, {
          keys: [this.nodesKey, this.nodeKey],
          arguments: [
            key,
            String(this.opts.spec.perKey),
            this.opts.nodeId,
            String(this.leaseMs),
            `${this.opts.keyPrefix}node:`,
            String(this.local.heldBy(key)),
          ],
        }),
        this.opts.answerWithinMs ?? 1_000,
      ).then((r) => Number(r) === 1);
      this.answered();
    } catch (e) {
      this.failed(e);
      return grant;
    }
    if (room) return grant;
    grant.release();
    return { ok: false, full: 'key' };
  }

  /** Leaves the other nodes at once rather than after the lease. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await Promise.allSettled([this.client.zRem(this.nodesKey, this.opts.nodeId), this.client.del(this.nodeKey)]);
  }

  /** Renews this node's lease with every count it holds (run on a timer; a test may call it). */
  async renew(): Promise<void> {
    if (this.closed) return;
    const counts = this.local.counts().flatMap(([k, n]) => [k, String(n)]);
    try {
      await this.client.eval(RENEW, {
        keys: [this.nodesKey, this.nodeKey],
        arguments: [this.opts.nodeId, String(this.leaseMs), ...counts],
      });
      this.answered();
    } catch (e) {
      this.failed(e);
    }
  }

  private get nodesKey(): string {
    return `${this.opts.keyPrefix}nodes`;
  }

  private get nodeKey(): string {
    return `${this.opts.keyPrefix}node:${this.opts.nodeId}`;
  }

  /** Sets a key's count in Redis to this node's, in the background (a failure is put right by the next renewal). */
  private write(key: string): void {
    if (this.closed) return;
    const n = this.local.heldBy(key);
    const done = n > 0 ? this.client.hSet(this.nodeKey, key, String(n)) : this.client.hDel(this.nodeKey, key);
    void done.then(
      () => this.answered(),
      (e: unknown) => this.failed(e),
    );
  }

  private answered(): void {
    if (this.failing) this.opts.log.info('Redis answers again: connection caps are shared across nodes once more');
    this.failing = false;
  }

  private failed(e: unknown): void {
    if (!this.failing) this.opts.log.error('Redis connection cap failed; capping per node until it answers', e);
    this.failing = true;
  }
}

function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    f();
  };
}

/** The promise's answer, or a rejection once `ms` have passed (the promise itself runs on). */
function withinMs<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, rej) => {
    timer = setTimeout(() => rej(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
