import type { ImportedBattle } from './battle-store.ts';

/**
 * Imported battles sorted by id (a copy), as both stores write a batch's battles, turns and answers: each
 * random-keyed index then takes its new keys left to right, page after page, not all over the tree.
 */
export function inBattleIdOrder(battles: readonly ImportedBattle[]): ImportedBattle[] {
  return [...battles].sort((x, y) => (x.battle.id < y.battle.id ? -1 : x.battle.id > y.battle.id ? 1 : 0));
}
