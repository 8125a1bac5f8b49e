import type { ArenaState } from './arena-state.ts';

/** Leaving a battle whose answers still stream stops them: never without asking. */
export function confirmLeave(state: ArenaState, what: string): boolean {
  return !state.running.peek() || window.confirm(`Both answers are not finished yet. ${what}`);
}
