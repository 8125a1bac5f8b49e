import { afterAll, describe, expect, it } from 'vitest';
import type { BattleStore } from '../../db/battle-store.ts';
import { computeMetrics } from '../../server/arena/compute-metrics.ts';
import { MEASURED_WINDOW, ModelFigures } from '../../server/leaderboard/model-figures.ts';
import { NOT_MEASURED, summarizeMeasured } from '../../server/leaderboard/measured-stat.ts';
import { backendsUnderTest } from '../helpers/store-backends.ts';
import { overriding } from '../helpers/overriding.ts';

const pricing = { inputPerMTok: 1, outputPerMTok: 2, cachedInputPerMTok: null };
const MODELS = Array.from({ length: 11 }, (_, i) => `model-${String(i).padStart(2, '0')}`);

async function answer(store: BattleStore, n: number, modelId: string): Promise<void> {
  const battleId = `battle-figures-${String(n).padStart(6, '0')}`;
  await store.createBattle(
    { id: battleId, sessionHash: 'h', mode: 'named', modelA: modelId, modelB: 'other', createdAt: n, flagged: null },
    'p',
  );
  // Each answer's speed differs, so a model's figures say whose answers were read.
  const metrics = computeMetrics(
    { t0: 0, firstTextAt: 10 + n, lastTextAt: 1_000 + n, endAt: 1_010 + n },
    { inputTokens: 10 + n, outputTokens: 100 },
    {},
    pricing,
  );
  await store.saveResponse({
    battleId,
    turn: 0,
    side: 'a',
    modelId,
    text: 'answer',
    status: 'finished',
    finishReason: { unified: 'stop', raw: 'stop' },
    error: null,
    metrics,
    endedAt: n,
  });
}

/** The real store, with the reads of figures counted as they overlap. */
function counting(store: BattleStore) {
  const seen = { inFlight: 0, most: 0, reads: 0 };
  const wrapped = overriding(store, {
    recentMeasuredFigures: async (id, limit) => {
      seen.reads++;
      seen.most = Math.max(seen.most, ++seen.inFlight);
      try {
        return await store.recentMeasuredFigures(id, limit);
      } finally {
        seen.inFlight--;
      }
    },
  });
  return { store: wrapped, seen };
}

describe.each(backendsUnderTest())('measured figures of a board, read a few models at a time, on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it.skipIf(backend.skip)(
    'give each model its own figures and totals, as reading it alone does, and are read again only when votes change',
    async () => {
      const real = (await (await backend.fresh()).open()).battles;
      let n = 0;
      for (const [i, m] of MODELS.entries()) for (let k = 0; k <= i; k++) await answer(real, ++n, m);
      const { store, seen } = counting(real);
      let changes = 0;
      const figures = new ModelFigures(store, () => changes);

      const asked = [...MODELS, 'never-answered', MODELS[0]!];
      const got = await figures.of(asked);
      for (const [i, m] of MODELS.entries()) {
        const alone = await real.recentMeasuredFigures(m, MEASURED_WINDOW);
        expect(alone).toHaveLength(i + 1);
        expect(got.measured.get(m)).toEqual(summarizeMeasured(alone));
        expect(got.tokens.find((t) => t.modelId === m)).toEqual((await real.tokenTotals([m]))[0]);
      }
      expect([...got.measured.keys()].sort()).toEqual([...MODELS, 'never-answered'].sort());
      expect(got.measured.get('never-answered')).toEqual(NOT_MEASURED);
      expect(got.tokens.find((t) => t.modelId === 'never-answered')).toBeUndefined();
      // Each model once, however often it was asked; several at once, never more than the four the pool is sized for.
      expect(seen.reads).toBe(MODELS.length + 1);
      expect(seen.most).toBeGreaterThan(1);
      expect(seen.most).toBeLessThanOrEqual(4);

      await figures.of(asked);
      expect(seen.reads).toBe(MODELS.length + 1);
      changes++;
      await figures.of(MODELS.slice(0, 3));
      expect(seen.reads).toBe(MODELS.length + 4);
    },
  );

  it.skipIf(backend.skip)(
    'read each model once when several boards ask for the same models at once (the first boards after a restart)',
    async () => {
      const real = (await (await backend.fresh()).open()).battles;
      let n = 0;
      for (const m of MODELS) for (let k = 0; k < 2; k++) await answer(real, ++n, m);
      const { store, seen } = counting(real);
      const figures = new ModelFigures(store, () => 0);
      const [first, second, part] = await Promise.all([
        figures.of(MODELS),
        figures.of([...MODELS].reverse()),
        figures.of(MODELS.slice(4, 6)),
      ]);
      expect(seen.reads).toBe(MODELS.length);
      const byModel = (r: typeof first) => [...r.measured].sort(([x], [y]) => x.localeCompare(y));
      expect(byModel(second)).toEqual(byModel(first));
      expect(byModel(part)).toEqual(byModel(first).filter(([id]) => MODELS.slice(4, 6).includes(id)));
      expect(first.measured.get(MODELS[0]!)!.answers).toBe(2);
      expect(part.tokens.map((t) => t.modelId).sort()).toEqual(MODELS.slice(4, 6));
    },
  );

  it.skipIf(backend.skip)("gives a call the models it asked for once they are read, not once another call's whole list is", async () => {
    const real = (await (await backend.fresh()).open()).battles;
    let n = 0;
    for (const m of MODELS) await answer(real, ++n, m);
    // The last model's read is held: the board asking for all of them cannot finish.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const last = MODELS[MODELS.length - 1]!;
    const store = overriding(real, {
      recentMeasuredFigures: async (id, limit) => {
        if (id === last) await held;
        return real.recentMeasuredFigures(id, limit);
      },
    });
    const figures = new ModelFigures(store, () => 0);
    const board = figures.of(MODELS);
    const pair = await figures.of(MODELS.slice(0, 2));
    expect([...pair.measured.keys()].sort()).toEqual(MODELS.slice(0, 2));
    release();
    expect((await board).measured.size).toBe(MODELS.length);
  });
});
