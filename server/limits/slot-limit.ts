import type { SlotGrant } from './slot-limiter.ts';

/**
 * Something a client holds for a while (an open websocket, a running export),
 * counted per key and refused past a cap. In one process (SlotLimiter) it
 * answers at once; shared across nodes (RedisSlotLimiter) it asks Redis.
 */
export interface SlotLimit {
  acquire(key: string): SlotGrant | Promise<SlotGrant>;
}
