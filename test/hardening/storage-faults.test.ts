import { matching } from '../helpers/match.ts';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/sqlite/open-database.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { sessionCookie } from '../helpers/battle-steps.ts';
import { GENEROUS_LIMITS, roundTrip } from './helpers.ts';

/**
 * The database failing under the arena: disk full (simulated with SQLite's
 * per-connection `PRAGMA max_page_count` on the server's own connection, so
 * any write that needs a new page fails with SQLITE_FULL) and busy (a second
 * connection holding the write lock past the server's busy timeout).
 * Every failure must reach the client as a `storage` error, nothing may be
 * half-written, and everything must work again once the fault is gone.
 */

const BIG_TOKEN = 'lorem ipsum '.repeat(40); // 480 characters: an answer of 40 needs overflow pages.

let openai: FakeServer;
let arena: TestArena;
let db: Db;

/** The server's own connection (max_page_count is per connection). */
function serverDb(a: TestArena): Db {
  const handle = (a.server.store as unknown as { db?: Db }).db;
  if (!handle?.pragma) throw new Error('SqliteBattleStore no longer keeps its connection in `db`; update this test');
  return handle;
}

const diskFull = () => db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
const diskFreed = () => db.pragma('max_page_count = 1000000000');
const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;

beforeAll(async () => {
  openai = await startFakeOpenAI({
    models: {
      quick: { tokens: ['Fine', '.'] },
      long: { tokens: Array.from({ length: 40 }, () => BIG_TOKEN), firstTokenMs: 300, intervalMs: 2 },
    },
  });
  arena = await startTestArena({
    limits: GENEROUS_LIMITS,
    endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
    models: [
      testModel('quick', 'fake', 'quick'),
      testModel('quick-2', 'fake', 'quick'),
      testModel('long', 'fake', 'long'),
      testModel('long-2', 'fake', 'long'),
    ],
  });
  db = serverDb(arena);
});

afterAll(async () => {
  await arena?.close();
  await openai?.close();
});

async function finishedBattle(client: TestClient, requestId: string) {
  client.send({ type: 'start', mode: 'named', models: { a: 'quick', b: 'quick-2' }, prompt: 'Hello', requestId });
  const { battleId } = await client.next('battle-started', (m) => m.requestId === requestId);
  await client.next('turn-ended', (m) => m.battleId === battleId);
  return battleId;
}

