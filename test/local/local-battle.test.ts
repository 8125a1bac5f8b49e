import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../server/providers/discover.ts';
import { createLocalAdapter } from '../../server/providers/local/local-adapter.ts';
import { sessionCookie as cookie } from '../helpers/battle-steps.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { writeTinyLlamaGguf } from '../helpers/write-tiny-llama-gguf.ts';

/**
 * The whole path with real inference: config → discovery → catalog → arena →
 * websocket, two catalog entries running one generated GGUF (512-token
 * context) two ways in one process.
 */

let dir: string;
let MODEL: string;
const local = (id: string, sampling: Record<string, number>) =>
  testModel(id, 'local', MODEL, { pricing: { inputPerMTok: 0, outputPerMTok: 0 }, contextWindow: 512, maxOutputTokens: 512, sampling });

let arena: TestArena;
const counter = createLocalAdapter();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'versus-local-battle-'));
  MODEL = writeTinyLlamaGguf(join(dir, 'tiny.gguf'), { contextLength: 512 }).path;
  arena = await startTestArena(
    {
      endpoints: [{ id: 'local', kind: 'local' }],
      models: [
        local('stories-cold', { temperature: 0.2, seed: 11, maxTokens: 480 }),
        local('stories-hot', { temperature: 1.2, topP: 0.9, maxTokens: 480 }),
      ],
    },
    { server: { discover: (config) => discover(config, { servers: [], starter: false }) } },
  );
});

afterAll(async () => {
  await arena?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function blindBattle(client: TestClient, prompt: string) {
  const requestId = `r-${Math.random()}`;
  client.send({ type: 'start', mode: 'blind', prompt, requestId });
  const started = await client.next('battle-started', (m) => m.requestId === requestId);
  return started;
}

describe('blind battle between two local entries over a real websocket', () => {
  it('streams both sides with metrics whose token counts come from the model tokenizer', async () => {
    expect(
      arena.server.catalog
        .available()
        .map((e) => e.spec.id)
        .sort(),
    ).toEqual(['stories-cold', 'stories-hot']);
    const client = await TestClient.connect(arena.wsUrl, await cookie(arena.wsUrl));
    try {
      const started = await blindBattle(client, 'Once upon a time');
      expect(started.sides).toEqual({ a: null, b: null });
      const { battleId } = started;
      const ended = await Promise.all(
        ['a', 'b'].map((side) => client.next('side-ended', (m) => m.battleId === battleId && m.side === side, 30_000)),
      );
      await client.next('turn-ended', (m) => m.battleId === battleId && m.votable);
      expect(client.all('live').filter((l) => l.battleId === battleId).length).toBeGreaterThan(0);

      for (const e of ended) {
        const text = client.textOf(battleId, e.side);
        expect(e.status).toBe('finished');
        expect(text.length).toBeGreaterThan(100);
        expect(e.finishReason?.unified).toBe('length');
        const m = e.metrics;
        expect(m.ttftMs).toBeGreaterThan(0);
        expect(m.latencyMs).toBeGreaterThanOrEqual(m.ttftMs!);
        expect(m.outputTokensPerSecond).toBeGreaterThan(10);
        // Blind: the model's own counts and the price could give it away, so they wait for the vote.
        expect(m.inputTokens).toBeNull();
        expect(m.costUsd).toBeNull();
        expect(m.estimated.outputTokens).toBe(true);
      }
      expect(client.textOf(battleId, 'a')).not.toBe(client.textOf(battleId, 'b'));

      client.send({ type: 'vote', battleId, choice: 'tie' });
      const vote = await client.next('vote-recorded', (m) => m.battleId === battleId);
      expect([vote.reveal.a.modelId, vote.reveal.b.modelId].sort()).toEqual(['stories-cold', 'stories-hot']);
      expect(vote.countsForRatings).toBe(true);
      for (const side of ['a', 'b'] as const) {
        const m = vote.reveal[side].metrics!;
        expect(m.costUsd).toBe(0);
        expect(m.estimated).toEqual({ inputTokens: false, outputTokens: false });
        expect(m.outputTokens).toBe(480);
        expect(m.inputTokens).toBeGreaterThan(0);
        // The fixture writes whole-word pieces only, so the streamed text recounts to exactly the tokens reported.
        expect(await counter.countTokens(MODEL, client.textOf(battleId, side))).toBe(m.outputTokens);
      }
    } finally {
      await client.close();
    }
  });

  it('stopping a side mid-stream frees it, and the next battle works', async () => {
    const client = await TestClient.connect(arena.wsUrl, await cookie(arena.wsUrl));
    try {
      const { battleId } = await blindBattle(client, 'Once upon a time');
      await client.next('delta', (m) => m.battleId === battleId && m.side === 'a');
      client.send({ type: 'stop', battleId, side: 'a' });
      const a = await client.next('side-ended', (m) => m.battleId === battleId && m.side === 'a');
      const b = await client.next('side-ended', (m) => m.battleId === battleId && m.side === 'b', 30_000);
      expect(a.status).toBe('cancelled');
      expect(a.error?.kind).toBe('cancelled');
      expect(b.status).toBe('finished');

      for (let i = 0; i < 2; i++) {
        const next = await blindBattle(client, 'Tom had a red ball');
        const ends = await Promise.all(
          ['a', 'b'].map((side) => client.next('side-ended', (m) => m.battleId === next.battleId && m.side === side, 30_000)),
        );
        expect(ends.map((e) => e.status)).toEqual(['finished', 'finished']);
      }
    } finally {
      await client.close();
    }
  });
});
