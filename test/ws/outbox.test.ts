import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { socketCork } from '../../server/ws/socket-cork.ts';
import { createOutbox } from '../../server/ws/outbox.ts';
import { ServerMessage } from '../../shared/protocol.ts';
import { wsText } from '../helpers/ws-text.ts';

const id = 'b'.repeat(22);
const delta = (side: 'a' | 'b', text: string): ServerMessage => ({ type: 'delta', battleId: id, turn: 0, side, text });
const live = (side: 'a' | 'b'): ServerMessage => ({
  type: 'live',
  battleId: id,
  turn: 0,
  side,
  ttftMs: 12,
  elapsedMs: 40,
  outputTokensEstimate: 3,
  tokensPerSecondEstimate: null,
});
const turnEnded: ServerMessage = { type: 'turn-ended', battleId: id, turn: 0, votable: true };
const nextTurn = () => new Promise((r) => setImmediate(r));

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

  it('corks from the first frame of a tick until the tick ends, so every frame of the tick shares one write', async () => {
    const writes: string[][] = [];
    let held: string[] | undefined;
    const box = createOutbox({
      sendFrame: (f) => (held ?? writes[writes.push([]) - 1]!).push(f),
      cork: {
        cork: () => (held = []),
        uncork: () => {
          writes.push(held!);
          held = undefined;
        },
      },
      bufferedAmount: () => 0,
      maxBufferedBytes: 1e6,
      onOverflow: () => {},
    });
    box.send(delta('a', 'x'));
    box.send(delta('b', 'y'));
    await nextTurn();
    box.send(delta('a', 'z'));
    box.send(live('a'));
    box.send(turnEnded);
    box.send(delta('b', 'next'));
    await nextTurn();
    const parsed = writes.map((w) => w.map((f) => JSON.parse(f) as ServerMessage));
    expect(parsed).toEqual([[delta('a', 'x'), delta('b', 'y')], [delta('a', 'z'), live('a'), turnEnded], [delta('b', 'next')]]);
  });

  it('still drops a slow client while corked, and sends nothing after', async () => {
    let buffered = 0;
    let overflowed = 0;
    const frames: string[] = [];
    const box = createOutbox({
      sendFrame: (f) => {
        frames.push(f);
        buffered += f.length;
      },
      cork: { cork: () => {}, uncork: () => {} },
      bufferedAmount: () => buffered,
      maxBufferedBytes: 100,
      onOverflow: () => overflowed++,
    });
    box.send(delta('a', 'x'.repeat(150)));
    box.send(delta('b', 'y'));
    await nextTurn();
    box.send(delta('a', 'more'));
    await nextTurn();
    expect(frames).toHaveLength(1);
    expect(overflowed).toBe(1);
  });
});

describe('outbox over a real ws socket, corked', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  /** A ws server whose first connection gets an outbox (corked like the arena's, by default); counts its TCP writes. */
  async function corkedPair(corked = true) {
    const server = http.createServer();
    const wss = new WebSocketServer({ server });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(async () => {
      wss.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });
    const serverSide = new Promise<{ box: ReturnType<typeof createOutbox>; tcpWrites: () => number }>((resolve) =>
      wss.once('connection', (ws) => {
        // Counts, without changing, the calls that reach the kernel: one per write or writev.
        const tcp = (ws as unknown as { _socket: { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void } })._socket;
        let calls = 0;
        for (const name of ['_write', '_writev'] as const) {
          const original = tcp[name].bind(tcp);
          tcp[name] = (...a: unknown[]) => {
            calls++;
            original(...a);
          };
        }
        const box = createOutbox({
          sendFrame: (f) => ws.send(f),
          ...(corked ? { cork: socketCork(ws) } : {}),
          bufferedAmount: () => ws.bufferedAmount,
          maxBufferedBytes: 1e6,
          onOverflow: () => ws.close(1013),
          validate: (m) => void ServerMessage.parse(m),
        });
        resolve({ box, tcpWrites: () => calls });
      }),
    );
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, { perMessageDeflate: false });
    cleanup.push(() => Promise.resolve(client.terminate()));
    const received: ServerMessage[] = [];
    client.on('message', (data) => received.push(ServerMessage.parse(JSON.parse(wsText(data)))));
    await new Promise((r) => client.once('open', r));
    return { ...(await serverSide), received };
  }

  it('sends the frames of one turn in one TCP write, each arriving whole and in order', async () => {
    const { box, tcpWrites, received } = await corkedPair();
    const before = tcpWrites();
    box.send(delta('a', 'Hel'));
    box.send(delta('b', 'Bon'));
    box.send(delta('a', 'lo'));
    box.send(delta('b', 'jour'));
    box.send(live('a'));
    box.send(live('b'));
    box.send(turnEnded);
    await nextTurn();
    expect(tcpWrites() - before).toBe(1);
    await expect.poll(() => received.length).toBe(5);
    expect(received).toEqual([delta('a', 'Hello'), delta('b', 'Bonjour'), live('a'), live('b'), turnEnded]);
  });

  it('without the cork, the same frames take a TCP write each (the control for the count above)', async () => {
    const { box, tcpWrites, received } = await corkedPair(false);
    const before = tcpWrites();
    box.send(delta('a', 'x'));
    box.send(live('a'));
    box.send(turnEnded);
    expect(tcpWrites() - before).toBe(3);
    await expect.poll(() => received.length).toBe(3);
    expect(received).toEqual([delta('a', 'x'), live('a'), turnEnded]);
  });
});
