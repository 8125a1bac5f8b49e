import type { BattleMode, ClientMessage, Side, VoteChoice } from '../../shared/protocol.ts';
import {
  markFollowUpRequested,
  markStartRequested,
  markStopRequested,
  markVoteRequested,
  resetBattle,
  type ArenaState,
} from './arena-state.ts';

export interface Sender {
  send(msg: ClientMessage): boolean;
}

let counter = 0;
/** Request ids only need to be unique per connection; crypto.randomUUID is missing on plain-http LAN origins. */
export function newRequestId(): string {
  counter = (counter + 1) % 1e9;
  return `r${Date.now().toString(36)}${counter.toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/**
 * What the page can do: each action updates the state locally and sends one
 * message. The actions are arrow functions, so the page hands them out as callbacks.
 */
export function createArenaController(state: ArenaState, socket: Sender, makeId: () => string = newRequestId) {
  const notConnected = () => {
    state.notice.value = { code: 'connection', message: 'Not connected to the server yet; try again in a moment.' };
    state.pending.value = null;
    return false;
  };

  return {
    start: (mode: BattleMode, prompt: string, models?: { a: string; b: string }): boolean => {
      const requestId = makeId();
      const msg: ClientMessage = { type: 'start', mode, prompt, requestId, ...(mode === 'named' && models ? { models } : {}) };
      markStartRequested(state, requestId, prompt);
      return socket.send(msg) || notConnected();
    },
    followUp: (prompt: string): boolean => {
      const battle = state.battle.peek();
      if (!battle) return false;
      const requestId = makeId();
      markFollowUpRequested(state, requestId, prompt);
      return socket.send({ type: 'follow-up', battleId: battle.battleId, prompt, requestId }) || notConnected();
    },
    stop: (side?: Side): boolean => {
      const battle = state.battle.peek();
      if (!battle) return false;
      markStopRequested(state, side);
      return socket.send({ type: 'stop', battleId: battle.battleId, ...(side ? { side } : {}) }) || notConnected();
    },
    vote: (choice: VoteChoice): boolean => {
      const battle = state.battle.peek();
      if (!battle || !state.canVote.peek()) return false;
      const requestId = makeId();
      markVoteRequested(state, requestId, choice);
      return socket.send({ type: 'vote', battleId: battle.battleId, choice, requestId }) || notConnected();
    },
    /** Leaves the current battle (stopping its answers if they still run: nobody would read them). */
    newBattle: (): void => {
      const battle = state.battle.peek();
      if (battle && state.running.peek()) socket.send({ type: 'stop', battleId: battle.battleId });
      resetBattle(state);
    },
  };
}

export type ArenaController = ReturnType<typeof createArenaController>;
