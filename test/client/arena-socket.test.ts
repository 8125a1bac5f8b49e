import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerMessage } from '../../shared/protocol.ts';
import { arenaSocketUrl, backoffDelay, createArenaSocket } from '../../client/lib/arena-socket.ts';
import type { ConnectionStatus } from '../../client/lib/arena-state.ts';

/** A scripted stand-in for the browser's WebSocket. */
class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static instances: FakeWebSocket[] = [];
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
  receive(data: unknown) {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
}

function setup() {
  FakeWebSocket.instances = [];
  const timers: { fn: () => void; ms: number; id: number }[] = [];
  let nextId = 1;
  const statuses: ConnectionStatus[] = [];
  const messages: ServerMessage[] = [];
  const socket = createArenaSocket({
    url: 'ws://example.test/ws',
    onMessage: (m) => messages.push(m),
    onStatus: (s) => statuses.push(s),
    WebSocketImpl: FakeWebSocket as unknown as typeof WebSocket,
    random: () => 0.5,
    setTimer: (fn, ms) => {
      const t = { fn, ms, id: nextId++ };
      timers.push(t);
      return t.id;
    },
    clearTimer: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  });
  const runTimer = (pred: (ms: number) => boolean) => {
    const i = timers.findIndex((t) => pred(t.ms));
    if (i < 0) throw new Error('no such timer');
    const [t] = timers.splice(i, 1);
    t!.fn();
    return t!.ms;
  };
  return { socket, timers, statuses, messages, runTimer, ws: () => FakeWebSocket.instances.at(-1)! };
}

describe('createArenaSocket', () => {
  beforeEach(() => void vi.spyOn(console, 'warn').mockImplementation(() => {}));
  afterEach(() => vi.restoreAllMocks());

  it('parses frames with the protocol and drops invalid ones', () => {
    const t = setup();
    t.ws().open();
    t.ws().receive({ type: 'hello', protocol: 1, limits: { promptChars: 1, frameBytes: 1, turnsPerBattle: 1 } });
    t.ws().receive({ type: 'delta', battleId: 'short', turn: 0, side: 'a', text: 'x' }); // malformed battle id
    t.ws().receive('not json');
    t.ws().receive({ type: 'unknown' });
    expect(t.messages.map((m) => m.type)).toEqual(['hello']);
  });

  it('validates what it sends and refuses while disconnected', () => {
    const t = setup();
    expect(t.socket.send({ type: 'ping' })).toBe(false);
    t.ws().open();
    expect(t.socket.send({ type: 'start', mode: 'blind', prompt: 'hi', requestId: 'r1' })).toBe(true);
    expect(JSON.parse(t.ws().sent[0]!)).toEqual({ type: 'start', mode: 'blind', prompt: 'hi', requestId: 'r1' });
    // An empty prompt does not pass ClientMessage.
    expect(t.socket.send({ type: 'start', mode: 'blind', prompt: '   ' })).toBe(false);
    expect(t.ws().sent).toHaveLength(1);
  });

  it('reconnects with exponential backoff and resets it after a successful open', () => {
    const t = setup();
    expect(t.statuses).toEqual(['connecting']);
    t.ws().open();
    t.ws().drop();
    expect(t.statuses).toEqual(['connecting', 'open', 'reconnecting']);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      delays.push(t.runTimer((ms) => ms !== 25_000));
      t.ws().drop(); // the attempt failed
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(t.runTimer((ms) => ms !== 25_000)).toBe(10_000); // capped
    t.ws().open();
    t.ws().drop();
    expect(t.runTimer((ms) => ms !== 25_000)).toBe(500);
    expect(FakeWebSocket.instances).toHaveLength(8);
  });

  it('reconnectNow skips the wait; close stops for good', () => {
    const t = setup();
    t.ws().open();
    t.ws().drop();
    t.socket.reconnectNow();
    expect(FakeWebSocket.instances).toHaveLength(2);
    t.socket.close();
    t.ws().drop();
    expect(t.timers.filter((x) => x.ms !== 25_000)).toHaveLength(0);
  });

  it('pings while idle', () => {
    const t = setup();
    t.ws().open();
    t.runTimer((ms) => ms === 25_000);
    expect(t.ws().sent.map((s) => (JSON.parse(s) as { type: string }).type)).toEqual(['ping']);
  });
});

describe('helpers', () => {
  it('backoffDelay jitters ±25% around the capped exponential', () => {
    expect(backoffDelay(0, 500, 10_000, () => 0)).toBe(375);
    expect(backoffDelay(0, 500, 10_000, () => 1)).toBe(625);
    expect(backoffDelay(30, 500, 10_000, () => 0.5)).toBe(10_000);
  });
  it('arenaSocketUrl follows the page origin', () => {
    expect(arenaSocketUrl({ protocol: 'http:', host: 'localhost:8787' })).toBe('ws://localhost:8787/ws');
    expect(arenaSocketUrl({ protocol: 'https:', host: 'arena.example' })).toBe('wss://arena.example/ws');
  });
});
