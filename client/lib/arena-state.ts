import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { SideMetrics } from '../../shared/metrics.ts';
import type { PublicProviderError } from '../../shared/provider-error.ts';
import {
  LIMITS,
  SIDES,
  type BattleMode,
  type BattleSettings,
  type ErrorCode,
  type Limits,
  type LiveFigures,
  type ServerMessage,
  type ServerMessageOf,
  type Side,
  type SideIdentity,
  type SideStatus,
  type VoteChoice,
} from '../../shared/protocol.ts';
import type { FinishReason } from '../../shared/usage.ts';

/**
 * The arena page's whole state: plain signals created by one factory, and a
 * reducer (`applyServerMessage`) that is the only writer for what the server
 * says. The reducer is deterministic: it reads the state and the message,
 * writes signals in one batch, and does no I/O, timers or clock reads, so it
 * is unit-tested without a DOM or a socket.
 *
 * Streamed text lives in one signal per side and turn; components pass that
 * signal itself into JSX, so a token updates one text node and re-renders no
 * component.
 */

export type SidePhase = 'waiting' | 'streaming' | SideStatus;

export interface SideState {
  readonly side: Side;
  /** Everything streamed so far: one signal, appended per delta. */
  readonly text: Signal<string>;
  readonly phase: Signal<SidePhase>;
  readonly live: Signal<LiveFigures | null>;
  /** Final measurements, set when the side ends. */
  readonly metrics: Signal<SideMetrics | null>;
  readonly finishReason: Signal<FinishReason | null>;
  readonly error: Signal<PublicProviderError | null>;
  /** A stop was asked for and the server has not ended the side yet. */
  readonly stopping: Signal<boolean>;
}

export interface TurnState {
  readonly battleId: string;
  readonly turn: number;
  readonly prompt: string;
  readonly sides: Readonly<Record<Side, SideState>>;
  readonly ended: Signal<boolean>;
}

export interface BattleInfo {
  battleId: string;
  mode: BattleMode;
  /** null in blind mode until the vote. */
  sides: Record<Side, SideIdentity | null>;
  /** A named battle's per-side settings (system prompt, temperature, max tokens); null in blind mode. */
  settings: BattleSettings | null;
}

export type RevealedSide = ServerMessageOf<'vote-recorded'>['reveal']['a'];

export interface VoteResult {
  choice: VoteChoice;
  countsForRatings: boolean;
  notCountedBecause?: NotCountedReason | undefined;
  /** The turn the revealed figures belong to (the latest); totals cover them all. */
  turn?: number | undefined;
  reveal: Record<Side, RevealedSide>;
}

export type NotCountedReason = NonNullable<ServerMessageOf<'vote-recorded'>['notCountedBecause']>;

export type PendingRequest =
  | { kind: 'start'; requestId: string; prompt: string }
  | { kind: 'follow-up'; requestId: string; prompt: string }
  | { kind: 'vote'; requestId: string; choice: VoteChoice }
  | { kind: 'retry'; requestId: string; side: Side };

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting';

export interface Notice {
  code: ErrorCode | 'connection';
  message: string;
}

export interface ArenaState {
  readonly connection: Signal<ConnectionStatus>;
  readonly limits: Signal<Limits>;
  readonly pending: Signal<PendingRequest | null>;
  readonly battle: Signal<BattleInfo | null>;
  readonly turns: Signal<readonly TurnState[]>;
  /** The server said the battle takes a vote (both sides of the last turn ended, none cast yet). */
  readonly votable: Signal<boolean>;
  readonly vote: Signal<VoteResult | null>;
  /** The latest error the server sent (or a lost connection), shown above the vote bar. */
  readonly notice: Signal<Notice | null>;

