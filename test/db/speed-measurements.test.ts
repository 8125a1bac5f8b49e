import { afterAll, describe, expect, it } from 'vitest';
import type { BattleStore, ResponseRecord } from '../../db/battle-store.ts';
import { computeMetrics } from '../../server/arena/compute-metrics.ts';
import { measuredStat } from '../../server/leaderboard/measured-stat.ts';
import type { SideMetrics } from '../../shared/metrics.ts';
import { backendsUnderTest } from '../helpers/store-backends.ts';

const pricing = { inputPerMTok: null, outputPerMTok: null, cachedInputPerMTok: null };

function seed(store: BattleStore, id: string): Promise<void> {
  return store.createBattle({ id, sessionHash: 'h', mode: 'named', modelA: 'm', modelB: 'n', createdAt: 0, flagged: null }, 'prompt');
}

const response = (battleId: string, metrics: SideMetrics): ResponseRecord => ({
  battleId,
  turn: 0,
  side: 'a',
  modelId: 'm',
  text: 'answer',
  status: 'finished',
  finishReason: { unified: 'stop', raw: 'stop' },
  error: null,
  metrics,
  endedAt: 0,
});

/** Migration 3's judgement of older answers is in store-migrations.test.ts. */
describe.each(backendsUnderTest())('speed figures in the store on $name', (backend) => {
  afterAll(() => backend.cleanup());
  const test = it.skipIf(backend.skip);
  const fresh = async () => (await (await backend.fresh()).open()).battles;

  test("round-trips the speed note and the server's own timings", async () => {
    const store = await fresh();
    await seed(store, 'battle-round-trip-0001');
    const serverReported = {
      outputTokens: 16,
      decodeMs: 2.07,
      outputTokensPerSecond: 7726,
      promptTokens: 12,
      promptMs: 3.5,
      promptTokensPerSecond: null,
    };
    const metrics = computeMetrics(
      { t0: 0, firstTextAt: 10, lastTextAt: 15, endAt: 16 },
      { outputTokens: 16 },
      {},
      pricing,
      serverReported,
    );
    await store.saveResponse(response('battle-round-trip-0001', metrics));
    expect((await store.getBattle('battle-round-trip-0001'))!.responses[0]!.metrics).toEqual(metrics);
  });

  test('keeps a burst out of the speed medians, and server-reported figures out of them entirely', async () => {
    const store = await fresh();
    const answers: [string, SideMetrics][] = [
      // 21 tokens over one second: 20 tok/s.
      ['battle-steady-00000001', computeMetrics({ t0: 0, firstTextAt: 100, lastTextAt: 1100 }, { outputTokens: 21 }, {}, pricing)],
      // 16 tokens in 4 ms, with the server saying 7,726 tok/s: neither figure is a Versus sample.
      [
        'battle-burst-000000001',
        computeMetrics({ t0: 0, firstTextAt: 100, lastTextAt: 104 }, { outputTokens: 16 }, {}, pricing, {
          outputTokens: 16,
          decodeMs: 2.07,
          outputTokensPerSecond: 7726,
          promptTokens: null,
          promptMs: null,
          promptTokensPerSecond: null,
        }),
      ],
    ];
    for (const [id, metrics] of answers) {
      await seed(store, id);
      await store.saveResponse(response(id, metrics));
    }
    const stat = measuredStat((await store.measuredFigures()).map((m) => m.tokensPerSecond));
    expect(stat.samples).toBe(1);
    expect(stat.median).toBeCloseTo(20, 10);
  });
});
