import { afterAll, describe, expect, it } from 'vitest';
import type { BattleStore, ResponseRecord } from '../../db/battle-store.ts';
import { backendsUnderTest } from '../helpers/store-backends.ts';
import { computeMetrics } from '../../server/arena/compute-metrics.ts';
import type { SideStatus } from '../../shared/protocol.ts';

const pricing = { inputPerMTok: null, outputPerMTok: null, cachedInputPerMTok: null };

async function answer(
  store: BattleStore,
  n: number,
  modelId: string,
  usage: { inputTokens?: number; outputTokens?: number },
  status: SideStatus = 'finished',
): Promise<void> {
  const battleId = `battle-tokens-${String(n).padStart(8, '0')}`;
  await store.createBattle(
    { id: battleId, sessionHash: 'h', mode: 'named', modelA: modelId, modelB: 'other', createdAt: n, flagged: null },
    'prompt',
  );
  const metrics = computeMetrics({ t0: 0, firstTextAt: 10, lastTextAt: 500, endAt: 510 }, usage, {}, pricing);
  const r: ResponseRecord = {
    battleId,
    turn: 0,
    side: 'a',
    modelId,
    text: 'answer',
    status,
    finishReason: status === 'finished' ? { unified: 'stop', raw: 'stop' } : null,
    error: null,
    metrics,
    endedAt: n,
  };
  await store.saveResponse(r);
}

describe.each(backendsUnderTest())('token totals per model (the observed input:output mix) on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it.skipIf(backend.skip)('sums finished answers whose counts are known, per model', async () => {
    const store = (await (await backend.fresh()).open()).battles;
    await answer(store, 1, 'm', { inputTokens: 1_000, outputTokens: 100 });
    await answer(store, 2, 'm', { inputTokens: 500, outputTokens: 400 });
    await answer(store, 3, 'n', { inputTokens: 30, outputTokens: 10 });
    // Left out: a stopped answer, an answer without an input count, one with no output, another model.
    await answer(store, 4, 'm', { inputTokens: 9_999, outputTokens: 9_999 }, 'cancelled');
    await answer(store, 5, 'm', { outputTokens: 50 });
    await answer(store, 6, 'm', { inputTokens: 70, outputTokens: 0 });
    await answer(store, 7, 'x', { inputTokens: 5, outputTokens: 5 });
    const totals = (await store.tokenTotals(['m', 'n', 'never-answered'])).sort((a, b) => a.modelId.localeCompare(b.modelId));
    expect(totals).toEqual([
      { modelId: 'm', inputTokens: 1_500, outputTokens: 500, answers: 2 },
      { modelId: 'n', inputTokens: 30, outputTokens: 10, answers: 1 },
    ]);
    expect(await store.tokenTotals([])).toEqual([]);
  });
});
