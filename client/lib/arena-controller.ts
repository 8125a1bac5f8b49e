import type { BattleMode, BattleSettings, ClientMessage, Side, VoteChoice } from '../../shared/protocol.ts';
import {
  markFollowUpRequested,
  markRetryRequested,
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

  const start = (mode: BattleMode, prompt: string, models?: { a: string; b: string }, settings?: Partial<BattleSettings>): boolean => {
    const requestId = makeId();
    const named = mode === 'named' && models;
    const msg: ClientMessage = {
      type: 'start',
      mode,
      prompt,
      requestId,
      ...(named ? { models } : {}),
      ...(named && settings && (settings.a || settings.b) ? { settings } : {}),
    };
    markStartRequested(state, requestId, prompt);
    return socket.send(msg) || notConnected();
  };

  return {
    start,
    /** Runs a failed or stopped side of the latest turn again (same model, same conversation). */
    retry: (side: Side): boolean => {
      const battle = state.battle.peek();
      if (!battle || state.pending.peek() !== null) return false;
      const requestId = makeId();
      markRetryRequested(state, requestId, side);
      return socket.send({ type: 'retry', battleId: battle.battleId, side, requestId }) || notConnected();
    },
    /**
     * A blind battle's first prompt again, to two newly drawn models. The old
     * battle stays on record, unvoted; its answers are stopped if they still run.
     */
    reroll: (): boolean => {
      const battle = state.battle.peek();
      const first = state.turns.peek()[0];
      if (!battle || battle.mode !== 'blind' || !first || state.vote.peek()) return false;
      if (state.running.peek()) socket.send({ type: 'stop', battleId: battle.battleId });
      return start('blind', first.prompt);
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
