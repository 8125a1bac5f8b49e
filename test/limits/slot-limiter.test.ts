import { describe, expect, it } from 'vitest';
import { SlotLimiter } from '../../server/limits/slot-limiter.ts';

describe('SlotLimiter', () => {
  it('refuses past the per-key cap and past the total, and frees on release (once)', () => {
    const slots = new SlotLimiter({ perKey: 2, total: 3 });
    const a1 = slots.acquire('a');
    const a2 = slots.acquire('a');
    expect(slots.acquire('a')).toEqual({ ok: false, full: 'key' });
    const b1 = slots.acquire('b');
    expect(slots.acquire('c')).toEqual({ ok: false, full: 'total' });
    if (!a1.ok || !a2.ok || !b1.ok) throw new Error('expected grants');
    a1.release();
    a1.release();
    expect(slots.size).toBe(2);
    expect(slots.heldBy('a')).toBe(1);
    expect(slots.acquire('c').ok).toBe(true);
    a2.release();
    expect(slots.heldBy('a')).toBe(0);
  });
});