  readonly currentTurn: ReadonlySignal<TurnState | null>;
  /** A side of the latest turn is still waiting or streaming. */
  readonly running: ReadonlySignal<boolean>;
  readonly canVote: ReadonlySignal<boolean>;
  readonly canFollowUp: ReadonlySignal<boolean>;
  /** Names to show on each pane: known in named mode, or after the vote. */
  readonly identities: ReadonlySignal<Record<Side, SideIdentity | null>>;
  /** Why a vote cast now would be kept but left out of ratings, said before the vote; null when it would count. */
  readonly voteCaveat: ReadonlySignal<NotCountedReason | null>;
}

const isRunningPhase = (p: SidePhase) => p === 'waiting' || p === 'streaming';

function createSideState(side: Side): SideState {
  return {
    side,
    text: signal(''),
    phase: signal<SidePhase>('waiting'),
    live: signal<LiveFigures | null>(null),
    metrics: signal<SideMetrics | null>(null),
    finishReason: signal<FinishReason | null>(null),
    error: signal<PublicProviderError | null>(null),
    stopping: signal(false),
  };
}

export function createTurnState(battleId: string, turn: number, prompt: string): TurnState {
  return { battleId, turn, prompt, sides: { a: createSideState('a'), b: createSideState('b') }, ended: signal(false) };
}

/** The one state factory. */
export function createArenaState(): ArenaState {
  const connection = signal<ConnectionStatus>('connecting');
  const limits = signal<Limits>({ ...LIMITS });
  const pending = signal<PendingRequest | null>(null);
  const battle = signal<BattleInfo | null>(null);
  const turns = signal<readonly TurnState[]>([]);
  const votable = signal(false);
  const vote = signal<VoteResult | null>(null);
  const notice = signal<Notice | null>(null);

  const currentTurn = computed(() => turns.value[turns.value.length - 1] ?? null);
  const running = computed(() => {
    const t = currentTurn.value;
    return t !== null && SIDES.some((s) => isRunningPhase(t.sides[s].phase.value));
  });
  const canVote = computed(
    () =>
      battle.value !== null &&
      connection.value === 'open' &&
      votable.value &&
      !running.value &&
      vote.value === null &&
      pending.value === null,
  );
  const canFollowUp = computed(
    () =>
      battle.value !== null &&
      connection.value === 'open' &&
      currentTurn.value !== null &&
      currentTurn.value.ended.value &&
      vote.value === null &&
      pending.value === null &&
      turns.value.length < limits.value.turnsPerBattle,
  );
  const identities = computed(() => {
    const v = vote.value;
    if (v) return { a: v.reveal.a, b: v.reveal.b };
    return battle.value?.sides ?? { a: null, b: null };
  });

  // The server's rule (acceptVote): a side of the latest turn not finished, else one model on both sides.
  const voteCaveat = computed((): NotCountedReason | null => {
    const t = currentTurn.value;
    const b = battle.value;
    if (!t || !b || vote.value) return null;
    if (SIDES.some((s) => !isRunningPhase(t.sides[s].phase.value) && t.sides[s].phase.value !== 'finished')) return 'side_not_finished';
    const { a, b: sb } = b.sides;
    return a && sb && a.modelId === sb.modelId ? 'same_model' : null;
  });

  return {
    connection,
    limits,
    pending,
    battle,
    turns,
    votable,
    vote,
    notice,
    currentTurn,
    running,
    canVote,
    canFollowUp,
    identities,
    voteCaveat,
  };
}

function findTurn(state: ArenaState, battleId: string, turn: number): TurnState | undefined {
  if (state.battle.peek()?.battleId !== battleId) return undefined;
  const turns = state.turns.peek();
  // The latest turn is the one streaming: look from the end.
  for (let i = turns.length - 1; i >= 0; i--) if (turns[i]!.turn === turn) return turns[i];
  return undefined;
}

function pendingMatches(state: ArenaState, kind: PendingRequest['kind'], requestId: string | undefined): boolean {
  const p = state.pending.peek();
  return p !== null && p.kind === kind && (requestId === undefined || p.requestId === requestId);
}

