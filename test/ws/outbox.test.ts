import { describe, expect, it } from 'vitest';
import { createOutbox } from '../../server/ws/outbox.ts';
import type { ServerMessage } from '../../shared/protocol.ts';

const id = 'b'.repeat(22);
const delta = (side: 'a' | 'b', text: string): ServerMessage => ({ type: 'delta', battleId: id, turn: 0, side, text });

describe('outbox', () => {
  it('joins deltas of one event-loop turn per side and keeps order with other messages', async () => {
    const frames: ServerMessage[] = [];
    const box = createOutbox({
      sendFrame: (f) => frames.push(JSON.parse(f) as ServerMessage),
      bufferedAmount: () => 0,
      maxBufferedBytes: 1e6,
      onOverflow: () => {},
    });
    box.send(delta('a', 'He'));
    box.send(delta('b', 'Yo'));
    box.send(delta('a', 'llo'));
    expect(frames).toHaveLength(0);
    await new Promise((r) => setImmediate(r));
    expect(frames).toEqual([delta('a', 'Hello'), delta('b', 'Yo')]);
    box.send(delta('a', '!'));
    box.send({ type: 'turn-ended', battleId: id, turn: 0, votable: true });
    // The pending delta goes out before the message that follows it.
    expect(frames.slice(2)).toEqual([delta('a', '!'), { type: 'turn-ended', battleId: id, turn: 0, votable: true }]);
  });

  it('drops a client whose socket buffer passes the limit instead of growing memory', () => {
    let buffered = 0;
    let overflowed = 0;
    const frames: string[] = [];
    const box = createOutbox({
      sendFrame: (f) => frames.push(f),
      bufferedAmount: () => buffered,
      maxBufferedBytes: 100,
      onOverflow: () => overflowed++,
    });
    box.send({ type: 'pong' });
    buffered = 101;
    box.send({ type: 'pong' });
    box.send({ type: 'pong' });
    expect(frames).toHaveLength(1);
    expect(overflowed).toBe(1);
  });
});
