import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../db/sqlite/open-sqlite-store.ts';
import { detectLanguage, languageDetectorLoaded } from '../../server/categories/detect-language.ts';
import { CategoryBoards } from '../../server/leaderboard/category-boards.ts';
import { computeInline } from '../../server/leaderboard/ratings-computer.ts';
import { createLogger } from '../../server/logger.ts';
import { answer, battle, ratedVote, vote } from '../db/store-fixtures.ts';

/** Category boards on an empty in-memory store. */
async function openBoards() {
  const storage = openSqliteStore(':memory:');
  const boards = await CategoryBoards.open({
    store: storage.battles,
    compute: computeInline,
    opts: { rounds: 10, seed: 1 },
    log: createLogger('silent'),
  });
  return { storage, boards };
}

// Its own file: the detector's tables are loaded once per module graph, and these tests start without them.
describe('the language detector loads on first need', () => {
  it('is not loaded by a start with nothing to classify, and says so if called before it is', async () => {
    const { storage, boards } = await openBoards();
    boards.startBackgroundJobs();
    await boards.idle();
    expect(languageDetectorLoaded()).toBe(false);
    expect(() => detectLanguage('Wie spät ist es in Berlin, bitte?')).toThrow(/not loaded/);
    await boards.stop();
    await storage.close();
  });

  it('labels a battle classified live before the tables have loaded, and counts its vote on those labels', async () => {
    const { storage, boards } = await openBoards();
    const prompt = 'Schreib mir bitte ein kurzes Gedicht über den Regen in Hamburg #wetter';
    const id = 'live-de-00000000001';
    await storage.battles.createBattle(battle(id), prompt);
    boards.classify(id, [prompt]);
    expect(languageDetectorLoaded()).toBe(false);
    for (const side of ['a', 'b'] as const) await storage.battles.saveResponse(answer(id, side));
    await storage.battles.recordVote(vote(id));
    boards.recordVote(ratedVote(id));
    await boards.idle();
    expect(languageDetectorLoaded()).toBe(true);
    const votes = (key: string) => boards.counts('blind').find((c) => c.key === key)?.votes ?? 0;
    expect(votes('lang:de')).toBe(1);
    expect(votes('creative-writing')).toBe(1);
    expect(votes('tag:wetter')).toBe(1);
    const stored = (await storage.battles.battleLabels()).map((l) => `${l.label.kind}:${l.label.value}`);
    expect(stored).toEqual(expect.arrayContaining(['language:de', 'tag:wetter']));
    await boards.stop();
    await storage.close();
  });
});
