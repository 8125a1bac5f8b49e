import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/protocol.ts';
import { estimateTokens } from '../../server/arena/token-estimator.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { sessionCookie } from '../helpers/battle-steps.ts';
import { GENEROUS_LIMITS, waitFor } from './helpers.ts';

/**
 * Text the local token estimator finds hard: long runs without whitespace
 * (a 32,000-character prompt of one letter, CJK prose, base64). When a
 * provider reports no usage, or a side is stopped before its usage arrives,
 * the server counts tokens itself; that count used to grow so steeply with
 * the length of such a run (20 s for 16,000 letters, minutes for the longest
 * prompt a client may send) that one prompt could stall every stream.
 *
 * Its bounds are times, so it runs in the timing pass (vitest.timing.config.ts),
 * alone on the machine.
 */

const ANSWER = Array.from({ length: 40 }, () => 'z'.repeat(1000));

let openai: FakeServer;
let arena: TestArena;

beforeAll(async () => {
  openai = await startFakeOpenAI({ models: { nousage: { tokens: ANSWER, intervalMs: 2, usageMode: 'none' } } });
  arena = await startTestArena({
    limits: GENEROUS_LIMITS,
    endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
    models: [testModel('nousage', 'fake', 'nousage'), testModel('nousage-2', 'fake', 'nousage')],
  });
});

afterAll(async () => {
  await arena?.close();
  await openai?.close();
});

describe('token estimates of pathological text', () => {
  it('stay fast for the longest prompt a client may send', async () => {
    await estimateTokens('warm up');
    for (const text of [
      'x'.repeat(LIMITS.promptChars),
      '漢字仮名交じり文'.repeat(LIMITS.promptChars / 8),
      ' '.repeat(LIMITS.promptChars),
      'ab'.repeat(500_000),
    ]) {
      const t = performance.now();
      const n = await estimateTokens(text);
      expect(performance.now() - t).toBeLessThan(3000);
      expect(n).toBeGreaterThan(0);
    }
    // Ordinary text is counted exactly as before.
    expect(await estimateTokens('Hello there, friend')).toBe(4);
  });

  it('do not stall the server when a battle with such a prompt and answer ends without usage', async () => {
    const owner = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    const bystander = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    let worstPingMs = 0;
    let pings = 0;
    let stop = false;
    const pinger = (async () => {
      while (!stop && pings < 500) {
        const t = performance.now();
        bystander.send({ type: 'ping', requestId: `p${pings}` });
        await bystander.next('pong', (m) => m.requestId === `p${pings}`, 60_000);
        worstPingMs = Math.max(worstPingMs, performance.now() - t);
        pings++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    // The bystander is answered once before the battle starts, so every later ping overlaps the battle.
    await waitFor(() => pings > 0, 'the first pong');
    const pingsBefore = pings;
    owner.send({
      type: 'start',
      mode: 'named',
      models: { a: 'nousage', b: 'nousage-2' },
      prompt: 'y'.repeat(LIMITS.promptChars),
      requestId: 'p',
    });
    const { battleId } = await owner.next('battle-started', (m) => m.requestId === 'p');
    await owner.next('turn-ended', (m) => m.battleId === battleId, 20_000);
    stop = true;
    await pinger;

    for (const m of owner.all('side-ended').filter((x) => x.battleId === battleId)) {
      expect(m.status).toBe('finished');
      expect(m.metrics.estimated).toEqual({ inputTokens: true, outputTokens: true });
      expect(m.metrics.inputTokens).toBeGreaterThan(LIMITS.promptChars / 16);
      expect(m.metrics.outputTokens).toBeGreaterThan(40_000 / 16);
    }
    console.log(`pathological text: worst ping while the battle ran and was counted ${worstPingMs.toFixed(0)} ms over ${pings} pings`);
    // How many pings fit depends on the machine's speed; one while the battle ran is what the bound needs.
    expect(pings).toBeGreaterThan(pingsBefore);
    expect(worstPingMs).toBeLessThan(2000);
    await owner.close();
    await bystander.close();
  });
});
