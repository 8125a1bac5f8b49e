import { afterAll, describe, expect, it } from 'vitest';
import type { RatedVote } from '../../db/battle-store.ts';
import type { Store } from '../../db/store.ts';
import { CategoryBoards, type CategoryBoardsDeps } from '../../server/leaderboard/category-boards.ts';
import { createControlledFitter, inlineControlledFitter } from '../../server/leaderboard/controlled-fitter.ts';
import { computeInline } from '../../server/leaderboard/ratings-computer.ts';
import { createLogger } from '../../server/logger.ts';
import { answer, battle, metrics, vote } from '../db/store-fixtures.ts';
import { backendsUnderTest } from '../helpers/store-backends.ts';

/**
 * What the category boards hold in memory and where the controlled fits get
 * their rows: tag tables capped (other tags counted from the database when
 * asked for, to the same board), and the worker's fit, fed from either
 * store, equal to the inline fit of the same rows.
 */

const MODELS = ['alpha', 'beta', 'gamma'] as const;
const TAGS = { t1: 6, t2: 5, t3: 4, t4: 3, t5: 2 } as const;
const settings = { rounds: 20, seed: 1 };
const log = createLogger('silent');

/** Battle k between two of three models, with answers of different lengths and speeds, and its vote. */
async function voted(s: Store, k: number, prompt: string): Promise<RatedVote> {
  const id = `memory-battle-${String(k).padStart(5, '0')}`;
  const [modelA, modelB] = [MODELS[k % 3]!, MODELS[(k + 1 + (k % 2)) % 3]!];
  const at = 1_750_000_000_000 + k * 1000;
  await s.battles.createBattle(battle(id, { createdAt: at, modelA, modelB }), prompt);
  for (const side of ['a', 'b'] as const) {
    const long = (side === 'a') === k % 4 < 2;
    await s.battles.saveResponse(
      answer(id, side, {
        modelId: side === 'a' ? modelA : modelB,
        text: long ? `# Long\n\n- one\n- two\n\n**${'word '.repeat(20 + k)}**` : `short ${k}`,
        metrics: metrics({ ttftMs: 200 + ((k * 37) % 300), outputTokensPerSecond: 20 + ((k * 13) % 50) }),
        endedAt: at + 1,
      }),
    );
  }
  const choice = (['a', 'b', 'a', 'tie'] as const)[k % 4]!;
  await s.battles.recordVote(vote(id, { choice, createdAt: at + 2 }));
  return { battleId: id, mode: 'blind', modelA, modelB, choice, tstamp: at + 2, countsForRatings: true, flagged: null };
}

async function seeded(s: Store): Promise<number> {
  let k = 0;
  // Interleaved, so that every tag appears early and the counts decide which are kept.
  for (let round = 0; round < 6; round++)
    for (const [tag, n] of Object.entries(TAGS)) if (round < n) await voted(s, k++, `How do I write this query? #${tag}`);
  return k;
}

const open = (s: Store, over: Partial<CategoryBoardsDeps> = {}) =>
  CategoryBoards.open({ store: s.battles, compute: computeInline, opts: settings, log, ...over });

async function ready(boards: CategoryBoards): Promise<CategoryBoards> {
  boards.startBackgroundJobs();
  await boards.idle();
  return boards;
}

/** Reads a board until it is no longer stale (an on-demand board counts from the store in the background). */
async function settledRatings(boards: CategoryBoards, key: string) {
  for (let i = 0; i < 200; i++) {
    const snap = await boards.ratings('blind', key);
    if (!snap.stale) return snap;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${key} stayed stale`);
}

describe.each(backendsUnderTest())('category boards memory and controlled-fit rows on $name', (backend) => {
  afterAll(() => backend.cleanup());
  const test = it.skipIf(backend.skip);

  test('keeps count tables for at most `tagBoards` tags, and counts the others from the database to the same boards', async () => {
    const s = await (await backend.fresh()).open();
    let k = await seeded(s);
    const capped = await ready(await open(s, { tagBoards: 2 }));
    const full = await ready(await open(s));
    expect(capped.memory.tagBoards).toBe(2);
    expect(full.memory.tagBoards).toBe(5);
    // Every tag is still listed with its count.
    expect(capped.counts('blind').filter((c) => c.kind === 'tag')).toEqual(full.counts('blind').filter((c) => c.kind === 'tag'));
    for (const tag of Object.keys(TAGS)) {
      const [a, b] = [await settledRatings(capped, `tag:${tag}`), await settledRatings(full, `tag:${tag}`)];
      expect(a.votes, tag).toBe(TAGS[tag as keyof typeof TAGS]);
      expect(a.ratings.models).toEqual(b.ratings.models);
    }
    expect(capped.memory.onDemandBoards).toBe(3);
    // A new tag voted live: listed and rated, still no more tables.
    const v = await voted(s, k++, 'And this one? #t6');
    capped.classify(v.battleId, ['And this one? #t6']);
    capped.recordVote(v);
    await capped.idle();
    expect(capped.counts('blind').find((c) => c.key === 'tag:t6')?.votes).toBe(1);
    expect(capped.knows('tag:t6')).toBe(true);
    expect((await settledRatings(capped, 'tag:t6')).votes).toBe(1);
    expect(capped.memory.tagBoards).toBe(2);
    // A vote on a tag counted from the database: its board is served stale, then counted again.
    const w = await voted(s, k, 'More #t5');
    capped.classify(w.battleId, ['More #t5']);
    capped.recordVote(w);
    await capped.idle();
    expect((await settledRatings(capped, 'tag:t5')).votes).toBe(TAGS.t5 + 1);
    // No vote is kept: the labels of a counted battle are let go.
    expect(capped.memory.liveLabels).toBe(0);
    await s.close();
  });

  test("fits in the worker, from the store's rows, exactly what the inline fit gives", async () => {
    const database = await backend.fresh();
    const s = await database.open();
    await seeded(s);
    await ready(await open(s));
    const worker = createControlledFitter(s.battles, settings);
    // The server's way: the worker reads the rows itself, on a connection of its own (SQLite file or PostgreSQL).
    const reader = createControlledFitter(s.battles, settings, database.config);
    const inline = inlineControlledFitter(s.battles, settings);
    try {
      for (const request of [
        { mode: 'blind', category: null, kind: 'style' },
        { mode: 'all', category: null, kind: 'speed' },
        { mode: 'blind', category: 'tag:t1', kind: 'style' },
      ] as const) {
        const [a, b] = await Promise.all([worker.fit(request), inline(request)]);
        expect(a, JSON.stringify(request)).toEqual(b);
        expect(await reader.fit(request), `${JSON.stringify(request)} read in the worker`).toEqual(b);
        expect(a.battles + a.dropped).toBe(request.category ? TAGS.t1 : 20);
      }
    } finally {
      await worker.close();
      await reader.close();
    }
    await s.close();
  });
});