/** The reducer: folds one (already validated) server message into the state. */
export function applyServerMessage(state: ArenaState, msg: ServerMessage): void {
  batch(() => {
    switch (msg.type) {
      case 'hello':
        state.limits.value = { ...msg.limits };
        return;

      case 'battle-started': {
        // Only the battle this page asked for (a stale reply after "New battle" is dropped).
        if (!pendingMatches(state, 'start', msg.requestId)) return;
        state.pending.value = null;
        state.battle.value = {
          battleId: msg.battleId,
          mode: msg.mode,
          sides: { a: msg.sides.a, b: msg.sides.b },
          settings: msg.settings ?? null,
        };
        state.turns.value = [];
        state.votable.value = false;
        state.vote.value = null;
        state.notice.value = null;
        return;
      }

      case 'turn-started': {
        if (state.battle.peek()?.battleId !== msg.battleId) return;
        if (findTurn(state, msg.battleId, msg.turn)) return;
        if (pendingMatches(state, 'follow-up', msg.requestId)) state.pending.value = null;
        state.turns.value = [...state.turns.peek(), createTurnState(msg.battleId, msg.turn, msg.prompt)];
        state.votable.value = false;
        state.notice.value = null;
        return;
      }

      case 'side-retried': {
        // The same side of the same turn answers again: its pane starts over, and the turn is open again.
        const t = findTurn(state, msg.battleId, msg.turn);
        if (!t) return;
        if (pendingMatches(state, 'retry', msg.requestId)) state.pending.value = null;
        const s = t.sides[msg.side];
        s.text.value = '';
        s.phase.value = 'waiting';
        s.live.value = null;
        s.metrics.value = null;
        s.finishReason.value = null;
        s.error.value = null;
        s.stopping.value = false;
        t.ended.value = false;
        state.votable.value = false;
        state.notice.value = null;
        return;
      }

      case 'delta': {
        const s = findTurn(state, msg.battleId, msg.turn)?.sides[msg.side];
        if (!s || !isRunningPhase(s.phase.peek())) return;
        s.text.value = s.text.peek() + msg.text;
        if (s.phase.peek() === 'waiting' && msg.text.length > 0) s.phase.value = 'streaming';
        return;
      }

      case 'live': {
        const s = findTurn(state, msg.battleId, msg.turn)?.sides[msg.side];
        if (!s || !isRunningPhase(s.phase.peek())) return;
        s.live.value = {
          ttftMs: msg.ttftMs,
          elapsedMs: msg.elapsedMs,
          outputTokensEstimate: msg.outputTokensEstimate,
          tokensPerSecondEstimate: msg.tokensPerSecondEstimate,
        };
        return;
      }

      case 'side-ended': {
        const s = findTurn(state, msg.battleId, msg.turn)?.sides[msg.side];
        if (!s) return;
        s.phase.value = msg.status;
        s.metrics.value = msg.metrics;
        s.finishReason.value = msg.finishReason;
        s.error.value = msg.error;
        s.stopping.value = false;
        return;
      }

      case 'turn-ended': {
        const t = findTurn(state, msg.battleId, msg.turn);
        if (!t) return;
        // A side the server never reported (should not happen) is not left spinning.
        for (const side of SIDES) if (isRunningPhase(t.sides[side].phase.peek())) t.sides[side].phase.value = 'cancelled';
        t.ended.value = true;
        if (t === state.turns.peek()[state.turns.peek().length - 1]) state.votable.value = msg.votable;
        return;
      }

      case 'vote-recorded': {
        if (state.battle.peek()?.battleId !== msg.battleId) return;
        if (pendingMatches(state, 'vote', msg.requestId)) state.pending.value = null;
        state.vote.value = {
          choice: msg.choice,
          countsForRatings: msg.countsForRatings,
          notCountedBecause: msg.notCountedBecause,
          turn: msg.turn,
          reveal: msg.reveal,
        };
        state.votable.value = false;
        state.notice.value = null;
        return;
      }

      case 'error': {
        const p = state.pending.peek();
        const forPending = p !== null && msg.requestId !== undefined && p.requestId === msg.requestId;
        const forBattle = msg.battleId !== undefined && msg.battleId === state.battle.peek()?.battleId;
        if (!forPending && !forBattle && msg.requestId !== undefined) return; // an old request's answer
        if (forPending) state.pending.value = null;
        if (msg.code === 'already_voted' && forBattle) state.votable.value = false;
        state.notice.value = { code: msg.code, message: msg.message };
        return;
      }

      // Nothing of the battle changes on either; on models-changed the models store refetches (main.tsx).
      case 'pong':
      case 'models-changed':
        return;

      default: {
        const never: never = msg;
        void never;
      }
    }
  });
}

