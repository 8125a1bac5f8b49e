import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelsResponse } from '../../shared/api.ts';
import { sessionCookie } from '../helpers/battle-steps.ts';
import { CHATML_TEMPLATE } from '../helpers/chatml-template.ts';
import { startFakeModelHub, type FakeModelHub } from '../helpers/fake-model-hub.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { tinyLlamaGguf } from '../helpers/write-tiny-llama-gguf.ts';

/**
 * The first run of a fresh install, end to end: nothing configured and
 * nothing found, so the server downloads its two starter models (here two
 * generated instruct GGUFs of different sizes, from a fake hub on loopback),
 * verifies them, offers both, and a blind battle between them runs over the
 * real websocket and takes a vote. Only the starter list differs from a real
 * first run, through the config key a user would set.
 */

const SMALL = 'Tiny-Instruct-S.gguf';
const LARGE = 'Tiny-Instruct-L.gguf';
const small = tinyLlamaGguf({ chatTemplate: CHATML_TEMPLATE, embeddingLength: 32, blockCount: 1, seed: 3 });
const large = tinyLlamaGguf({ chatTemplate: CHATML_TEMPLATE, embeddingLength: 64, blockCount: 2, seed: 4 });

let hub: FakeModelHub;
let arena: TestArena;
const logs: string[] = [];

beforeAll(async () => {
  hub = await startFakeModelHub({ [SMALL]: small.bytes, [LARGE]: large.bytes });
  arena = await startTestArena(
    {
      local: { starter: [hub.starter(SMALL, 'Tiny Instruct S'), hub.starter(LARGE, 'Tiny Instruct L')] },
      battle: { defaultMaxTokens: 40 },
    },
    // Online, with the server's own console lines kept to read what it said.
    { env: { VERSUS_OFFLINE: '0', VERSUS_LOG: 'info' }, server: { logSink: (l) => logs.push(l) } },
  );
});

afterAll(async () => {
  await arena?.close();
  await hub?.close();
});

describe('first run with nothing configured', () => {
  it('states the total size, then downloads and verifies both starter models into ./models', () => {
    const said = logs.map((l) => l.replace(/^\[versus\] info: /, ''));
    const total = `${((small.sizeBytes + large.sizeBytes) / 1e6).toFixed(1)} MB`;
    const announce = said.findIndex((l) =>
      l.startsWith(`No model found. Downloading 2 starter models, ${total} in all, into ${join(arena.dir, 'models')}`),
    );
    expect(announce).toBeGreaterThanOrEqual(0);
    const verified = said.map((l, i) => (/Downloaded and verified/.test(l) ? i : -1)).filter((i) => i >= 0);
    expect(verified).toHaveLength(2);
    expect(verified.every((i) => i > announce)).toBe(true);
    expect(hub.hits.map((h) => h.split('/').at(-1))).toEqual([SMALL, LARGE]);
    // Only verified files, renamed from their .part.
    expect(readdirSync(join(arena.dir, 'models')).sort()).toEqual([LARGE, SMALL]);
  });

  it('offers both as available catalog entries, and the page gets no setup help', async () => {
    const ids = arena.server.catalog
      .available()
      .map((e) => e.spec.id)
      .sort();
    expect(ids).toEqual(['local:Tiny-Instruct-L', 'local:Tiny-Instruct-S']);
    const body = ModelsResponse.parse(await (await fetch(`${arena.server.url}/api/models`)).json());
    expect(
      body.models
        .filter((m) => m.available)
        .map((m) => m.id)
        .sort(),
    ).toEqual(ids);
    expect(body.setupHelp).toBeNull();
    // Both run with their chat template: they are instruct models.
    for (const m of body.models.filter((x) => x.available)) expect(m.details['chat template']).toMatch(/^yes/);
  });

  it('runs a blind battle between them over the websocket and takes a vote', async () => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    try {
      client.send({ type: 'start', mode: 'blind', prompt: 'Tell me a story about Lily and her red ball.', requestId: 'first' });
      const started = await client.next('battle-started', (m) => m.requestId === 'first');
      expect(started.sides).toEqual({ a: null, b: null });
      const { battleId } = started;
      const ended = await Promise.all(
        (['a', 'b'] as const).map((side) => client.next('side-ended', (m) => m.battleId === battleId && m.side === side, 30_000)),
      );
      for (const e of ended) {
        expect(e.status).toBe('finished');
        // Blind: one tokenizer for both sides until the vote, marked as an estimate.
        expect(e.metrics.estimated.outputTokens).toBe(true);
        expect(client.textOf(battleId, e.side).length).toBeGreaterThan(0);
      }
      await client.next('turn-ended', (m) => m.battleId === battleId && m.votable);

      client.send({ type: 'vote', battleId, choice: 'a' });
      const vote = await client.next('vote-recorded', (m) => m.battleId === battleId);
      expect([vote.reveal.a.modelId, vote.reveal.b.modelId].sort()).toEqual(['local:Tiny-Instruct-L', 'local:Tiny-Instruct-S']);
      expect(vote.countsForRatings).toBe(true);
      // The vote reveals each model's own count: the answer ran to its 40-token budget.
      for (const side of ['a', 'b'] as const) expect(vote.reveal[side].metrics?.outputTokens).toBe(40);
    } finally {
      await client.close();
    }
  });
});
