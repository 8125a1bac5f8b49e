import { SlotLimiter } from '../limits/slot-limiter.ts';
import { TokenBuckets } from '../limits/token-bucket.ts';
import type { SharedState } from './shared-state.ts';

/** One node alone: limits in this process's memory, nobody else to tell. */
export function memorySharedState(): SharedState {
  return {
    kind: 'memory',
    nodeId: 'local',
    rateLimit: (_name, spec) => new TokenBuckets(spec),
    slotLimit: (_name, spec) => new SlotLimiter(spec),
    ratings: undefined,
    voteRecorded: () => {},
    stopElsewhere: () => Promise.resolve(),
    healthKick: () => {},
    listen: () => {},
    close: () => Promise.resolve(),
  };
}