// ------------------------------------------------------------------ local events
// What the page itself does to the state (also deterministic: ids come in as arguments).

export function markStartRequested(state: ArenaState, requestId: string, prompt: string): void {
  batch(() => {
    state.pending.value = { kind: 'start', requestId, prompt };
    state.notice.value = null;
  });
}

export function markFollowUpRequested(state: ArenaState, requestId: string, prompt: string): void {
  batch(() => {
    state.pending.value = { kind: 'follow-up', requestId, prompt };
    state.notice.value = null;
  });
}

export function markVoteRequested(state: ArenaState, requestId: string, choice: VoteChoice): void {
  batch(() => {
    state.pending.value = { kind: 'vote', requestId, choice };
    state.notice.value = null;
  });
}

export function markRetryRequested(state: ArenaState, requestId: string, side: Side): void {
  batch(() => {
    state.pending.value = { kind: 'retry', requestId, side };
    state.notice.value = null;
  });
}

/** Marks the sides a stop was sent for; they end when the server says `side-ended`. */
export function markStopRequested(state: ArenaState, side?: Side): void {
  const t = state.currentTurn.peek();
  if (!t) return;
  batch(() => {
    for (const s of side ? [side] : SIDES) if (isRunningPhase(t.sides[s].phase.peek())) t.sides[s].stopping.value = true;
  });
}

/** "New battle": forget the current one (it stays in the database, unvoted). */
export function resetBattle(state: ArenaState): void {
  batch(() => {
    state.battle.value = null;
    state.turns.value = [];
    state.votable.value = false;
    state.vote.value = null;
    state.pending.value = null;
    state.notice.value = null;
  });
}

/**
 * The socket opened or dropped. When it drops the server stops this
 * connection's running answers and stores them as stopped, so the page marks
 * them the same way; the battle itself survives (the server reloads it from
 * its database), so it can still take a vote or a follow-up after reconnecting.
 */
export function applyConnectionStatus(state: ArenaState, status: ConnectionStatus): void {
  batch(() => {
    const was = state.connection.peek();
    state.connection.value = status;
    if (status === 'open') {
      if (state.notice.peek()?.code === 'connection') state.notice.value = null;
      return;
    }
    if (was !== 'open') return;
    const lost: PublicProviderError = {
      kind: 'network',
      message: 'The connection to the server was lost; this answer was stopped.',
    };
    const t = state.currentTurn.peek();
    let interrupted = false;
    if (t && !t.ended.peek()) {
      for (const side of SIDES) {
        const s = t.sides[side];
        if (!isRunningPhase(s.phase.peek())) continue;
        s.phase.value = 'cancelled';
        s.error.value = lost;
        s.stopping.value = false;
        interrupted = true;
      }
      t.ended.value = true;
      if (state.vote.peek() === null) state.votable.value = true;
    }
    const p = state.pending.peek();
    if (p) state.pending.value = null;
    state.notice.value = {
      code: 'connection',
      message: p || interrupted ? 'Connection lost; running answers were stopped. Reconnecting…' : 'Connection lost. Reconnecting…',
    };
  });
}
