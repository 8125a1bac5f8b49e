import type { RedisClient } from './redis-client.ts';

/** Extends the lock only while this holder's token is still the one stored. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes the lock only while this holder's token is still the one stored: never another holder's. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * A lease one node at a time holds: SET NX PX with a token of its own, renewed
 * before it expires, released only by its holder. A holder that dies or loses
 * Redis lets it expire after `ttlMs`, and another node takes it.
 */
export class RedisLock {
  constructor(
    private readonly client: RedisClient,
    private readonly key: string,
    private readonly token: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes the lock, or renews it if this holder has it; true while this holder holds it. */
  async hold(): Promise<boolean> {
    const renewed = await this.client.eval(RENEW, { keys: [this.key], arguments: [this.token, String(this.ttlMs)] });
    if (Number(renewed) === 1) return true;
    const taken = await this.client.set(this.key, this.token, { condition: 'NX', expiration: { type: 'PX', value: this.ttlMs } });
    return taken === 'OK';
  }

  async release(): Promise<void> {
    await this.client.eval(RELEASE, { keys: [this.key], arguments: [this.token] });
  }

  /** Who holds it now (a token), if anyone. */
  holder(): Promise<string | null> {
    return this.client.get(this.key);
  }
}
