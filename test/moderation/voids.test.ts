import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, LeaderboardResponse } from '../../shared/api.ts';
import { VoidResult, VoidsResponse } from '../../shared/admin.ts';
import { CleanBattle } from '../../shared/clean-battle.ts';
import { waitFor } from '../hardening/helpers.ts';
import { bothEnded, namedBattle } from '../helpers/battle-steps.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { createTestApp } from '../helpers/test-app.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { GENEROUS_LIMITS } from '../hardening/helpers.ts';

/**
 * Moderation that loses no history, on a real server (local mode: the local
 * user is admin). Two sessions vote x against y: an honest one 2–2, a
 * stuffing one 4–0 for x. Voids take votes out of every rating and mark them
 * in the export; the votes themselves, the voids and their reversals can be
 * neither changed nor deleted.
 */

let openai: FakeServer;
let arena: TestArena;
let base: string;
const honest: string[] = [];
const stuffed: string[] = [];

async function vote(client: TestClient, choice: 'a' | 'b'): Promise<string> {
  const id = await namedBattle(client, 'x', 'y');
  await bothEnded(client, id);
  client.send({ type: 'vote', battleId: id, choice, requestId: `vote-${id}` });
  await client.next('vote-recorded', (m) => m.requestId === `vote-${id}`);
  return id;
}

