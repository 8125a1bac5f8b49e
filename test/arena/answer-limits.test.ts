import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bothEnded, namedBattle, sessionCookie as cookie } from '../helpers/battle-steps.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';

/**
 * The per-answer limits end to end: config → turn runner → run-side → the
 * real SDK against a fake server → the stored answer and the socket frames.
 */

let openai: FakeServer;
let arena: TestArena;

beforeAll(async () => {
  openai = await startFakeOpenAI({
    models: {
      endless: { tokens: ['Once'], endless: { text: ' more', intervalMs: 5 } },
      // A provider that ignores max_tokens and pours out text.
      flood: { tokens: [], endless: { text: 'x'.repeat(500), intervalMs: 1 } },
      quick: { tokens: ['q0 ', 'q1 ', 'q2'], usage: { inputTokens: 5, outputTokens: 3 } },
      'small-window': { tokens: ['ok'] },
    },
  });
  arena = await startTestArena({
    battle: { maxAnswerSeconds: 0.5, maxAnswerBytes: 4096 },
    endpoints: [{ id: 'fake-openai', kind: 'openai', baseURL: openai.baseURL }],
    models: [
      testModel('endless', 'fake-openai', 'endless'),
      testModel('flood', 'fake-openai', 'flood'),
      testModel('quick', 'fake-openai', 'quick'),
      testModel('small-window', 'fake-openai', 'small-window', { contextWindow: 600, maxOutputTokens: null }),
    ],
  });
});

afterAll(async () => {
  await arena?.close();
  await openai?.close();
});

async function battle(a: string, b: string, prompt?: string) {
  const client = await TestClient.connect(arena.wsUrl, await cookie(arena.wsUrl));
  const battleId = await namedBattle(client, a, b, prompt);
  await bothEnded(client, battleId);
  const ended = client.all('side-ended').filter((m) => m.battleId === battleId);
  const stored = (await arena.server.store.getBattle(battleId))!;
  await client.close();
  return { battleId, a: ended.find((m) => m.side === 'a')!, storedA: stored.responses.find((r) => r.side === 'a')! };
}

describe('per-answer limits', () => {
  it('ends a never-ending answer at battle.maxAnswerSeconds, keeps it, and closes the upstream request', async () => {
    const { a, storedA } = await battle('endless', 'quick');
    expect(a.status).toBe('finished');
    expect(a.finishReason).toEqual({ unified: 'length', raw: 'versus:wall-time-cap' });
    expect(a.metrics.latencyMs).toBeGreaterThanOrEqual(495);
    expect(a.metrics.latencyMs).toBeLessThan(5000);
    expect(storedA.text).toMatch(/^Once( more)+$/);
    expect(storedA.finishReason).toEqual({ unified: 'length', raw: 'versus:wall-time-cap' });
    const upstream = openai.chatRequests.filter((r) => r.model === 'endless').at(-1)!;
    expect(await upstream.settled).toBe('aborted');
  });

  it('stores no more than battle.maxAnswerBytes of a provider that ignores max_tokens', async () => {
    const { a, storedA } = await battle('flood', 'quick');
    expect(a.finishReason).toEqual({ unified: 'length', raw: 'versus:text-size-cap' });
    expect(storedA.text).toBe('x'.repeat(4096));
    const upstream = openai.chatRequests.filter((r) => r.model === 'flood').at(-1)!;
    expect(await upstream.settled).toBe('aborted');
  });

  it('asks for no more output than the context window leaves after the prompt', async () => {
    const prompt = 'hello '.repeat(300);
    await battle('small-window', 'quick', prompt);
    const sent = openai.chatRequests.filter((r) => r.model === 'small-window').at(-1)!.body as { max_tokens: number };
    // About 300 o200k tokens of prompt in a 600-token window, instead of the arena default of 1024.
    expect(sent.max_tokens).toBeGreaterThan(100);
    expect(sent.max_tokens).toBeLessThanOrEqual(600 - 300);
    const quick = openai.chatRequests.filter((r) => r.model === 'quick').at(-1)!.body as { max_tokens: number };
    expect(quick.max_tokens).toBe(1024);
  });
});
