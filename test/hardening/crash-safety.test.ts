import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoteChoice } from '../../shared/protocol.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { TestClient } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { wsText } from '../helpers/ws-text.ts';
import { sessionCookie } from '../helpers/battle-steps.ts';
import { GENEROUS_LIMITS, killServer, spawnServer, type ChildServer } from './helpers.ts';

/**
 * SIGKILL while votes stream in: every vote the server acknowledged must be
 * in the database after a restart (an acknowledgement is sent only after the
 * vote's transaction commits), and no vote may exist without its battle.
 */

const BATTLES = 150;
const KILL_AFTER_ACKS = 40;
const IN_FLIGHT = 8;
const CHOICES: VoteChoice[] = ['a', 'b', 'tie', 'both_bad'];

let openai: FakeServer;
let dir: string;
let child: ChildServer | undefined;

const config = () => ({
  limits: GENEROUS_LIMITS,
  endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
  models: [testModel('instant', 'fake', 'instant'), testModel('instant-2', 'fake', 'instant')],
});

beforeAll(async () => {
  openai = await startFakeOpenAI({ models: { instant: { tokens: ['Done', '.'] } } });
  dir = mkdtempSync(join(tmpdir(), 'versus-crash-'));
});

afterAll(async () => {
  await killServer(child);
  await openai?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('crash safety', () => {
  it('keeps every acknowledged vote across a SIGKILL mid-stream', async () => {
    child = await spawnServer(dir, config());
    const cookie = await sessionCookie(child.url);
    const client = await TestClient.connect(child.wsUrl, cookie);

    // Many finished battles first.
    for (let i = 0; i < BATTLES; i++) {
      client.send({ type: 'start', mode: 'named', models: { a: 'instant', b: 'instant-2' }, prompt: `Question ${i}`, requestId: `b${i}` });
    }
    const ids = await Promise.all(
      Array.from(
        { length: BATTLES },
        async (_, i) => (await client.next('battle-started', (m) => m.requestId === `b${i}`, 30_000)).battleId,
      ),
    );
    await Promise.all(ids.map((id) => client.next('turn-ended', (m) => m.battleId === id, 30_000)));

    // Then a stream of votes (a few always in flight), and SIGKILL once some are acknowledged.
    const choiceOf = new Map(ids.map((id, i) => [id, CHOICES[i % CHOICES.length]!]));
    const acked = new Map<string, VoteChoice>();
    let sent = 0;
    let killed = false;
    const sendNext = () => {
      if (killed || sent >= ids.length) return;
      const id = ids[sent++]!;
      client.send({ type: 'vote', battleId: id, choice: choiceOf.get(id)!, requestId: `v-${id}` });
    };
    client.ws.on('message', (data) => {
      if (killed) return;
      const m = JSON.parse(wsText(data)) as { type: string; battleId: string; choice: VoteChoice };
      if (m.type !== 'vote-recorded') return;
      acked.set(m.battleId, m.choice);
      if (acked.size === KILL_AFTER_ACKS) {
        child!.proc.kill('SIGKILL');
        killed = true;
      } else sendNext();
    });
    for (let i = 0; i < IN_FLIGHT; i++) sendNext();
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    // The kill landed mid-stream: votes were in flight, and most never got sent.
    expect(sent).toBeGreaterThan(acked.size);
    expect(acked.size).toBeLessThan(BATTLES);
    await client.close();

    // Restart on the same database.
    child = await spawnServer(dir, config());
    const db = new Database(join(dir, 'versus.db'), { readonly: true });
    try {
      const votes = new Map(
        (db.prepare('SELECT battle_id, choice FROM votes').all() as { battle_id: string; choice: VoteChoice }[]).map((r) => [
          r.battle_id,
          r.choice,
        ]),
      );
      for (const [id, choice] of acked) expect(votes.get(id), `acknowledged vote on ${id}`).toBe(choice);
      expect(votes.size).toBeGreaterThanOrEqual(acked.size);
      for (const [id, choice] of votes) expect(choice).toBe(choiceOf.get(id));
      const orphans = db
        .prepare('SELECT count(*) AS n FROM votes v LEFT JOIN battles b ON b.id = v.battle_id WHERE b.id IS NULL')
        .get() as { n: number };
      expect(orphans.n).toBe(0);
      expect((db.prepare('SELECT count(*) AS n FROM battles').get() as { n: number }).n).toBe(BATTLES);
      console.log(
        `crash safety: ${acked.size} votes acknowledged before SIGKILL, ${votes.size} in the database after restart, of ${BATTLES}`,
      );

      // The same session carries on after the restart: unvoted battles take a vote, voted ones refuse a second.
      const again = await TestClient.connect(child.wsUrl, cookie);
      const unvoted = ids.find((id) => !votes.has(id))!;
      again.send({ type: 'vote', battleId: unvoted, choice: 'tie', requestId: 'after-restart' });
      await again.next('vote-recorded', (m) => m.requestId === 'after-restart');
      const [firstAcked] = acked.keys();
      again.send({ type: 'vote', battleId: firstAcked!, choice: 'a', requestId: 'twice' });
      expect(await again.next('error', (m) => m.requestId === 'twice')).toMatchObject({ code: 'already_voted' });
      await again.close();
    } finally {
      db.close();
    }
    child.proc.kill('SIGTERM');
    expect((await child.exited).code).toBe(0);
  }, 60_000);
});
