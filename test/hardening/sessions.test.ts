import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSession } from '../../server/arena/session-ids.ts';
import { bothEnded, namedBattle, sessionCookie } from '../helpers/battle-steps.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { GENEROUS_LIMITS } from './helpers.ts';

/**
 * Sessions are issued by the server, never chosen by the client. Versus used
 * to take any 32-character token a client sent as its session: two sockets
 * agreeing on a made-up token shared battles and votes, and a script could
 * mint sessions at will. Now only a token the server issued (and stored the
 * hash of) is a session; any other is ignored.
 */

let openai: FakeServer;
let arena: TestArena;

beforeAll(async () => {
  openai = await startFakeOpenAI({ models: { quick: { tokens: ['Hi', ' there', '!'] } } });
  arena = await startTestArena({
    limits: GENEROUS_LIMITS,
    endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
    models: [testModel('one', 'fake', 'quick'), testModel('two', 'fake', 'quick')],
  });
});

afterAll(async () => {
  await arena?.close();
  await openai?.close();
});

describe('sessions', () => {
  it('does not accept a session token the client made up', async () => {
    const madeUp = { cookie: `versus_sid=${'A'.repeat(32)}` };
    const first = await TestClient.connect(arena.wsUrl, madeUp);
    const battleId = await namedBattle(first, 'one', 'two');
    await bothEnded(first, battleId);
    await first.close();

    // The same made-up token on another connection is not the same session: the battle is not its to vote on.
    const second = await TestClient.connect(arena.wsUrl, madeUp);
    second.send({ type: 'vote', battleId, choice: 'a', requestId: 'claimed' });
    expect(await second.next('error', (m) => m.requestId === 'claimed')).toMatchObject({ code: 'forbidden' });
    await second.close();
    expect((await arena.server.store.getBattle(battleId))!.vote).toBeNull();
    expect((await arena.server.store.getBattle(battleId))!.battle.sessionHash).not.toBe(hashSession('A'.repeat(32)));
  });

  it('lets a session the server issued come back to its battles on a new connection', async () => {
    const issued = await sessionCookie(arena.wsUrl);
    const first = await TestClient.connect(arena.wsUrl, issued);
    const battleId = await namedBattle(first, 'one', 'two');
    await bothEnded(first, battleId);
    await first.close();

    const again = await TestClient.connect(arena.wsUrl, issued);
    again.send({ type: 'vote', battleId, choice: 'b', requestId: 'mine' });
    expect(await again.next('vote-recorded', (m) => m.requestId === 'mine')).toMatchObject({ battleId, choice: 'b' });
    await again.close();
  });

  it('forgets a session once it is signed out', async () => {
    const issued = await sessionCookie(arena.wsUrl);
    const first = await TestClient.connect(arena.wsUrl, issued);
    const battleId = await namedBattle(first, 'one', 'two');
    await bothEnded(first, battleId);
    await first.close();

    const out = await fetch(new URL('/auth/logout', arena.server.url), {
      method: 'POST',
      headers: { ...issued, 'content-type': 'application/json' },
    });
    expect(out.status).toBe(204);
    const after = await TestClient.connect(arena.wsUrl, issued);
    after.send({ type: 'vote', battleId, choice: 'a', requestId: 'revoked' });
    expect(await after.next('error', (m) => m.requestId === 'revoked')).toMatchObject({ code: 'forbidden' });
    await after.close();
  });

  it('stores votes with keyed address hashes and never the address itself', async () => {
    const client = await TestClient.connect(arena.wsUrl);
    const battleId = await namedBattle(client, 'one', 'two');
    await bothEnded(client, battleId);
    client.send({ type: 'vote', battleId, choice: 'tie', requestId: 'hashed' });
    await client.next('vote-recorded', (m) => m.requestId === 'hashed');
    await client.close();

    const db = new Database(arena.dbPath, { readonly: true });
    try {
      const vote = db.prepare(`SELECT id, address_hash FROM votes WHERE battle_id = ?`).get(battleId) as {
        id: number;
        address_hash: string;
      };
      expect(vote.address_hash).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const prefixes = db.prepare(`SELECT bits FROM vote_address_prefixes WHERE vote_id = ? ORDER BY bits`).all(vote.id) as {
        bits: number;
      }[];
      expect(prefixes.map((p) => p.bits)).toEqual([8, 16, 24, 32]);
      // Not in any column of any table, in any usual spelling.
      for (const { name } of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]) {
        for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]) {
          expect(JSON.stringify(row)).not.toMatch(/127\.0\.0\.1|7f000001|::ffff:127/i);
        }
      }
    } finally {
      db.close();
    }
  });
});
