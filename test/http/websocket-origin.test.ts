import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestArena, type TestArena } from '../helpers/test-arena.ts';

/**
 * The one HTTP behaviour `app.request()` cannot show (see api-routes.test.ts
 * for the routes): a real upgrade through the listening server, refused
 * before the websocket handshake completes.
 */

let arena: TestArena;

beforeAll(async () => {
  arena = await startTestArena({ endpoints: [], models: [] });
});

afterAll(async () => {
  await arena?.close();
});

describe('websocket upgrade', () => {
  it('refuses a websocket upgrade from a foreign origin', async () => {
    const ws = new WebSocket(arena.wsUrl, { headers: { origin: 'https://evil.example' } });
    const status = await new Promise<number>((res) => ws.on('unexpected-response', (_req, r) => res(r.statusCode ?? 0)));
    expect(status).toBe(403);
  });
});
