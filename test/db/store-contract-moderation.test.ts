import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/store.ts';
import { backendsUnderTest } from '../helpers/store-backends.ts';
import { votedBattle } from './store-fixtures.ts';

/** The moderation store's contract on every backend: voids are records of their own, append-only, undone only by reversals. */
describe.each(backendsUnderTest())('the moderation store on $name', (backend) => {
  afterAll(() => backend.cleanup());
  const test = it.skipIf(backend.skip);

  /** Four votes: two by session-1 (one at 10 s, one at 20 s), one by user-7, one from an address range. */
  async function seeded(s: Store): Promise<void> {
    await votedBattle(s, 'mod-session-0000001', { votedAt: 10_000, vote: { addressPrefixes: [{ bits: 24, hash: 'net-1' }] } });
    await votedBattle(s, 'mod-session-0000002', { votedAt: 20_000, vote: { decisionMs: 300 } });
    await votedBattle(s, 'mod-user-000000003', {
      votedAt: 30_000,
      over: { sessionHash: 'session-7' },
      vote: { sessionHash: 'session-7', userId: 'user-7' },
    });
    await votedBattle(s, 'mod-address-000004', {
      votedAt: 40_000,
      over: { sessionHash: 'session-9', flagged: 'side B named itself' },
      vote: {
        sessionHash: 'session-9',
        addressHash: 'other-addr',
        addressPrefixes: [
          { bits: 24, hash: 'net-1' },
          { bits: 32, hash: 'ip-9' },
        ],
      },
    });
  }

  const idsOf = async (s: Store, battleIds: string[]) => (await s.moderation.matchVotes({ by: 'battles', battleIds })).ids;

  test('matches votes by every scope, narrowed to a time window', async () => {
    const db = await backend.fresh();
    const s = await db.open();
    await seeded(s);
    const all = (await s.moderation.matchVotes({ by: 'time' })).ids;
    expect(all).toHaveLength(4);
    const count = async (...args: Parameters<Store['moderation']['matchVotes']>) => (await s.moderation.matchVotes(...args)).ids.length;
    expect(await count({ by: 'session', sessionHash: 'session-1' })).toBe(2);
    expect(await count({ by: 'session', sessionHash: 'session-1' }, 15_000)).toBe(1);
    expect(await count({ by: 'user', userId: 'user-7' })).toBe(1);
    expect(await count({ by: 'address-hash', addressHash: 'addr-hash' })).toBe(3);
    expect(await count({ by: 'address-prefixes', prefixHashes: ['net-1', 'nowhere'] })).toBe(2);
    expect(await count({ by: 'battles', battleIds: ['mod-user-000000003', 'mod-address-000004', 'not-a-battle'] })).toBe(2);
    expect(await count({ by: 'time' }, 20_000, 40_000)).toBe(2);
    expect(await count({ by: 'battles', battleIds: [] })).toBe(0);
  });

  test('writes a void with exactly the votes it covers, and reads it back on the battle, the board and the list', async () => {
    const db = await backend.fresh();
    const s = await db.open();
    await seeded(s);
    const covered = await idsOf(s, ['mod-session-0000001', 'mod-session-0000002']);
    const voidId = await s.moderation.createVoid({
      createdAt: 50_000,
      admin: 'admin-1',
      reason: 'stuffing',
      scope: '{"kind":"session"}',
      voteIds: covered,
    });
    // A vote cast after the void is not covered by it.
    await votedBattle(s, 'mod-session-0000005', { votedAt: 60_000 });
    expect(await s.moderation.matchVotes({ by: 'session', sessionHash: 'session-1' })).toEqual({
      ids: expect.any(Array) as number[],
      alreadyVoided: 2,
    });
    expect((await s.battles.getBattle('mod-session-0000001'))!.voided).toEqual({ reason: 'stuffing', at: 50_000 });
    expect((await s.battles.getBattle('mod-session-0000005'))!.voided).toBeNull();
    expect((await s.battles.ratedVotes()).map((v) => [v.battleId, v.voided])).toEqual([
      ['mod-session-0000001', true],
      ['mod-session-0000002', true],
      ['mod-user-000000003', false],
      ['mod-address-000004', false],
      ['mod-session-0000005', false],
    ]);
    expect(await s.moderation.voids()).toEqual([
      { id: voidId, createdAt: 50_000, admin: 'admin-1', reason: 'stuffing', scope: '{"kind":"session"}', votes: 2, reversal: null },
    ]);
    // Activity leaves voided votes and the import session out.
    expect((await s.moderation.activity(0, 'session-9')).map((a) => a.createdAt)).toEqual([30_000, 60_000]);
  });

  test('undoes a void only by a reversal, once, even when two admins reverse it at once', async () => {
    const db = await backend.fresh();
    const [one, two] = [await db.open(), await db.open()];
    await seeded(one);
    const voidId = await one.moderation.createVoid({
      createdAt: 50_000,
      admin: 'a',
      reason: 'r',
      scope: '{}',
      voteIds: await idsOf(one, ['mod-user-000000003']),
    });
    const outcomes = await Promise.all([
      one.moderation.reverseVoid(voidId, { at: 60_000, admin: 'a', reason: 'mistake' }),
      two.moderation.reverseVoid(voidId, { at: 60_001, admin: 'b', reason: 'mistake too' }),
    ]);
    expect(outcomes.sort()).toEqual(['already', 'ok']);
    expect(await one.moderation.reverseVoid(voidId, { at: 70_000, admin: 'a', reason: 'again' })).toBe('already');
    expect(await one.moderation.reverseVoid(voidId + 1000, { at: 70_000, admin: 'a', reason: 'none' })).toBe('missing');
    expect((await one.battles.getBattle('mod-user-000000003'))!.voided).toBeNull();
    const [listed] = await one.moderation.voids();
    expect(listed!.reversal).toMatchObject({ reason: expect.stringMatching(/^mistake/) as string });
  });

  test('keeps voids append-only: the database refuses to change or delete a void, what it covers, or a reversal', async () => {
    const db = await backend.fresh();
    const s = await db.open();
    await seeded(s);
    const voidId = await s.moderation.createVoid({
      createdAt: 1,
      admin: 'a',
      reason: 'r',
      scope: '{}',
      voteIds: await idsOf(s, ['mod-user-000000003']),
    });
    await s.moderation.reverseVoid(voidId, { at: 2, admin: 'a', reason: 'undo' });
    const attempts = [
      `UPDATE vote_voids SET reason = 'other'`,
      `DELETE FROM vote_voids`,
      `UPDATE voided_votes SET vote_id = vote_id`,
      `DELETE FROM voided_votes`,
      `UPDATE void_reversals SET reason = 'other'`,
      `DELETE FROM void_reversals`,
      ...(db.backend === 'postgres' ? [`TRUNCATE void_reversals`, `TRUNCATE voided_votes`, `TRUNCATE vote_voids CASCADE`] : []),
    ];
    for (const sql of attempts) await expect(db.sql(sql), sql).rejects.toThrow(/voids are append-only/);
    await expect(s.moderation.createVoid({ createdAt: 3, admin: 'a', reason: '', scope: '{}', voteIds: [] })).rejects.toThrow();
    expect(await s.moderation.voids()).toHaveLength(1);
  });

  test('lists flagged battles with their vote, and counts votes per user', async () => {
    const s = await (await backend.fresh()).open();
    await seeded(s);
    expect(await s.moderation.flaggedBattles()).toEqual([
      {
        battleId: 'mod-address-000004',
        createdAt: 1_750_000_000_000,
        mode: 'blind',
        modelA: 'alpha',
        modelB: 'beta',
        flagged: 'side B named itself',
        choice: 'a',
        voided: false,
      },
    ]);
    expect(await s.moderation.flaggedBattles(1_750_000_000_001)).toEqual([]);
    expect(await s.moderation.votesPerUser()).toEqual(new Map([['user-7', 1]]));
  });
});
