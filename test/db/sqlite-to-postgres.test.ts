import { afterAll, describe, expect, it } from 'vitest';
import { exportCleanBattles, importCleanBattles } from '../../server/exchange/clean-battle-jsonl.ts';
import { collect } from '../helpers/collect.ts';
import { postgresUnderTest, sqliteUnderTest } from '../helpers/store-backends.ts';
import { answer, votedBattle } from './store-fixtures.ts';

const sqlite = sqliteUnderTest();
const postgres = postgresUnderTest();

/** Moving an arena from the default backend to PostgreSQL (README, Storage): an export from one imports into the other whole. */
describe.skipIf(postgres.skip)('an arena moved from SQLite to PostgreSQL', () => {
  afterAll(async () => {
    await sqlite.cleanup();
    await postgres.cleanup();
  });

  it('exports the same lines from the copy as from the original, void marks and failed sides included', async () => {
    const from = await (await sqlite.fresh()).open();
    for (let i = 0; i < 4; i++) await votedBattle(from, `moved-${String(i).padStart(14, '0')}`, { votedAt: 1_750_000_000_000 + i });
    await from.battles.createBattle(
      { id: 'moved-failed-00000001', sessionHash: 's', mode: 'named', modelA: 'alpha', modelB: 'gamma', createdAt: 1, flagged: null },
      'q',
    );
    await from.battles.saveResponse(answer('moved-failed-00000001', 'a'));
    await from.battles.saveResponse(
      answer('moved-failed-00000001', 'b', { status: 'error', error: { kind: 'server', message: 'x' }, finishReason: null }),
    );
    await from.battles.recordVote({
      battleId: 'moved-failed-00000001',
      choice: 'a',
      sessionHash: 's',
      createdAt: 1_750_000_000_010,
      decisionMs: null,
      countsForRatings: false,
    });
    const [first] = (await from.moderation.matchVotes({ by: 'battles', battleIds: ['moved-00000000000001'] })).ids;
    await from.moderation.createVoid({ createdAt: 1_750_000_000_020, admin: 'a', reason: 'stuffing', scope: '{}', voteIds: [first!] });

    const lines = await collect(exportCleanBattles(from.battles));
    const to = await (await postgres.fresh()).open();
    expect(await importCleanBattles(lines, to.battles)).toEqual({ imported: 5, duplicates: 0, invalid: [] });
    expect(await collect(exportCleanBattles(to.battles))).toEqual(lines);
    expect(await to.battles.ratedVotes()).toEqual(await from.battles.ratedVotes());
  });
});
