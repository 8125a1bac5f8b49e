import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { sessionCookie } from '../helpers/battle-steps.ts';
import { closeCode, GENEROUS_LIMITS, waitFor } from './helpers.ts';

/**
 * A websocket client that stops reading while a long, fast answer streams.
 * The server must not buffer without bound: past its limit the outbox drops
 * the client (close 1013), the upstream request is aborted at once (nobody is
 * reading; no tokens paid for nobody), and the answer is stored as stopped.
 */

const LIMIT = 256 * 1024;
const TOKEN = 'x'.repeat(2000);
const TOKENS = 20_000; // 40 MB at one token per millisecond: 20 s if nobody stops it.

let openai: FakeServer;
let arena: TestArena;

beforeAll(async () => {
  openai = await startFakeOpenAI({
    models: {
      firehose: { tokens: Array.from({ length: TOKENS }, () => TOKEN), intervalMs: 1 },
      quick: { tokens: ['Short', ' answer'] },
    },
  });
  arena = await startTestArena(
    {
      limits: GENEROUS_LIMITS,
      // Past the default 1 MiB answer cap the firehose would end by the cap first: here the slow reader must end it.
      battle: { maxAnswerBytes: 64 * 1024 * 1024 },
      endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
      models: [testModel('firehose', 'fake', 'firehose'), testModel('quick', 'fake', 'quick')],
    },
    { server: { maxBufferedBytes: LIMIT } },
  );
});

let restoreSend: (() => void) | undefined;

afterAll(async () => {
  restoreSend?.();
  await arena?.close();
  await openai?.close();
});

describe('a client that stops reading', () => {
  it('is dropped with 1013 once the server buffers past its limit; the upstream is aborted and memory stays bounded', async () => {
    // Watch every frame the server sends: how much was already queued on that socket.
    // (A plain patch, not vi.spyOn: a spy would keep every frame it saw alive.)
    const serverSockets = new Map<WebSocket, { maxQueued: number; sentAfterClose: number; frames: number }>();
    // The prototype's own slot, kept whole to put back; the patch calls it with the socket as `this`.
    const original = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'send')!;
    const send = original.value as (this: WebSocket, ...a: unknown[]) => void;
    restoreSend = () => void Object.defineProperty(WebSocket.prototype, 'send', original);
    WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
      if ((this as unknown as { _isServer: boolean })._isServer) {
        const s = serverSockets.get(this) ?? { maxQueued: 0, sentAfterClose: 0, frames: 0 };
        serverSockets.set(this, s);
        s.frames++;
        if (this.readyState !== WebSocket.OPEN) s.sentAfterClose++;
        s.maxQueued = Math.max(s.maxQueued, this.bufferedAmount + (typeof data === 'string' ? Buffer.byteLength(data) : 0));
      }
      return send.call(this, data, ...rest);
    } as WebSocket['send'];

    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    const rss0 = process.memoryUsage().rss;
    const before = openai.chatRequests.filter((r) => r.model === 'firehose').length;
    client.send({ type: 'start', mode: 'named', models: { a: 'firehose', b: 'quick' }, prompt: 'Everything, please', requestId: 'slow' });
    const { battleId } = await client.next('battle-started', (m) => m.requestId === 'slow');
    const raw = (client.ws as unknown as { _socket: Socket })._socket;
    raw.pause();
    const pausedAt = performance.now();

    const upstream = await openai.waitForChatRequest(before);
    expect(await Promise.race([upstream.settled, new Promise((r) => setTimeout(() => r('still running'), 15_000))])).toBe('aborted');
    const abortedAfterMs = performance.now() - pausedAt;
    let rssPeak = process.memoryUsage().rss;

    // The answer is stored as stopped, with the text the server had.
    const stored = await waitFor(
      async () => (await arena.server.store.getBattle(battleId))?.responses.find((r) => r.side === 'a'),
      'the stored answer',
    );
    expect(stored.status).toBe('cancelled');
    expect(stored.text.length).toBeGreaterThan(0);
    expect(stored.text.length).toBeLessThan(TOKENS * TOKEN.length);

    // Reading again, the client finds the 1013 close after what was already queued.
    const closed = closeCode(client.ws);
    raw.resume();
    expect(await closed).toBe(1013);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

    const [watched] = [...serverSockets.values()].filter((s) => s.frames > 10);
    expect(watched).toBeDefined();
    // Never more than the limit plus the frame that crossed it was queued in the server.
    expect(watched!.maxQueued).toBeLessThan(LIMIT + 64 * 1024);
    expect(watched!.sentAfterClose).toBe(0);
    console.log(
      `slow client: upstream aborted ${abortedAfterMs.toFixed(0)} ms after the client stopped reading; ` +
        `${(stored.text.length / 1e6).toFixed(1)} MB of ${((TOKENS * TOKEN.length) / 1e6).toFixed(0)} MB produced; ` +
        `server queue peak ${(watched!.maxQueued / 1024).toFixed(0)} KiB (limit ${LIMIT / 1024} KiB); ` +
        `test process (server, fake provider and client together) RSS ${(rss0 / 1e6).toFixed(0)} → peak ${(rssPeak / 1e6).toFixed(0)} MB`,
    );
  });
});
