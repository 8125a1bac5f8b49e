import { afterAll, describe, expect, it, vi } from 'vitest';
import type { BattleClassification } from '../../db/battle-store.ts';
import type { Store } from '../../db/store.ts';
import { openSqliteStore } from '../../db/sqlite/open-sqlite-store.ts';
import { pairingStats } from '../../server/arena/pairing-stats.ts';
import { CLASSIFIER_VERSION } from '../../server/categories/classify-prompt.ts';
import { CategoryBoards } from '../../server/leaderboard/category-boards.ts';
import { computeInline } from '../../server/leaderboard/ratings-computer.ts';
import { foreground } from '../../server/foreground.ts';
import { createLogger } from '../../server/logger.ts';
import type { ModelRating } from '../../server/ratings/compute-leaderboard-ratings.ts';
import { answer, battle, ratedVote, vote } from '../db/store-fixtures.ts';
import { backendsUnderTest } from '../helpers/store-backends.ts';
import { overriding } from '../helpers/overriding.ts';

const CODING = 'Why does `JSON.parse(undefined)` throw in JavaScript?';
const POEM = 'Write a poem about rain on a tin roof';

async function voted(s: Store, id: string, prompt: string, at: number, text = 'ok'): Promise<void> {
  await s.battles.createBattle(battle(id, { createdAt: at }), prompt);
  for (const side of ['a', 'b'] as const)
    await s.battles.saveResponse(answer(id, side, { text: side === 'a' ? text : 'ok', endedAt: at + 1 }));
  await s.battles.recordVote(vote(id, { createdAt: at + 2 }));
}

const votesOf = (boards: CategoryBoards, key: string) => boards.counts('blind').find((c) => c.key === key)?.votes ?? 0;

describe.each(backendsUnderTest())('category boards on $name', (backend) => {
  afterAll(() => backend.cleanup());
  const test = it.skipIf(backend.skip);
  const log = createLogger('silent');

  test('reclassifies at start what an older classifier labelled, and labels what none did, in the background', async () => {
    const s = await (await backend.fresh()).open();
    await voted(s, 'stale-coding-000001', CODING, 1_750_000_000_000);
    await voted(s, 'never-poem-00000002', POEM, 1_750_000_001_000, '# Rain\n\n- tin\n- roof\n\n**loud**');
    // As an older version left it: the coding battle labelled math.
    await s.battles.saveClassification({
      battleId: 'stale-coding-000001',
      classifierVersion: CLASSIFIER_VERSION - 1,
      labels: [{ kind: 'category', value: 'math' }],
    });
    const boards = await CategoryBoards.open({ store: s.battles, compute: computeInline, opts: { rounds: 20, seed: 1 }, log });
    // Open reads what is stored: the stale label counts until the job has run.
    expect(votesOf(boards, 'math')).toBe(1);
    expect(votesOf(boards, 'coding')).toBe(0);
    boards.startBackgroundJobs();
    expect(boards.reclassifying).toEqual({ done: 0 });
    await boards.idle();
    expect(boards.reclassifying).toBeNull();
    expect(votesOf(boards, 'math')).toBe(0);
    expect(votesOf(boards, 'coding')).toBe(1);
    expect(votesOf(boards, 'creative-writing')).toBe(1);
    expect(votesOf(boards, 'lang:en')).toBe(2);
    expect((await s.battles.battlesToClassify(CLASSIFIER_VERSION, 10)).items).toEqual([]);
    // The backfill stored each voted battle's style: the poem's side A has a header, two list items and a bold span.
    const figures = await s.battles.controlFigures();
    expect(figures.find((f) => f.battleId === 'never-poem-00000002')!.style!.a).toMatchObject({ headers: 1, listItems: 2, bold: 1 });
    expect((await s.battles.votedBattlesWithoutStyle(10)).items).toEqual([]);
    // A restart finds nothing to do and the same counts.
    const again = await CategoryBoards.open({ store: s.battles, compute: computeInline, opts: { rounds: 20, seed: 1 }, log });
    expect(again.counts('blind')).toEqual(boards.counts('blind'));
    await s.close();
  });

  test('classifies a battle again when a turn is added, and counts its vote on each of its labels', async () => {
    const s = await (await backend.fresh()).open();
    const boards = await CategoryBoards.open({ store: s.battles, compute: computeInline, opts: { rounds: 20, seed: 1 }, log });
    await s.battles.createBattle(battle('live-battle-0000001'), 'hello there, how are you today?');
    boards.classify('live-battle-0000001', ['hello there, how are you today?']);
    await s.battles.addTurn({ battleId: 'live-battle-0000001', turn: 1, prompt: 'now a #sql question', createdAt: 1_750_000_000_500 });
    boards.classify('live-battle-0000001', ['hello there, how are you today?', 'now a #sql question']);
    for (const side of ['a', 'b'] as const) await s.battles.saveResponse(answer('live-battle-0000001', side));
    await s.battles.recordVote(vote('live-battle-0000001'));
    boards.recordVote(ratedVote('live-battle-0000001'));
    await boards.idle();
    expect(votesOf(boards, 'multi-turn')).toBe(1);
    expect(votesOf(boards, 'tag:sql')).toBe(1);
    expect(boards.knows('tag:sql')).toBe(true);
    expect(boards.knows('tag:nosql')).toBe(false);
    const stored = (await s.battles.battleLabels()).map((l) => `${l.label.kind}:${l.label.value}`);
    expect(stored).toEqual(expect.arrayContaining(['category:multi-turn', 'tag:sql']));
    // The vote's style was computed from the stored answers.
    expect((await s.battles.controlFigures())[0]!.style).not.toBeNull();
    const board = await boards.ratings('blind', 'tag:sql');
    expect(board.votes).toBe(1);
    await s.close();
  });
});

