import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestArena, type TestArena } from '../helpers/test-arena.ts';
import { closeCode, roundTrip, waitFor } from './helpers.ts';
import { TestClient } from '../helpers/test-arena.ts';
import { openSocket } from './http-get.ts';

/**
 * Every open websocket holds a file descriptor; about 20,000 idle ones used up
 * the process's. Sockets are capped per client address and in all, and a
 * socket that stops answering pings is closed.
 */
const PER_ADDRESS = 3;
const TOTAL = 5;

let capped: TestArena;
let heartbeat: TestArena;

beforeAll(async () => {
  // The loopback peer is a trusted proxy here, so X-Forwarded-For gives each test client its own address.
  capped = await startTestArena({
    endpoints: [],
    models: [],
    network: { maxConnectionsPerAddress: PER_ADDRESS, maxConnections: TOTAL, trustedProxies: ['loopback'], idleSocketSeconds: 0 },
  });
  heartbeat = await startTestArena({ endpoints: [], models: [], network: { idleSocketSeconds: 0.25 } });
});

afterAll(async () => {
  await capped?.close();
  await heartbeat?.close();
});

async function close(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return;
  const done = new Promise((r) => ws.once('close', r));
  ws.close();
  await done;
}

const from = (address: string) => ({ 'x-forwarded-for': address });

describe('connection caps', () => {
  it('refuses the connection over the per-address cap with 429, and takes one again once a socket closes', async () => {
    const open: WebSocket[] = [];
    try {
      for (let i = 0; i < PER_ADDRESS; i++) {
        const r = await openSocket(capped.wsUrl, from('203.0.113.1'));
        if (!('ws' in r)) throw new Error(`connection ${i + 1} refused with ${r.status}`);
        open.push(r.ws);
      }
      expect(await openSocket(capped.wsUrl, from('203.0.113.1'))).toEqual({ status: 429 });
      // Another address is not affected.
      const other = await openSocket(capped.wsUrl, from('203.0.113.2'));
      expect('ws' in other).toBe(true);
      if ('ws' in other) await close(other.ws);

      await close(open.pop()!);
      const again = await waitFor(async () => {
        const r = await openSocket(capped.wsUrl, from('203.0.113.1'));
        return 'ws' in r ? r.ws : null;
      }, 'a slot freed by the close');
      open.push(again);
    } finally {
      await Promise.all(open.map(close));
    }
  });

  it('refuses the connection over the total cap with 503, whatever the address', async () => {
    const open: WebSocket[] = [];
    try {
      for (let i = 0; i < TOTAL; i++) {
        const r = await openSocket(capped.wsUrl, from(`198.51.100.${i + 1}`));
        if (!('ws' in r)) throw new Error(`connection ${i + 1} refused with ${r.status}`);
        open.push(r.ws);
      }
      expect(await openSocket(capped.wsUrl, from('198.51.100.200'))).toEqual({ status: 503 });
    } finally {
      await Promise.all(open.map(close));
    }
    // All released: a full set opens again.
    await waitFor(async () => {
      const r = await openSocket(capped.wsUrl, from('198.51.100.201'));
      if ('ws' in r) await close(r.ws);
      return 'ws' in r;
    }, 'the slots to be released');
  });

  it('frees the slots of sockets dropped without a close handshake', async () => {
    for (let i = 0; i < PER_ADDRESS + 2; i++) {
      const ws = new WebSocket(capped.wsUrl, { headers: from('203.0.113.9') });
      await new Promise<void>((res) => {
        ws.once('open', () => res());
        ws.once('unexpected-response', () => res());
        ws.once('error', () => res());
      });
      ws.terminate();
    }
    await waitFor(async () => {
      const r = await openSocket(capped.wsUrl, from('203.0.113.9'));
      if ('ws' in r) await close(r.ws);
      return 'ws' in r;
    }, 'slots of terminated sockets to be released');
  });
});

describe('idle sockets', () => {
  it('closes a socket that stops answering pings, and keeps one that answers', async () => {
    const silent = await openSocket(heartbeat.wsUrl, {}, { autoPong: false });
    const alive = await TestClient.connect(heartbeat.wsUrl);
    if (!('ws' in silent)) throw new Error('refused');
    let pings = 0;
    silent.ws.on('ping', () => pings++);
    const started = performance.now();
    const code = await closeCode(silent.ws, 5_000);
    expect(pings).toBeGreaterThanOrEqual(1);
    // Terminated without a handshake nobody would answer: the client sees an abnormal close.
    expect(code).toBe(1006);
    expect(performance.now() - started).toBeLessThan(3_000);
    // The socket that answers pings (as browsers do) is still served after the same time.
    await new Promise((r) => setTimeout(r, 600));
    expect(alive.closed).toBe(false);
    await roundTrip(alive, 'still-here');
    await alive.close();
  });
});
