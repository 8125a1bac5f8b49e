import type { ImportedBattle } from './battle-store.ts';

/**
 * An imported battle's turns, answers and vote are its own: they name its id,
 * and each answer a turn it has. What the foreign keys check row by row,
 * checked once per battle, so a bulk import can leave them off (SQLite's
 * bulk connection; PostgreSQL's deferred constraints) and still write nothing
 * they would refuse.
 */
export function checkOwnRows(d: ImportedBattle): void {
  const id = d.battle.id;
  const turns = new Set<number>();
  for (const t of d.turns) {
    if (t.battleId !== id) throw new Error(`imported battle ${id}: a turn names battle ${t.battleId}`);
    turns.add(t.turn);
  }
  for (const r of d.responses) {
    if (r.battleId !== id || !turns.has(r.turn))
      throw new Error(`imported battle ${id}: an answer names battle ${r.battleId}, turn ${r.turn}`);
  }
  if (d.vote.battleId !== id) throw new Error(`imported battle ${id}: its vote names battle ${d.vote.battleId}`);
}