describe('pairing stats from the blind board', () => {
  it('turns each 95% interval into a variance, and leaves open or missing ones unknown', () => {
    const row = (model: string, rating: number | null, ciLower: number | null, ciUpper: number | null) =>
      ({ model, rating, ciLower, ciUpper }) as ModelRating;
    const stats = pairingStats([row('a', 1000, 980.4, 1019.6), row('b', 1100, 1050, null), row('c', null, null, null)]);
    expect(stats.get('a')!.rating).toBe(1000);
    expect(stats.get('a')!.variance).toBeCloseTo(100, 1);
    expect(stats.get('b')).toEqual({ rating: 1100, variance: null });
    expect(stats.get('c')).toEqual({ rating: null, variance: null });
  });
});

describe('the reclassification job sizes its slices by time', () => {
  it('counts the write of a slice in its time: slow writes make smaller slices, and every battle is still classified', async () => {
    const storage = openSqliteStore(':memory:');
    for (let i = 0; i < 300; i++) await storage.battles.createBattle(battle(`slice-${String(i).padStart(14, '0')}`), POEM);
    const written: number[] = [];
    // A write that holds the event loop 1 ms per battle: slices of about 4 battles fit the 4 ms budget.
    const store = overriding(storage.battles, {
      saveClassifications: async (batch: readonly BattleClassification[]) => {
        written.push(batch.length);
        const until = performance.now() + 1 * batch.length;
        while (performance.now() < until);
        return storage.battles.saveClassifications(batch);
      },
    });
    const boards = await CategoryBoards.open({ store, compute: computeInline, opts: { rounds: 10, seed: 1 }, log: createLogger('silent') });
    boards.startBackgroundJobs();
    await boards.idle();
    // Sized by classifying and writing together; by the classifying alone, slices were 26-28 battles whatever the write.
    const sorted = [...written].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThanOrEqual(8);
    expect(written.reduce((a, b) => a + b, 0)).toBe(300);
    expect((await storage.battles.battlesToClassify(CLASSIFIER_VERSION, 1000, '', 1000)).items).toEqual([]);
    await storage.close();
  });

  it('gives the event loop a turn after each query for battles to classify or style, before working on what it found', async () => {
    const storage = openSqliteStore(':memory:');
    for (let i = 0; i < 40; i++) await voted(storage, `turn-${String(i).padStart(15, '0')}`, i % 2 ? POEM : CODING, 1_000 + 10 * i);
    storage.battles.db.exec(`DELETE FROM battle_labels; DELETE FROM battle_classes`);
    const events: string[] = [];
    const store = overriding(storage.battles, {
      battlesToClassify: async (version: number, limit: number, after?: string, scan?: number) => {
        events.push('find');
        return storage.battles.battlesToClassify(version, limit, after, scan);
      },
      saveClassifications: async (batch: readonly BattleClassification[]) => {
        events.push('classify');
        return storage.battles.saveClassifications(batch);
      },
      votedBattlesWithoutStyle: async (limit: number, after?: string, scan?: number) => {
        events.push('find');
        return storage.battles.votedBattlesWithoutStyle(limit, after, scan);
      },
      getBattle: async (id: string) => {
        if (events.at(-1) !== 'style') events.push('style');
        return storage.battles.getBattle(id);
      },
    });
    const turns = vi.spyOn(foreground, 'turn').mockImplementation(() => {
      events.push('turn');
      return Promise.resolve();
    });
    try {
      const boards = await CategoryBoards.open({
        store,
        compute: computeInline,
        opts: { rounds: 10, seed: 1 },
        log: createLogger('silent'),
      });
      events.length = 0;
      boards.startBackgroundJobs();
      await boards.idle();
      await boards.stop();
    } finally {
      turns.mockRestore();
    }
    // Both jobs found and worked on battles, and no query shared a turn with the work after it.
    expect(events).toContain('classify');
    expect(events).toContain('style');
    events.forEach((e, i) => {
      if (e === 'find' && i + 1 < events.length) expect(events[i + 1]).toBe('turn');
    });
    await storage.close();
  });

  it('looks for battles to classify in windows sized by time: a slow query makes the next window smaller', async () => {
    const storage = openSqliteStore(':memory:');
    for (let i = 0; i < 1600; i++) await storage.battles.createBattle(battle(`scan-${String(i).padStart(15, '0')}`), POEM);
    const scans: number[] = [];
    // A query that holds the event loop 20 µs per battle it looks at: a window of 1,000 takes 20 ms, five times the budget.
    const store = overriding(storage.battles, {
      battlesToClassify: async (version: number, limit: number, after?: string, scan?: number) => {
        scans.push(scan!);
        const until = performance.now() + 0.02 * scan!;
        while (performance.now() < until);
        return storage.battles.battlesToClassify(version, limit, after, scan);
      },
    });
    const boards = await CategoryBoards.open({ store, compute: computeInline, opts: { rounds: 10, seed: 1 }, log: createLogger('silent') });
    boards.startBackgroundJobs();
    await boards.idle();
    // A fixed window looked at 4,000 battles a query (80 ms here); the first is 1,000, the next the smallest, 250.
    expect(scans[0]).toBe(1000);
    expect(scans[1]).toBe(250);
    expect(Math.max(...scans)).toBe(1000);
    expect((await storage.battles.battlesToClassify(CLASSIFIER_VERSION, 2000, '', 2000)).items).toEqual([]);
    await storage.close();
  });
});
