import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { RatedVote } from '../../db/battle-store.ts';
import type { Side } from '../../shared/protocol.ts';
import { RATINGS_MODES, type RatingsMode } from '../leaderboard/leaderboard-service.ts';
import type { RatingsSharing, SharedSnapshot } from '../leaderboard/ratings-sharing.ts';
import { RedisSlotLimiter } from '../limits/redis-slot-limiter.ts';
import type { SlotSpec } from '../limits/slot-limiter.ts';
import { RedisTokenBuckets } from '../limits/redis-token-buckets.ts';
import type { Logger } from '../logger.ts';
import { PeerMessage, SharedSnapshotMessage } from './peer-message.ts';
import { connectRedis, type RedisClient } from './redis-client.ts';
import { RedisLock } from './redis-lock.ts';
import type { PeerHandlers, SharedState } from './shared-state.ts';

export interface RedisSharedStateOptions {
  url: string;
  /** Of every key and channel. */
  prefix: string;
  log: Logger;
  /** How long the refit lock outlives a holder that stopped renewing it (default 15 s). */
  lockTtlMs?: number;
  /** Votes arriving within this long are refitted once (default 250 ms). */
  refitDelayMs?: number;
}

/** A JSON message from another node, parsed: anything else on the channel is ignored. */
function parsePeer(raw: string): PeerMessage | null {
  try {
    const r = PeerMessage.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/**
 * What nodes share through one Redis: token buckets (keys `<prefix>limit:…`),
 * per-client caps on open connections and exports (`<prefix>slots:…`),
 * a lease on the rating refit (`<prefix>ratings:lock`), the latest published
 * snapshot per mode (`<prefix>ratings:<mode>`), and one pub/sub channel
 * (`<prefix>peers`) for votes, recounts, snapshots, stops and endpoint failures.
 */
export class RedisSharedState implements SharedState, RatingsSharing {
  readonly kind = 'redis' as const;
  readonly nodeId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  readonly ratings: RatingsSharing = this;
  private readonly adopted = new Map<RatingsMode, SharedSnapshot>();
  private readonly lock: RedisLock;
  private leading = false;
  private handlers: PeerHandlers | undefined;
  private lockTimer: NodeJS.Timeout | undefined;
  private refitTimer: NodeJS.Timeout | undefined;
  /** Set while a recount another node asked for starts here, so it is not announced back. */
  private peerRebuild = false;
  private closed = false;
  private readonly slotLimits: RedisSlotLimiter[] = [];

  private constructor(
    private readonly client: RedisClient,
    private readonly sub: RedisClient,
    private readonly opts: RedisSharedStateOptions,
  ) {
    this.lock = new RedisLock(client, this.key('ratings:lock'), this.nodeId, opts.lockTtlMs ?? 15_000);
  }

  static async open(opts: RedisSharedStateOptions): Promise<RedisSharedState> {
    const onError = (e: unknown) => opts.log.error('Redis connection failed; retrying', e);
    const client = await connectRedis(opts.url, onError);
    let sub: RedisClient;
    try {
      sub = await connectRedis(opts.url, onError);
    } catch (e) {
      client.destroy();
      throw e;
    }
    const state = new RedisSharedState(client, sub, opts);
    // Snapshots published before this node started are served until the next refit.
    for (const mode of RATINGS_MODES) {
      const raw = await client.get(state.key(`ratings:${mode}`));
      const snap = raw ? SharedSnapshotMessage.safeParse(JSON.parse(raw)) : null;
      if (snap?.success) state.adopted.set(mode, snap.data);
    }
    return state;
  }

  /** Whether this node holds the refit lease now. */
  get isRefitting(): boolean {
    return this.leading;
  }

  rateLimit(name: string, spec: { burst: number; perMinute: number }): RedisTokenBuckets {
    return new RedisTokenBuckets(this.client, this.key(`limit:${name}:`), spec, this.opts.log);
  }

  slotLimit(name: string, spec: SlotSpec): RedisSlotLimiter {
    const limiter = new RedisSlotLimiter(this.client, {
      keyPrefix: this.key(`slots:${name}:`),
      nodeId: this.nodeId,
      spec,
      log: this.opts.log,
    });
    this.slotLimits.push(limiter);
    return limiter;
  }

  listen(handlers: PeerHandlers): void {
    this.handlers = handlers;
    void this.sub
      .subscribe(this.key('peers'), (raw) => this.hear(raw))
      .catch((e: unknown) => this.opts.log.error('Redis subscribe failed', e));
    const ttl = this.opts.lockTtlMs ?? 15_000;
    void this.holdLock();
    this.lockTimer = setInterval(() => void this.holdLock(), Math.max(50, Math.floor(ttl / 3)));
    this.lockTimer.unref();
  }

  follow(mode: RatingsMode): SharedSnapshot | undefined {
    return this.leading ? undefined : this.adopted.get(mode);
  }

  computed(mode: RatingsMode, snapshot: SharedSnapshot): void {
    if (!this.leading || this.closed) return;
    this.adopted.set(mode, snapshot);
    const body = JSON.stringify(snapshot);
    void this.client
      .set(this.key(`ratings:${mode}`), body)
      .then(() => this.publish({ type: 'ratings', from: this.nodeId, mode, snapshot }))
      .catch((e: unknown) => this.opts.log.error('could not publish the ratings to Redis', e));
  }

  rebuilding(done: Promise<void>): void {
    if (!this.peerRebuild) this.publish({ type: 'rebuild', from: this.nodeId });
    void done.then(
      () => this.refitSoon(),
      () => {},
    );
  }

  voteRecorded(v: RatedVote): void {
    this.publish({ type: 'vote', from: this.nodeId, vote: v });
    this.refitSoon();
  }

  async stopElsewhere(battleId: string, side: Side | undefined): Promise<void> {
    await this.publishNow({ type: 'stop', from: this.nodeId, battleId, ...(side ? { side } : {}) });
  }

  healthKick(): void {
    this.publish({ type: 'health-kick', from: this.nodeId });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.lockTimer);
    clearTimeout(this.refitTimer);
    // The next node takes the refit at once rather than after the lease runs out.
    if (this.leading) await this.lock.release().catch(() => {});
    this.leading = false;
    // This node's open connections leave the shared counts now, not a lease later.
    await Promise.allSettled(this.slotLimits.map((l) => l.close()));
    await Promise.allSettled([this.sub.close(), this.client.close()]);
  }

  private key(name: string): string {
    return `${this.opts.prefix}${name}`;
  }

  private publish(m: PeerMessage): void {
    void this.publishNow(m).catch((e: unknown) => this.opts.log.error(`could not tell the other nodes (${m.type})`, e));
  }

  private async publishNow(m: PeerMessage): Promise<void> {
    if (this.closed) return;
    await this.client.publish(this.key('peers'), JSON.stringify(m));
  }

  private hear(raw: string): void {
    const m = parsePeer(raw);
    const h = this.handlers;
    if (!m || !h || m.from === this.nodeId || this.closed) return;
    switch (m.type) {
      case 'vote':
        h.vote(m.vote);
        this.refitSoon();
        return;
      case 'rebuild':
        this.peerRebuild = true;
        try {
          h.rebuild();
        } finally {
          this.peerRebuild = false;
        }
        return;
      case 'ratings': {
        const had = this.adopted.get(m.mode);
        if (!had || had.computedAt <= m.snapshot.computedAt) this.adopted.set(m.mode, m.snapshot);
        return;
      }
      case 'stop':
        h.stop(m.battleId, m.side);
        return;
      case 'health-kick':
        h.healthKick();
        return;
    }
  }

  private async holdLock(): Promise<void> {
    if (this.closed) return;
    const was = this.leading;
    try {
      this.leading = await this.lock.hold();
    } catch (e) {
      // Without Redis this node cannot know whether another refits: it stops publishing, and serves what it has.
      this.leading = false;
      if (was) this.opts.log.error('lost the ratings lease (Redis failed)', e);
    }
    if (this.closed) return;
    if (this.leading && !was) {
      this.opts.log.info(`This node (${this.nodeId}) now refits the ratings for all nodes`);
      // The last holder may have died between storing votes and telling the others: every node recounts from the
      // store (announced by `rebuilding`), and the refit follows.
      if (this.handlers) this.handlers.rebuild();
      else this.refitSoon();
    }
  }

  private refitSoon(): void {
    if (!this.leading || this.closed || this.refitTimer) return;
    this.refitTimer = setTimeout(() => {
      this.refitTimer = undefined;
      if (this.leading && !this.closed) this.handlers?.refit();
    }, this.opts.refitDelayMs ?? 250);
    this.refitTimer.unref();
  }
}