describe('disk full', () => {
  it('refuses a battle it cannot store before any token is requested, and works again once space is freed', async () => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    const battlesBefore = count('SELECT count(*) AS n FROM battles');
    const requestsBefore = openai.chatRequests.length;
    const prompt = 'A long question. '.repeat(1000); // 17,000 characters: needs new pages.
    diskFull();
    try {
      client.send({ type: 'start', mode: 'named', models: { a: 'quick', b: 'quick-2' }, prompt, requestId: 'full' });
      const err = await client.next('error', (m) => m.requestId === 'full');
      expect(err).toMatchObject({ code: 'storage', message: matching(/disk is full/) });
      await roundTrip(client, 'after-full');
      await new Promise((r) => setTimeout(r, 100));
      expect(client.all('battle-started')).toHaveLength(0);
      expect(openai.chatRequests.length).toBe(requestsBefore);
      expect(count('SELECT count(*) AS n FROM battles')).toBe(battlesBefore);
      expect(count('SELECT count(*) AS n FROM turns WHERE prompt = ?', prompt)).toBe(0);
    } finally {
      diskFreed();
    }
    client.send({ type: 'start', mode: 'named', models: { a: 'quick', b: 'quick-2' }, prompt, requestId: 'freed' });
    const { battleId } = await client.next('battle-started', (m) => m.requestId === 'freed');
    await client.next('turn-ended', (m) => m.battleId === battleId);
    expect((await arena.server.store.getBattle(battleId))!.responses).toHaveLength(2);
    await client.close();
  });

  it('reports an answer it cannot store with a storage error while the stream still ends cleanly', async () => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    client.send({ type: 'start', mode: 'named', models: { a: 'long', b: 'long-2' }, prompt: 'Write a lot', requestId: 'long' });
    const { battleId } = await client.next('battle-started', (m) => m.requestId === 'long');
    // The battle and its turn are stored; the disk fills up before the first token (scripted at 300 ms).
    expect((await arena.server.store.getBattle(battleId))!.turns).toHaveLength(1);
    diskFull();
    try {
      const ended = await client.next('turn-ended', (m) => m.battleId === battleId);
      const storageErrors = client.all('error').filter((m) => m.battleId === battleId);
      expect(storageErrors).toHaveLength(2);
      for (const e of storageErrors) expect(e).toMatchObject({ code: 'storage', message: matching(/disk is full/) });
      // The client still got both whole answers and both side-ended messages, then turn-ended.
      for (const side of ['a', 'b'] as const) {
        expect(client.textOf(battleId, side)).toBe(BIG_TOKEN.repeat(40));
        expect(client.all('side-ended').find((m) => m.battleId === battleId && m.side === side)?.status).toBe('finished');
      }
      expect(ended.turn).toBe(0);
      expect(count('SELECT count(*) AS n FROM responses WHERE battle_id = ?', battleId)).toBe(0);
      await roundTrip(client, 'after-answer-full');
    } finally {
      diskFreed();
    }
    // Even with space back, a vote would judge answers the record does not have.
    client.send({ type: 'vote', battleId, choice: 'a', requestId: 'vote-unsaved' });
    expect(await client.next('error', (m) => m.requestId === 'vote-unsaved')).toMatchObject({
      code: 'storage',
      message: matching(/could not be saved/),
    });
    expect(count('SELECT count(*) AS n FROM votes WHERE battle_id = ?', battleId)).toBe(0);
    await client.close();
  });

  it('refuses a vote it cannot store with a storage error, writes no vote row, and takes it once space is freed', async () => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    const battleId = await finishedBattle(client, 'to-vote');

    // A vote row is tiny, so fill the votes table's page first: dummy battles now, dummy votes once the disk is "full".
    const dummyIds = Array.from({ length: 400 }, (_, i) => `--dummy-${String(i).padStart(24, '0')}`);
    const insertBattle = db.prepare(
      `INSERT INTO battles (id, session_hash, mode, model_a, model_b, created_at) VALUES (?, 'x', 'named', 'dummy-a', 'dummy-b', 0)`,
    );
    db.transaction(() => dummyIds.forEach((id) => insertBattle.run(id)))();
    expect(count('SELECT count(*) AS n FROM votes')).toBeLessThan(50);
    diskFull();
    try {
      const insertVote = db.prepare(
        `INSERT INTO votes (battle_id, choice, session_hash, created_at, decision_ms, counts_for_ratings) VALUES (?, 'a', 'x', 0, NULL, 0)`,
      );
      let full = false;
      for (const id of dummyIds) {
        try {
          insertVote.run(id);
        } catch (e) {
          expect((e as { code?: string }).code).toBe('SQLITE_FULL');
          full = true;
          break;
        }
      }
      expect(full).toBe(true);
      const votesBefore = count('SELECT count(*) AS n FROM votes');

      client.send({ type: 'vote', battleId, choice: 'b', requestId: 'vote-full' });
      const err = await client.next('error', (m) => m.requestId === 'vote-full');
      expect(err).toMatchObject({ code: 'storage', battleId, message: matching(/disk is full.*Nothing was half-written/) });
      expect(client.all('vote-recorded')).toHaveLength(0);
      expect(count('SELECT count(*) AS n FROM votes')).toBe(votesBefore);
      expect(count('SELECT count(*) AS n FROM votes WHERE battle_id = ?', battleId)).toBe(0);
    } finally {
      diskFreed();
    }
    client.send({ type: 'vote', battleId, choice: 'b', requestId: 'vote-freed' });
    expect(await client.next('vote-recorded', (m) => m.requestId === 'vote-freed')).toMatchObject({ choice: 'b' });
    expect((await arena.server.store.getBattle(battleId))!.vote).toMatchObject({ choice: 'b', countsForRatings: true });
    await client.close();
  });
});

describe('database busy', () => {
  it('answers storage "busy" while another connection holds the write lock past the busy timeout, with no half-written vote', async () => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    const battleId = await finishedBattle(client, 'busy-battle');
    const other = new Database(arena.dbPath);
    const requestsBefore = openai.chatRequests.length;
    try {
      other.exec('BEGIN IMMEDIATE');
      other.prepare(`UPDATE battles SET flagged = flagged WHERE id = ?`).run(battleId);

      client.send({ type: 'vote', battleId, choice: 'a', requestId: 'busy-vote' });
      const err = await client.next('error', (m) => m.requestId === 'busy-vote');
      expect(err).toMatchObject({ code: 'storage', battleId, message: matching(/busy/) });

      client.send({ type: 'start', mode: 'named', models: { a: 'quick', b: 'quick-2' }, prompt: 'x', requestId: 'busy-start' });
      expect(await client.next('error', (m) => m.requestId === 'busy-start')).toMatchObject({ code: 'storage', message: matching(/busy/) });
      expect(openai.chatRequests.length).toBe(requestsBefore);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(count('SELECT count(*) AS n FROM votes WHERE battle_id = ?', battleId)).toBe(0);
    client.send({ type: 'vote', battleId, choice: 'a', requestId: 'after-busy' });
    await client.next('vote-recorded', (m) => m.requestId === 'after-busy');
    expect(count('SELECT count(*) AS n FROM votes WHERE battle_id = ?', battleId)).toBe(1);
    await client.close();
  });
});
