import { afterAll, describe, expect, it } from 'vitest';
import type { PairCountRow, RatedVote } from '../../db/battle-store.ts';
import type { Store } from '../../db/store.ts';
import { importCleanBattles } from '../../server/exchange/clean-battle-jsonl.ts';
import { fromCleanBattle } from '../../server/exchange/from-clean-battle.ts';
import { countsFor } from '../../server/leaderboard/leaderboard-service.ts';
import type { CleanBattle } from '../../shared/clean-battle.ts';
import { backendsUnderTest } from '../helpers/store-backends.ts';
import { schemaVersion, migrateTo } from './schema-version.ts';
import { votedBattle } from './store-fixtures.ts';

type Key = string;
const keyOf = (mode: string, a: string, b: string): Key => `${mode}|${a}|${b}`;

/** What the pair counts must be: every vote read back and counted by the leaderboard's own rule (countsFor). */
function recount(votes: readonly RatedVote[]): Map<Key, Omit<PairCountRow, 'mode' | 'modelA' | 'modelB'>> {
  const out = new Map<Key, { winsA: number; winsB: number; ties: number; bothBad: number }>();
  for (const v of votes) {
    if (!countsFor(v.mode, v)) continue;
    const k = keyOf(v.mode, v.modelA, v.modelB);
    const c = out.get(k) ?? { winsA: 0, winsB: 0, ties: 0, bothBad: 0 };
    if (v.choice === 'a') c.winsA++;
    else if (v.choice === 'b') c.winsB++;
    else if (v.choice === 'tie') c.ties++;
    else c.bothBad++;
    out.set(k, c);
  }
  return out;
}

/** The stored counts without pairs at zero (a pair whose only votes were voided keeps a row of zeros). */
function stored(rows: readonly PairCountRow[]): Map<Key, Omit<PairCountRow, 'mode' | 'modelA' | 'modelB'>> {
  const out = new Map<Key, { winsA: number; winsB: number; ties: number; bothBad: number }>();
  for (const r of rows) {
    if (r.winsA + r.winsB + r.ties + r.bothBad === 0) continue;
    out.set(keyOf(r.mode, r.modelA, r.modelB), { winsA: r.winsA, winsB: r.winsB, ties: r.ties, bothBad: r.bothBad });
  }
  return out;
}

async function expectCountsMatchVotes(s: Store): Promise<void> {
  const rows = await s.battles.pairCounts();
  for (const r of rows) for (const n of [r.winsA, r.winsB, r.ties, r.bothBad]) expect(n).toBeGreaterThanOrEqual(0);
  expect(stored(rows)).toEqual(recount(await s.battles.ratedVotes()));
}

const clean = (n: number, over: Partial<CleanBattle> = {}): CleanBattle => ({
  question_id: `pc-import-${n}`,
  model_a: n % 2 ? 'alpha' : 'gamma',
  model_b: 'beta',
  winner: (['model_a', 'model_b', 'tie', 'tie (bothbad)'] as const)[n % 4]!,
  judge: 'test',
  turn: 1,
  anony: n % 3 !== 0,
  tstamp: 1_750_000_100 + n,
  ...over,
});

/**
 * The pair counts (db vote_pair_counts, migration 6) on every backend: the
 * database keeps them in the transaction of each vote, void, reversal, flag
 * and import, and they must always equal a recount of the votes by the
 * leaderboard's rule.
 */
