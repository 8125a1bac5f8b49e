import { describe, expect, it } from 'vitest';
import { BattleStore, type ResponseRecord } from '../../db/battle-store.ts';
import { openDatabase } from '../../db/open-database.ts';
import { computeMetrics } from '../../server/arena/compute-metrics.ts';
import type { SideStatus } from '../../shared/protocol.ts';

const pricing = { inputPerMTok: null, outputPerMTok: null, cachedInputPerMTok: null };

function answer(
  store: BattleStore,
  n: number,
  modelId: string,
  usage: { inputTokens?: number; outputTokens?: number },
  status: SideStatus = 'finished',
) {
  const battleId = `battle-tokens-${String(n).padStart(8, '0')}`;
  store.createBattle(
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
  store.saveResponse(r);
}

describe('token totals per model (the observed input:output mix)', () => {
  it('sums finished answers whose counts are known, per model', () => {
    const store = new BattleStore(openDatabase(':memory:'));
    answer(store, 1, 'm', { inputTokens: 1_000, outputTokens: 100 });
    answer(store, 2, 'm', { inputTokens: 500, outputTokens: 400 });
    answer(store, 3, 'n', { inputTokens: 30, outputTokens: 10 });
    // Left out: a stopped answer, an answer without an input count, one with no output, another model.
    answer(store, 4, 'm', { inputTokens: 9_999, outputTokens: 9_999 }, 'cancelled');
    answer(store, 5, 'm', { outputTokens: 50 });
    answer(store, 6, 'm', { inputTokens: 70, outputTokens: 0 });
    answer(store, 7, 'x', { inputTokens: 5, outputTokens: 5 });
    const totals = store.tokenTotals(['m', 'n', 'never-answered']).sort((a, b) => a.modelId.localeCompare(b.modelId));
    expect(totals).toEqual([
      { modelId: 'm', inputTokens: 1_500, outputTokens: 500, answers: 2 },
      { modelId: 'n', inputTokens: 30, outputTokens: 10, answers: 1 },
    ]);
    expect(store.tokenTotals([])).toEqual([]);
  });
});
