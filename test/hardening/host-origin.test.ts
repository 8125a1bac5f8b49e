import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestArena, type TestArena } from '../helpers/test-arena.ts';
import { httpGet, openSocket } from './http-get.ts';

/**
 * DNS rebinding and cross-site sockets. A rebinding page is served from the
 * attacker's name, later resolved to 127.0.0.1: the browser sends that name as
 * Host and as Origin, so "Origin equals Host" proves nothing. Only the
 * server's own list decides: the loopback names on its own port, plus the
 * configured public origins, matched exactly.
 */
let arena: TestArena;
let port: number;

beforeAll(async () => {
  arena = await startTestArena({
    endpoints: [],
    models: [],
    network: { publicOrigins: ['https://arena.example.com'], trustedProxies: ['loopback'] },
  });
  port = arena.server.port;
});

afterAll(async () => {
  await arena?.close();
});

const api = () => `http://127.0.0.1:${port}/api/models`;

describe('Host', () => {
  it('refuses a rebinding Host on the API with 421 and says what to configure', async () => {
    const res = await httpGet(api(), { host: `rebind.evil.example:${port}` });
    expect(res.status).toBe(421);
    expect(res.body).toMatch(/network\.publicOrigins/);
    expect(res.body).not.toMatch(/"models"/);
  });

  it('refuses a rebinding websocket upgrade, even when its Origin equals its Host', async () => {
    const host = `rebind.evil.example:${port}`;
    expect(await openSocket(`ws://127.0.0.1:${port}/ws`, { host, origin: `http://${host}` })).toEqual({ status: 403 });
    expect(await openSocket(`ws://127.0.0.1:${port}/ws`, { host })).toEqual({ status: 421 });
  });

  it('serves the loopback names on its own port and the configured origin, nothing else', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'arena.example.com', 'arena.example.com:443']) {
      expect((await httpGet(api(), { host })).status, host).toBe(200);
    }
    for (const host of [`localhost:${port + 1}`, 'localhost', 'arena.example.com:8443', `0.0.0.0:${port}`]) {
      expect((await httpGet(api(), { host })).status, host).toBe(421);
    }
  });

  it('believes the host a trusted proxy forwarded', async () => {
    // The peer (127.0.0.1) is a trusted proxy here: its X-Forwarded-Host is what the client asked for.
    expect((await httpGet(api(), { host: 'versus:8787', 'x-forwarded-host': 'arena.example.com' })).status).toBe(200);
    expect((await httpGet(api(), { host: 'arena.example.com', 'x-forwarded-host': 'rebind.evil.example' })).status).toBe(421);
  });

  it('answers /api/health for any Host: probes address the server by IP', async () => {
    expect((await httpGet(`http://127.0.0.1:${port}/api/health`, { host: '10.1.2.3:8787' })).status).toBe(200);
  });
});

describe('Origin', () => {
  it('refuses another local web app on any other port, and a sandboxed page', async () => {
    for (const origin of [`http://localhost:${port + 1}`, 'http://localhost:5173', 'http://127.0.0.1', 'null', 'https://evil.example']) {
      expect(await openSocket(`ws://127.0.0.1:${port}/ws`, { origin }), origin).toEqual({ status: 403 });
      expect((await httpGet(api(), { origin })).status, origin).toBe(403);
    }
  });

  it('accepts exactly the listed origins, and clients that send none', async () => {
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, 'https://arena.example.com', undefined]) {
      const opened = await openSocket(`ws://127.0.0.1:${port}/ws`, origin ? { origin } : {});
      expect('ws' in opened, origin).toBe(true);
      if ('ws' in opened) {
        opened.ws.close();
        await new Promise((r) => opened.ws.once('close', r));
        expect(opened.ws.readyState).toBe(WebSocket.CLOSED);
      }
    }
  });
});
