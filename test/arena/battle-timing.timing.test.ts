import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../helpers/fake-anthropic-server.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { sessionCookie as cookie, namedBattle, bothEnded } from '../helpers/battle-steps.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';

/**
 * Measurements against fake providers that emit tokens at known times. This
 * file runs in its own sequential vitest pass (`*.timing.test.ts`), so no
 * CPU-heavy test shares the machine while it measures.
 *
 * Stated tolerance on a shared 2-core machine: TTFT in [scripted, scripted +
 * 150 ms]; tokens/s within ±15 % of the scripted decode rate (the scripted
 * decode windows are 1 s long, so ±75 ms of jitter at each end still fits).
 * Usage and cost are exact.
 */

const TTFT_SLACK_MS = 150;
const RATE_TOLERANCE = 0.15;
const tokens = (n: number, word = 'tok') => Array.from({ length: n }, (_, i) => `${word}${i} `);

let openai: FakeServer;
let anthropic: FakeServer;
let arena: TestArena;

beforeAll(async () => {
  openai = await startFakeOpenAI({
    models: {
      // 21 tokens: first at 300 ms, then every 50 ms → decode window 1000 ms → 20 tokens/s.
      steady: { tokens: tokens(21), firstTokenMs: 300, intervalMs: 50, usage: { inputTokens: 100, outputTokens: 21 } },
    },
  });
  anthropic = await startFakeAnthropic({
    models: {
      // 11 tokens: first at 500 ms, then every 100 ms → decode window 1000 ms → 10 tokens/s.
      'claude-steady': {
        tokens: tokens(11, 'c'),
        firstTokenMs: 500,
        intervalMs: 100,
        usage: { inputTokens: 50, cachedInputTokens: 10, outputTokens: 11 },
      },
    },
  });
  arena = await startTestArena(
    {
      endpoints: [
        { id: 'fake-openai', kind: 'openai', baseURL: openai.baseURL },
        { id: 'fake-anthropic', kind: 'anthropic', baseURL: anthropic.baseURL, apiKeyEnv: 'FAKE_ANTHROPIC_KEY' },
      ],
      models: [
        testModel('steady', 'fake-openai', 'steady', { pricing: { inputPerMTok: 1, outputPerMTok: 2 } }),
        testModel('claude-steady', 'fake-anthropic', 'claude-steady', {
          pricing: { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3 },
        }),
      ],
    },
    { env: { FAKE_ANTHROPIC_KEY: 'sk-ant-test-key-0123456789' } },
  );
});

afterAll(async () => {
  await arena?.close();
  await openai?.close();
  await anthropic?.close();
});

describe('measurements of a battle over the websocket', () => {
  it('streams both sides concurrently and measures TTFT, tokens/s and cost', async () => {
    const client = await TestClient.connect(arena.wsUrl, await cookie(arena.wsUrl));
    const battleId = await namedBattle(client, 'steady', 'claude-steady');
    await bothEnded(client, battleId);

    const ended = Object.fromEntries(
      client
        .all('side-ended')
        .filter((m) => m.battleId === battleId)
        .map((m) => [m.side, m]),
    );
    const a = ended.a!;
    const b = ended.b!;
    expect(a.status).toBe('finished');
    expect(b.status).toBe('finished');
    expect(client.textOf(battleId, 'a')).toBe(tokens(21).join(''));
    expect(client.textOf(battleId, 'b')).toBe(tokens(11, 'c').join(''));

    expect(a.metrics.ttftMs!).toBeGreaterThanOrEqual(300);
    expect(a.metrics.ttftMs!).toBeLessThanOrEqual(300 + TTFT_SLACK_MS);
    expect(b.metrics.ttftMs!).toBeGreaterThanOrEqual(500);
    expect(b.metrics.ttftMs!).toBeLessThanOrEqual(500 + TTFT_SLACK_MS);
    expect(Math.abs(a.metrics.outputTokensPerSecond! / 20 - 1)).toBeLessThan(RATE_TOLERANCE);
    expect(Math.abs(b.metrics.outputTokensPerSecond! / 10 - 1)).toBeLessThan(RATE_TOLERANCE);

    // Usage and cost come from the providers' own counts, exactly.
    expect(a.metrics).toMatchObject({ inputTokens: 100, outputTokens: 21, estimated: { inputTokens: false, outputTokens: false } });
    expect(a.metrics.costUsd).toBeCloseTo((100 * 1 + 21 * 2) / 1e6, 15);
    expect(b.metrics).toMatchObject({ inputTokens: 60, cachedInputTokens: 10, outputTokens: 11 });
    expect(b.metrics.costUsd).toBeCloseTo((50 * 3 + 10 * 0.3 + 11 * 15) / 1e6, 15);
    expect(a.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
    expect(b.finishReason).toEqual({ unified: 'stop', raw: 'end_turn' });

    // The sides really ran at the same time: B's first token came before A's last.
    const deltas = client.received.filter((r) => r.msg.type === 'delta' && r.msg.battleId === battleId);
    const firstB = deltas.find((r) => r.msg.type === 'delta' && r.msg.side === 'b')!.at;
    const lastA = deltas.filter((r) => r.msg.type === 'delta' && r.msg.side === 'a').at(-1)!.at;
    expect(firstB).toBeLessThan(lastA);
    // Text arrives as it is produced, not in one lump at the end.
    expect(deltas.filter((r) => r.msg.type === 'delta' && r.msg.side === 'a').length).toBeGreaterThan(10);

    // The stored answer matches what was sent.
    const stored = (await arena.server.store.getBattle(battleId))!;
    expect(stored.responses.map((r) => [r.side, r.status, r.metrics.outputTokens])).toEqual([
      ['a', 'finished', 21],
      ['b', 'finished', 11],
    ]);
    expect(stored.responses[0]!.text).toBe(tokens(21).join(''));
    await client.close();
  });
});
