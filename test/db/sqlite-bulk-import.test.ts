import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../db/sqlite/open-sqlite-store.ts';
import { importCleanBattles } from '../../server/exchange/clean-battle-jsonl.ts';
import { fromCleanBattle } from '../../server/exchange/from-clean-battle.ts';
import type { CleanBattle } from '../../shared/clean-battle.ts';

const dir = mkdtempSync(join(tmpdir(), 'versus-bulk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clean = (n: number): CleanBattle => ({
  question_id: `bulk-${n}`,
  model_a: 'alpha',
  model_b: 'beta',
  winner: n % 2 ? 'model_a' : 'tie',
  judge: 'test',
  conversation_a: [
    { role: 'user', content: `q${n}` },
    { role: 'assistant', content: `a${n}` },
  ],
  conversation_b: [
    { role: 'user', content: `q${n}` },
    { role: 'assistant', content: `b${n}` },
  ],
  turn: 1,
  anony: true,
  tstamp: 1_750_000_000 + n,
});

/** The CLI's connection (`bulk`: a large page cache, rare checkpoints, foreign keys left to the import's own check). */
describe('a bulk SQLite connection', () => {
  it('imports what an ordinary one does, and a second time nothing', async () => {
    const lines = Array.from({ length: 400 }, (_, n) => JSON.stringify(clean(n)));
    const bulk = openSqliteStore(join(dir, 'bulk.db'), { bulk: true });
    const plain = openSqliteStore(join(dir, 'plain.db'));
    try {
      expect(bulk.battles.db.pragma('foreign_keys', { simple: true })).toBe(0);
      for (const s of [bulk, plain])
        expect(await importCleanBattles(lines, s.battles, { batchSize: 150 })).toMatchObject({ imported: 400 });
      expect(await importCleanBattles(lines, bulk.battles)).toMatchObject({ imported: 0, duplicates: 400 });
      expect(await bulk.battles.pairCounts()).toEqual(await plain.battles.pairCounts());
      expect(await bulk.battles.getBattle(fromCleanBattle(clean(7)).battle.id)).toEqual(
        await plain.battles.getBattle(fromCleanBattle(clean(7)).battle.id),
      );
      expect(bulk.battles.db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      await bulk.close();
      await plain.close();
    }
  });

  it('refuses a battle whose rows are not its own, writing none of the batch, as the foreign keys would', async () => {
    const bulk = openSqliteStore(join(dir, 'refuse.db'), { bulk: true });
    try {
      const good = fromCleanBattle(clean(1));
      const stray = fromCleanBattle(clean(2));
      stray.responses = [{ ...stray.responses[0]!, turn: 5 }];
      await expect(bulk.battles.importBattles([good, stray])).rejects.toThrow(/answer names battle .*turn 5/);
      const other = fromCleanBattle(clean(3));
      other.turns = [{ ...other.turns[0]!, battleId: good.battle.id }];
      await expect(bulk.battles.importBattles([other])).rejects.toThrow(/a turn names battle/);
      expect(await bulk.battles.getBattle(good.battle.id)).toBeNull();
    } finally {
      await bulk.close();
    }
  });
});
