import type { Socket } from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { sessionCookie } from '../helpers/battle-steps.ts';
import { closeCode, GENEROUS_LIMITS } from './helpers.ts';

/**
 * Once the server has decided to close a socket (here: 1013, a client that
 * stopped reading), the close handshake can take a while, and `ws` still
 * delivers the frames that arrive meanwhile. None of them may start anything.
 */
const TOKEN = 'x'.repeat(2000);

let openai: FakeServer;
let arena: TestArena;

beforeAll(async () => {
  openai = await startFakeOpenAI({
    models: {
      firehose: { tokens: Array.from({ length: 20_000 }, () => TOKEN), intervalMs: 1 },
      quick: { tokens: ['Short', ' answer'] },
    },
  });
  arena = await startTestArena(
    {
      limits: GENEROUS_LIMITS,
      battle: { maxAnswerBytes: 64 * 1024 * 1024 },
      endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
      models: [testModel('firehose', 'fake', 'firehose'), testModel('quick', 'fake', 'quick')],
    },
    { server: { maxBufferedBytes: 256 * 1024 } },
  );
});

afterAll(async () => {
  await arena?.close();
  await openai?.close();
});

const battleCount = () => {
  const db = new Database(arena.dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM battles').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('a socket the server is closing', () => {
  it('ignores every frame that arrives after its 1013', async () => {
    const client = await TestClient.connect(arena.wsUrl, sessionCookie('closing'));
    const before = openai.chatRequests.length;
    client.send({ type: 'start', mode: 'named', models: { a: 'firehose', b: 'quick' }, prompt: 'Everything', requestId: 'first' });
    await client.next('battle-started', (m) => m.requestId === 'first');
    const raw = (client.ws as unknown as { _socket: Socket })._socket;
    raw.pause();
    const upstream = await openai.waitForChatRequest(before);
    // The abort of the upstream is the server's overflow: from here its 1013 close is under way.
    expect(await Promise.race([upstream.settled, new Promise((r) => setTimeout(() => r('still running'), 15_000))])).toBe('aborted');
    const battlesAtClose = battleCount();
    const requestsAtClose = openai.chatRequests.length;

    // The client, not reading, has not seen the close: it keeps writing.
    for (let i = 0; i < 5; i++) {
      client.send({
        type: 'start',
        mode: 'named',
        models: { a: 'quick', b: 'firehose' },
        prompt: `after close ${i}`,
        requestId: `late-${i}`,
      });
    }
    client.send({ type: 'ping', requestId: 'late-ping' });
    await new Promise((r) => setTimeout(r, 500));

    const closed = closeCode(client.ws);
    raw.resume();
    expect(await closed).toBe(1013);
    expect(battleCount()).toBe(battlesAtClose);
    expect(openai.chatRequests.length).toBe(requestsAtClose);
    expect(client.received.some((r) => 'requestId' in r.msg && String(r.msg.requestId).startsWith('late-'))).toBe(false);
  });
});
