import { matching } from '../helpers/match.ts';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { sessionCookie } from '../helpers/battle-steps.ts';
import { closeCode, GENEROUS_LIMITS, killServer, spawnServer, type ChildServer } from './helpers.ts';

/**
 * SIGTERM to the real `npm start` process (npm, which runs server/start.mjs) in the middle of a
 * long battle: it stops accepting connections, ends the running sides
 * cleanly (the client is told, and each side is stored as cancelled with its
 * partial text), closes the database and exits 0.
 */

/** The processes npm started for the script (with `exec`, the server itself). */
function childPids(pid: number): number[] {
  const out = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter(Boolean).map(Number);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const words = (n: number, w: string) => Array.from({ length: n }, (_, i) => `${w}${i} `);

let openai: FakeServer;
let dir: string;
let child: ChildServer | undefined;

beforeAll(async () => {
  openai = await startFakeOpenAI({
    models: {
      long: { tokens: words(500, 'a'), intervalMs: 20 },
      'long-2': { tokens: words(500, 'b'), intervalMs: 25 },
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'versus-sigterm-'));
});

afterAll(async () => {
  await killServer(child);
  await openai?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGTERM', () => {
  it('stops accepting, ends running streams as cancelled with their partial text, flushes the database and exits 0', async () => {
    child = await spawnServer(
      dir,
      {
        limits: GENEROUS_LIMITS,
        endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
        models: [testModel('long', 'fake', 'long'), testModel('long-2', 'fake', 'long-2')],
      },
      {},
      { viaNpmStart: true },
    );
    const serverPids = childPids(child.proc.pid!);
    expect(serverPids.length).toBeGreaterThan(0);
    const client = await TestClient.connect(child.wsUrl, await sessionCookie(child.wsUrl));
    client.send({ type: 'start', mode: 'named', models: { a: 'long', b: 'long-2' }, prompt: 'Talk for a while', requestId: 'long' });
    const { battleId } = await client.next('battle-started', (m) => m.requestId === 'long');
    // Well into both answers, far from their end (10 s and 12.5 s).
    await client.next('delta', (m) => m.battleId === battleId && m.side === 'a' && m.text.includes('a5 '));
    await client.next('delta', (m) => m.battleId === battleId && m.side === 'b' && m.text.includes('b5 '));

    const closed = closeCode(client.ws);
    child.proc.kill('SIGTERM');

    // The client is told how both sides ended, then the socket closes as "going away".
    const ended = await Promise.all(
      (['a', 'b'] as const).map((side) => client.next('side-ended', (m) => m.battleId === battleId && m.side === side)),
    );
    for (const m of ended) expect(m).toMatchObject({ status: 'cancelled', error: { kind: 'cancelled' } });
    await client.next('turn-ended', (m) => m.battleId === battleId);
    expect(await closed).toBe(1001);

    // No new connections once shutdown has begun.
    await expect(TestClient.connect(child.wsUrl)).rejects.toThrow();

    const { code, signal } = await child.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(child.output.join('\n')).toMatch(/SIGTERM: finishing running answers/);
    expect(child.output.join('\n')).toMatch(/Stopped cleanly/);
    // npm's server process got the signal too and is gone: nothing is left running orphaned.
    for (const pid of serverPids) expect(isRunning(pid)).toBe(false);

    // Both upstream requests were closed, not left streaming.
    expect(await openai.chatRequests[0]!.settled).toBe('aborted');
    expect(await openai.chatRequests[1]!.settled).toBe('aborted');

    // The database was closed cleanly (WAL checkpointed away) and holds both partial answers.
    expect(existsSync(join(dir, 'versus.db-wal'))).toBe(false);
    const db = new Database(join(dir, 'versus.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT side, status, text, error_kind FROM responses WHERE battle_id = ? ORDER BY side').all(battleId) as {
        side: string;
        status: string;
        text: string;
        error_kind: string;
      }[];
      expect(rows.map((r) => [r.side, r.status, r.error_kind])).toEqual([
        ['a', 'cancelled', 'cancelled'],
        ['b', 'cancelled', 'cancelled'],
      ]);
      for (const r of rows) {
        expect(r.text.length).toBeGreaterThan(0);
        expect(r.text).toBe(client.textOf(battleId, r.side as 'a' | 'b'));
        expect(r.text.length).toBeLessThan(words(500, r.side).join('').length);
      }
    } finally {
      db.close();
    }
  });

  it('refuses new battles and votes that arrive while it shuts down, so nothing runs after the database closes', async () => {
    const logs: string[] = [];
    const arena = await startTestArena(
      {
        limits: GENEROUS_LIMITS,
        endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
        models: [testModel('long', 'fake', 'long'), testModel('long-2', 'fake', 'long-2')],
      },
      { env: { VERSUS_LOG: 'debug' }, server: { logSink: (l) => logs.push(l) } },
    );
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    client.send({ type: 'start', mode: 'named', models: { a: 'long', b: 'long-2' }, prompt: 'x', requestId: 'running' });
    const { battleId } = await client.next('battle-started', (m) => m.requestId === 'running');
    await client.next('delta', (m) => m.battleId === battleId);
    const requestsBefore = openai.chatRequests.length;

    const closing = arena.close();
    for (let i = 0; i < 3; i++) {
      client.send({ type: 'start', mode: 'named', models: { a: 'long', b: 'long-2' }, prompt: 'late', requestId: `late-${i}` });
      client.send({ type: 'vote', battleId, choice: 'a', requestId: `late-vote-${i}` });
      await new Promise((r) => setImmediate(r));
    }
    await closing;
    await new Promise((r) => setTimeout(r, 200));

    // Whatever reached the server before its socket closed was refused, never started.
    const late = client.all('error').filter((m) => m.requestId?.startsWith('late'));
    expect(late.length).toBeGreaterThan(0);
    for (const m of late) expect(m).toMatchObject({ code: 'busy', message: matching(/shutting down/) });
    expect(client.all('battle-started').map((m) => m.requestId)).toEqual(['running']);
    expect(openai.chatRequests.length).toBe(requestsBefore);
    expect(logs.filter((l) => /could not store|not open|failed/.test(l))).toEqual([]);
  });
});
