import { afterAll, describe, expect, it } from 'vitest';
import { backendsUnderTest } from '../helpers/store-backends.ts';
import { votedBattle } from './store-fixtures.ts';

const unit = (...v: number[]) => {
  const n = Math.hypot(...v);
  return Float32Array.from(v, (x) => x / n);
};

describe.each(backendsUnderTest())('the embedding store on $name', (backend) => {
  afterAll(() => backend.cleanup());
  const test = it.skipIf(backend.skip);

  test('stores a vector per battle exactly (float32), replaces it, and lists battles without one by the current model', async () => {
    const s = await (await backend.fresh()).open();
    await votedBattle(s, 'b1', { createdAt: 1_000 });
    await votedBattle(s, 'b2', { createdAt: 2_000 });
    await votedBattle(s, 'b3', { createdAt: 3_000, choice: null });
    // Newest first, with the first prompt.
    expect(await s.embeddings.battlesToEmbed('m1', 10)).toEqual([
      { battleId: 'b3', prompt: 'prompt of b3', createdAt: 3_000 },
      { battleId: 'b2', prompt: 'prompt of b2', createdAt: 2_000 },
      { battleId: 'b1', prompt: 'prompt of b1', createdAt: 1_000 },
    ]);
    const v = unit(0.1, -0.2, 0.3, 1 / 3);
    await s.embeddings.saveEmbedding({ battleId: 'b2', model: 'm1', vector: v });
    expect((await s.embeddings.battlesToEmbed('m1', 10)).map((b) => b.battleId)).toEqual(['b3', 'b1']);
    // Paged by the (createdAt, id) cursor: a backfill walks the battles once.
    expect((await s.embeddings.battlesToEmbed('m1', 1, { createdAt: 3_000, battleId: 'b3' })).map((b) => b.battleId)).toEqual(['b1']);
    // A battle embedded by another model is to be embedded again.
    expect((await s.embeddings.battlesToEmbed('m2', 10)).map((b) => b.battleId)).toEqual(['b3', 'b2', 'b1']);
    expect(await s.embeddings.embeddedCount('m1')).toBe(1);

    const [row] = await s.embeddings.embeddedVotes('m1', 10);
    expect(row!.vote).toMatchObject({
      battleId: 'b2',
      modelA: 'alpha',
      modelB: 'beta',
      choice: 'a',
      countsForRatings: true,
      voided: false,
    });
    expect(Array.from(row!.vector)).toEqual(Array.from(v));

    await s.embeddings.saveEmbedding({ battleId: 'b2', model: 'm2', vector: unit(1, 0) });
    expect(await s.embeddings.embeddedCount('m1')).toBe(0);
    expect(Array.from((await s.embeddings.embeddedVotes('m2', 10))[0]!.vector)).toEqual([1, 0]);
    await s.close();
  });

  test('reads the latest votes with a vector by the model, newest first, up to the limit, leaving out votes that do not count', async () => {
    const s = await (await backend.fresh()).open();
    for (let i = 0; i < 5; i++) {
      await votedBattle(s, `v${i}`, { createdAt: 1_000 * (i + 1), vote: i === 3 ? { countsForRatings: false } : {} });
      if (i !== 1) await s.embeddings.saveEmbedding({ battleId: `v${i}`, model: 'm', vector: unit(i + 1, 1) });
    }
    await votedBattle(s, 'unvoted', { createdAt: 9_000, choice: null });
    await s.embeddings.saveEmbedding({ battleId: 'unvoted', model: 'm', vector: unit(1, 1) });
    expect((await s.embeddings.embeddedVotes('m', 10)).map((r) => r.vote.battleId)).toEqual(['v4', 'v2', 'v0']);
    expect((await s.embeddings.embeddedVotes('m', 2)).map((r) => r.vote.battleId)).toEqual(['v4', 'v2']);
    // The next page starts after the last vote of this one.
    const [, last] = await s.embeddings.embeddedVotes('m', 2);
    const next = await s.embeddings.embeddedVotes('m', 2, { createdAt: last!.vote.tstamp, battleId: last!.vote.battleId });
    expect(next.map((r) => r.vote.battleId)).toEqual(['v0']);
    expect(await s.embeddings.embeddedVotes('other', 10)).toEqual([]);
    await s.close();
  });

  test('refuses a vector for a battle that does not exist', async () => {
    const s = await (await backend.fresh()).open();
    await expect(s.embeddings.saveEmbedding({ battleId: 'nope', model: 'm', vector: unit(1) })).rejects.toThrow();
    await s.close();
  });
});