describe.each(backendsUnderTest())('the pair counts on $name', (backend) => {
  afterAll(() => backend.cleanup());
  const test = it.skipIf(backend.skip);

  test('follow votes of every kind, voids, overlapping voids, reversals and a late flag', async () => {
    const s = await (await backend.fresh()).open();
    const choices = ['a', 'b', 'tie', 'both_bad'] as const;
    for (let i = 0; i < 12; i++) {
      await votedBattle(s, `pc-vote-${String(i).padStart(10, '0')}`, {
        votedAt: 10_000 + i,
        choice: choices[i % 4]!,
        over: { mode: i % 3 === 0 ? 'named' : 'blind', modelA: i % 5 === 0 ? 'beta' : 'alpha', modelB: i % 5 === 0 ? 'alpha' : 'beta' },
        vote: { countsForRatings: i !== 7 },
      });
    }
    // A self-battle and a flagged blind battle count for nothing; a flagged named one counts.
    await votedBattle(s, 'pc-self-0000000001', { votedAt: 20_000, over: { modelB: 'alpha' } });
    await votedBattle(s, 'pc-flagged-00000001', { votedAt: 20_001, over: { flagged: 'side A named itself' } });
    await votedBattle(s, 'pc-flagged-00000002', { votedAt: 20_002, over: { mode: 'named', flagged: 'n/a' } });
    await expectCountsMatchVotes(s);
    const blind = (await s.battles.pairCounts('alpha')).filter((r) => r.mode === 'blind' && r.modelA === 'alpha');
    expect(blind.reduce((n, r) => n + r.winsA + r.winsB + r.ties + r.bothBad, 0)).toBeGreaterThan(0);

    const ids = async (battleIds: string[]) => (await s.moderation.matchVotes({ by: 'battles', battleIds })).ids;
    const first = await s.moderation.createVoid({
      createdAt: 30_000,
      admin: 'admin-1',
      reason: 'a burst',
      scope: '{}',
      voteIds: await ids(['pc-vote-0000000001', 'pc-vote-0000000002', 'pc-vote-0000000004']),
    });
    await expectCountsMatchVotes(s);
    // A second void over one of the same votes takes nothing more out; reversing the first leaves that vote out.
    const second = await s.moderation.createVoid({
      createdAt: 30_001,
      admin: 'admin-1',
      reason: 'the same session',
      scope: '{}',
      voteIds: await ids(['pc-vote-0000000002', 'pc-vote-0000000006']),
    });
    await expectCountsMatchVotes(s);
    expect(await s.moderation.reverseVoid(first, { at: 30_002, admin: 'admin-1', reason: 'a mistake' })).toBe('ok');
    await expectCountsMatchVotes(s);
    expect(await s.moderation.reverseVoid(second, { at: 30_003, admin: 'admin-1', reason: 'also' })).toBe('ok');
    await expectCountsMatchVotes(s);

    // Flagged after its vote: a blind battle's vote leaves the counts.
    await s.battles.flagBattle('pc-vote-0000000008', 'side B named itself');
    await expectCountsMatchVotes(s);
    expect(await s.battles.voidMark()).toBe('2/2');
  });

  test('follow imports in batches, duplicates in a batch and across batches included', async () => {
    const s = await (await backend.fresh()).open();
    await votedBattle(s, 'pc-live-0000000001', { votedAt: 5_000 });
    const lines = Array.from({ length: 23 }, (_, n) => JSON.stringify(clean(n)));
    // The same battle twice in one batch: the first is written, the second is a duplicate.
    lines.push(lines[3]!);
    const report = await importCleanBattles(lines, s.battles, { batchSize: 100 });
    expect(report).toEqual({ imported: 23, duplicates: 1, invalid: [] });
    await expectCountsMatchVotes(s);
    expect(await importCleanBattles(lines, s.battles, { batchSize: 5 })).toEqual({ imported: 0, duplicates: 24, invalid: [] });
    await expectCountsMatchVotes(s);
  });

  test('follow an import that writes two batches at once (on PostgreSQL, on two connections)', async () => {
    const s = await (await backend.fresh()).open();
    // Many batches over few pairs: the two transactions add to the same pair rows, in the trigger's one order.
    const lines = Array.from({ length: 120 }, (_, n) => JSON.stringify(clean(2000 + n)));
    lines.push(lines[7]!, lines[100]!);
    const report = await importCleanBattles(lines, s.battles, { batchSize: 10, inFlight: 2 });
    expect(report).toEqual({ imported: 120, duplicates: 2, invalid: [] });
    await expectCountsMatchVotes(s);
  });

  test('follow a bulk import past one multi-row statement, with voided, flagged, uncounted and self battles, votes in batch order', async () => {
    const s = await (await backend.fresh()).open();
    const batch = Array.from({ length: 300 }, (_, n) => {
      // One time for all: the votes' order then rests on their ids, which must follow the batch.
      const d = fromCleanBattle(clean(1000 + n, { tstamp: 1_750_000_000 }));
      if (n % 7 === 0) d.voided = { reason: 'spam', at: 1_750_000_500_000 + n };
      if (n % 11 === 0) d.battle = { ...d.battle, flagged: 'named itself' };
      if (n % 13 === 0) d.vote = { ...d.vote, countsForRatings: false };
      if (n % 17 === 0) d.battle = { ...d.battle, modelB: d.battle.modelA };
      return d;
    });
    const outcomes = await s.battles.importBattles([...batch, batch[5]!]);
    expect(outcomes.filter((o) => o === 'imported')).toHaveLength(300);
    expect(outcomes.at(-1)).toBe('duplicate');
    await expectCountsMatchVotes(s);
    const votes = await s.battles.ratedVotes();
    expect(votes.map((v) => v.battleId)).toEqual(batch.map((d) => d.battle.id));
    expect(votes.filter((v) => v.voided)).toHaveLength(batch.filter((d) => d.voided).length);
    expect((await s.battles.getBattle(batch[7]!.battle.id))!.voided).toEqual({ reason: 'spam', at: 1_750_000_500_007 });
    // Twice changes nothing.
    expect(new Set(await s.battles.importBattles(batch))).toEqual(new Set(['duplicate']));
    await expectCountsMatchVotes(s);
    expect(await s.battles.ratedVotes()).toHaveLength(300);
  });

  test('are backfilled from the votes already stored when migration 6 runs', async () => {
    const db = await backend.fresh();
    await migrateTo(db, 5);
    for (let i = 0; i < 6; i++) {
      const id = `pc-old-${i}`;
      const mode = i % 2 ? 'named' : 'blind';
      const flagged = i === 4 ? `'named itself'` : 'NULL';
      const counts = db.backend === 'sqlite' ? (i === 5 ? 0 : 1) : i === 5 ? 'false' : 'true';
      await db.exec(
        `INSERT INTO battles (id, session_hash, mode, model_a, model_b, created_at, flagged) VALUES ('${id}', 's', '${mode}', 'alpha', 'beta', ${i}, ${flagged});
         INSERT INTO votes (battle_id, choice, session_hash, created_at, counts_for_ratings) VALUES ('${id}', '${['a', 'b', 'tie', 'both_bad'][i % 4]}', 's', ${1000 + i}, ${counts});`,
      );
    }
    // One of them voided before the migration.
    await db.exec(
      `INSERT INTO vote_voids (created_at, admin, reason, scope) VALUES (1, 'a', 'r', '{}');
       INSERT INTO voided_votes (void_id, vote_id) SELECT 1, id FROM votes WHERE battle_id = 'pc-old-1';`,
    );
    const s = await db.open();
    expect(await schemaVersion(db)).toBeGreaterThanOrEqual(6);
    const rows = await s.battles.pairCounts();
    expect(rows.reduce((n, r) => n + r.winsA + r.winsB + r.ties + r.bothBad, 0)).toBe(3);
    await expectCountsMatchVotes(s);
  });
});