const post = (path: string, body: unknown) =>
  fetch(new URL(path, base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function voidVotes(scope: unknown, reason: string, dryRun = false) {
  const res = await post('/api/admin/voids', { scope, reason, dryRun });
  return { status: res.status, body: VoidResult.parse(await res.json()) };
}

/** The named board once it has counted `votes` votes and is not being recomputed. */
async function board(votes: number) {
  return waitFor(async () => {
    const b = LeaderboardResponse.parse(await (await fetch(new URL('/api/leaderboard?mode=named', base))).json());
    return b.totalVotes === votes && !b.stale ? b : null;
  }, `a board of ${votes} votes`);
}
const row = (b: LeaderboardResponse, id: string) => b.rows.find((r) => r.modelId === id)!;

async function exportLines(): Promise<CleanBattle[]> {
  const text = await (await fetch(new URL('/api/export.jsonl', base))).text();
  return text
    .trim()
    .split('\n')
    .map((l) => CleanBattle.parse(JSON.parse(l)));
}

const voteTime = async (battleId: string) => (await arena.server.store.getBattle(battleId))!.vote!.createdAt;

beforeAll(async () => {
  openai = await startFakeOpenAI({ models: { quick: { tokens: ['An', ' answer'] } } });
  arena = await startTestArena({
    limits: GENEROUS_LIMITS,
    ratings: { rounds: 0 },
    endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
    models: [testModel('x', 'fake', 'quick'), testModel('y', 'fake', 'quick')],
  });
  base = arena.server.url;
  const h = await TestClient.connect(arena.wsUrl);
  for (const choice of ['a', 'b', 'a', 'b'] as const) honest.push(await vote(h, choice));
  await h.close();
  const s = await TestClient.connect(arena.wsUrl);
  for (let i = 0; i < 4; i++) stuffed.push(await vote(s, 'a'));
  await s.close();
});

afterAll(async () => {
  await arena?.close();
  await openai?.close();
});

describe('voiding votes', () => {
  it('by session: the ratings are recomputed without them and the export marks them', async () => {
    const before = await board(8);
    expect(row(before, 'x')).toMatchObject({ wins: 6, losses: 2 });
    expect(row(before, 'x').rating!).toBeGreaterThan(row(before, 'y').rating!);

    const sessionHash = (await arena.server.store.getBattle(stuffed[0]!))!.battle.sessionHash;
    const check = await voidVotes({ kind: 'session', sessionHash }, 'stuffing from one session', true);
    expect(check).toEqual({ status: 200, body: { voidId: null, votes: 4, alreadyVoided: 0 } });
    const made = await voidVotes({ kind: 'session', sessionHash }, 'stuffing from one session');
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ votes: 4, alreadyVoided: 0 });

    const after = await board(4);
    expect(row(after, 'x')).toMatchObject({ wins: 2, losses: 2 });
    expect(row(after, 'x').rating!).toBeLessThan(row(before, 'x').rating!);
    expect(row(after, 'x').rating!).toBeCloseTo(row(after, 'y').rating!, 6);

    const lines = await exportLines();
    expect(lines).toHaveLength(8);
    for (const l of lines) {
      if (stuffed.includes(l.question_id)) {
        expect(l.versus!.voided).toEqual({ reason: 'stuffing from one session', at: expect.any(Number) as number });
        expect(Math.abs(l.versus!.voided!.at * 1000 - Date.now())).toBeLessThan(60_000);
      } else expect(l.versus!.voided).toBeUndefined();
    }
  });

  it('by battle and by time window, each with its reason', async () => {
    expect((await voidVotes({ kind: 'battle', battleIds: [honest[0]!] }, 'answer leaked the model')).body.votes).toBe(1);
    expect(row(await board(3), 'x')).toMatchObject({ wins: 1, losses: 2 });

    // From the second honest vote up to (not including) the third: that one vote.
    const window = { kind: 'window', from: await voteTime(honest[1]!), to: await voteTime(honest[2]!) };
    expect((await voidVotes(window, 'votes during an outage', true)).body.votes).toBe(1);
    expect((await voidVotes(window, 'votes during an outage')).body.votes).toBe(1);
    expect(row(await board(2), 'x')).toMatchObject({ wins: 1, losses: 1 });

    const marks = Object.fromEntries((await exportLines()).map((l) => [l.question_id, l.versus!.voided?.reason ?? null]));
    expect(marks[honest[0]!]).toBe('answer leaked the model');
    expect(marks[honest[1]!]).toBe('votes during an outage');
    expect([marks[honest[2]!], marks[honest[3]!]]).toEqual([null, null]);
  });

  it('by address range, matched through keyed prefix hashes', async () => {
    expect((await voidVotes({ kind: 'address', cidr: '10.0.0.0/8' }, 'elsewhere', true)).body.votes).toBe(0);
    // Every test client is 127.0.0.1: the whole range holds all 8 votes, 6 of them voided already.
    expect((await voidVotes({ kind: 'address', cidr: '127.0.0.0/22' }, 'loopback', true)).body).toEqual({
      voidId: null,
      votes: 8,
      alreadyVoided: 6,
    });
    expect((await voidVotes({ kind: 'address', cidr: '127.0.0.1' }, 'loopback', true)).body.votes).toBe(8);
    const refused = await post('/api/admin/voids', { scope: { kind: 'address', cidr: '2001:db8::/96' }, reason: 'too fine' });
    expect(refused.status).toBe(400);
    expect(ApiError.parse(await refused.json()).error.message).toMatch(/cannot be matched/);
    const none = await post('/api/admin/voids', { scope: { kind: 'address', cidr: '10.0.0.0/8' }, reason: 'nothing' });
    expect(none.status).toBe(400);
  });

  it('is undone only by a reversal, which brings the votes back', async () => {
    const { voids } = VoidsResponse.parse(await (await fetch(new URL('/api/admin/voids', base))).json());
    expect(voids.map((v) => v.reason)).toEqual(['votes during an outage', 'answer leaked the model', 'stuffing from one session']);
    const session = voids.find((v) => v.scope.kind === 'session')!;
    expect(session).toMatchObject({ votes: 4, by: { id: 'local' }, reversed: null });

    expect((await post(`/api/admin/voids/${session.id}/reverse`, { reason: 'was a load test of ours' })).status).toBe(204);
    expect(row(await board(6), 'x')).toMatchObject({ wins: 5, losses: 1 });
    expect((await post(`/api/admin/voids/${session.id}/reverse`, { reason: 'again' })).status).toBe(409);
    const lines = await exportLines();
    expect(
      lines
        .filter((l) => l.versus!.voided)
        .map((l) => l.question_id)
        .sort(),
    ).toEqual([honest[0]!, honest[1]!].sort());
  });

  it('keeps votes, voids and reversals append-only in the database itself', () => {
    const db = new Database(arena.dbPath);
    try {
      for (const sql of [
        `UPDATE votes SET choice = 'b'`,
        `DELETE FROM votes`,
        `UPDATE vote_address_prefixes SET bits = 0`,
        `DELETE FROM vote_address_prefixes`,
      ]) {
        expect(() => db.exec(sql), sql).toThrow(/votes are append-only/);
      }
      for (const sql of [
        `UPDATE vote_voids SET reason = 'nothing happened'`,
        `DELETE FROM vote_voids`,
        `DELETE FROM voided_votes`,
        `UPDATE voided_votes SET vote_id = 1`,
        `DELETE FROM void_reversals`,
        `UPDATE void_reversals SET reason = 'x'`,
      ]) {
        expect(() => db.exec(sql), sql).toThrow(/voids are append-only/);
      }
      expect(db.prepare(`SELECT count(*) AS n FROM votes`).get()).toEqual({ n: 8 });
    } finally {
      db.close();
    }
  });

  it('survives an export and import: the copy keeps the marks and leaves the voided votes out of its ratings', async () => {
    const exported = await exportLines();
    const copy = await createTestApp({ endpoints: [], models: [], ratings: { rounds: 0 } }, exported);
    try {
      const again = (await (await copy.app.request('/api/export.jsonl')).text()).trim().split('\n');
      expect(again.map((l) => JSON.parse(l) as unknown)).toEqual(exported.map((l) => JSON.parse(JSON.stringify(l)) as unknown));
      const b = LeaderboardResponse.parse(await (await copy.app.request('/api/leaderboard?mode=named')).json());
      expect(b.totalVotes).toBe(6);
      expect(row(b, 'x')).toMatchObject({ wins: 5, losses: 1 });
    } finally {
      copy.close();
    }
  });
});
