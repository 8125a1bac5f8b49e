import { effect } from '@preact/signals';
import type { BattleView } from '../../shared/battle-view.ts';
import { ApiRequestError, fetchBattle } from './api.ts';
import type { ArenaState } from './arena-state.ts';
import { latestTurnStored, restoreBattle } from './restore-battle.ts';

/**
 * The battle on screen survives a reload: its id is kept in sessionStorage
 * (per tab, gone with the tab) and the server, which stores every battle,
 * gives it back (`GET /api/battles/:id`, the owner's view).
 */
export const CURRENT_BATTLE_KEY = 'versus.currentBattle';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Keeps the stored id in step with the battle on screen; returns the disposer. */
export function rememberCurrentBattle(state: ArenaState, storage: Store): () => void {
  let first = true;
  return effect(() => {
    const id = state.battle.value?.battleId ?? null;
    // The page starts without a battle: that must not forget the one a reload is about to restore.
    if (first && id === null) {
      first = false;
      return;
    }
    first = false;
    if (id) storage.setItem(CURRENT_BATTLE_KEY, id);
    else storage.removeItem(CURRENT_BATTLE_KEY);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Loads a stored battle. A reload mid-answer closes the socket, and the server
 * stores the stopped answers a moment later: wait a little for them.
 */
export async function loadStoredBattle(id: string, load = fetchBattle, tries = 6, gapMs = 300): Promise<BattleView> {
  let view = await load(id);
  for (let i = 1; i < tries && !latestTurnStored(view) && view.vote === null; i++) {
    await sleep(gapMs);
    view = await load(id);
  }
  return view;
}

/** After a reload: shows the tab's battle again, unless the page has moved on meanwhile. */
export async function restoreCurrentBattle(state: ArenaState, storage: Store, load = fetchBattle): Promise<void> {
  const id = storage.getItem(CURRENT_BATTLE_KEY);
  if (!id) return;
  try {
    const view = await loadStoredBattle(id, load);
    if (state.battle.peek() !== null || state.pending.peek() !== null) return;
    restoreBattle(state, view);
  } catch (e) {
    // Gone (another session's, or a new database): forget it. Anything else may pass; keep the id for the next load.
    if (e instanceof ApiRequestError && e.status === 404) storage.removeItem(CURRENT_BATTLE_KEY);
  }
}
