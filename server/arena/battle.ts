import { LIMITS, SIDES, type BattleMode, type BattleSettings, type Side, type SideTotals } from '../../shared/protocol.ts';
import type { ChatMessage } from '../providers/types.ts';
import { refuse, type Refusal } from './refusal.ts';
import type { SideOutcome } from './run-side.ts';
import { addToTotals, NO_TOTALS } from './side-totals.ts';

/**
 * A battle's stage, explicit rather than inferred from flags:
 * - `streaming`: the latest turn has a side still answering;
 * - `ended`: both sides of the latest turn ended; it takes a vote or a follow-up;
 * - `voted`: final;
 * - `unsaved`: an answer could not be stored, so the record the vote would
 *   judge is incomplete; final as well (a new battle is the way on).
 */
export type Phase = 'streaming' | 'ended' | 'voted' | 'unsaved';

/** One side's end of the latest turn, and whether the database holds it. */
export interface SideResult extends SideOutcome {
  saved: boolean;
}

/**
 * The rules of one battle as pure data and functions: no I/O, no clock reads,
 * no exceptions for a broken rule (a `Refusal` is returned instead). The turn
 * runner and the router call these and act on the result, so a rule change is
 * one function and one millisecond test.
 */
export interface Battle {
  readonly id: string;
  /** Hash of the session that started it: only that session may steer or vote. */
  readonly sessionHash: string;
  readonly mode: BattleMode;
  readonly models: Readonly<Record<Side, string>>;
  /** Per-side settings of a named battle ({} for none). */
  readonly settings: Readonly<BattleSettings>;
  readonly createdAt: number;
  /** Why a blind battle is no longer blind (an answer named its model), or null. */
  readonly flagged: string | null;
  readonly phase: Phase;
  /** Index of the latest turn. */
  readonly turn: number;
  /** Each side's conversation so far, as sent upstream for the next turn. */
  readonly history: Readonly<Record<Side, readonly ChatMessage[]>>;
  /** The latest turn's ended sides. */
  readonly outcomes: Readonly<Partial<Record<Side, SideResult>>>;
  /** Monotonic time both sides of the latest turn ended; null while streaming, or for a battle restored from storage. */
  readonly endedAt: number | null;
  /** Each side's sums over every ended answer of the battle. */
  readonly totals: Readonly<Record<Side, SideTotals>>;
}

export interface NewBattle {
  id: string;
  sessionHash: string;
  mode: BattleMode;
  models: Record<Side, string>;
  settings?: BattleSettings;
  createdAt: number;
}

/** What a side's answer becomes in the next turn's history, so a failed side still leaves a coherent conversation. */
export const NO_ANSWER = '(no answer)';

const bothSides = <T>(f: (s: Side) => T): Record<Side, T> => ({ a: f('a'), b: f('b') });

/** A new battle, streaming its first turn. */
export function openBattle(init: NewBattle, prompt: string): Battle {
  return {
    ...init,
    models: { ...init.models },
    settings: init.settings ?? { a: {}, b: {} },
    flagged: null,
    phase: 'streaming',
    turn: 0,
    history: bothSides(() => [{ role: 'user', content: prompt }]),
    outcomes: {},
    endedAt: null,
    totals: bothSides(() => NO_TOTALS),
  };
}

export function checkOwner(b: Battle, sessionHash: string): Refusal | null {
  return b.sessionHash === sessionHash ? null : refuse('forbidden', 'This battle belongs to another session');
}

/** The sides still answering in the latest turn. */
export function runningSides(b: Battle): Side[] {
  return b.phase === 'streaming' ? SIDES.filter((s) => !b.outcomes[s]) : [];
}

/** Why a battle cannot go on (a follow-up or a retry) in its phase; null once its latest turn has ended. */
function whyClosed(b: Battle): Refusal | null {
  switch (b.phase) {
    case 'voted':
      return refuse('already_voted', 'This battle has been voted on; start a new battle');
    case 'streaming':
      return refuse('busy', 'Wait until both answers have finished, or stop them');
    case 'unsaved':
      return refuse('storage', 'An answer of this battle could not be saved, so it cannot go on; start a new battle');
    case 'ended':
      return null;
    default: {
      const never: never = b.phase;
      return refuse('internal', `unknown phase ${String(never)}`);
    }
  }
}

/**
 * A follow-up: the next turn on both sides. `available` says whether each
 * side's model can still be reached (the catalog's business, not the battle's).
 */
export function startTurn(b: Battle, prompt: string, available: Readonly<Record<Side, boolean>>): Battle | Refusal {
  const closed = whyClosed(b);
  if (closed) return closed;
  if (b.turn + 1 >= LIMITS.turnsPerBattle) {
    return refuse('limit', `A battle has at most ${LIMITS.turnsPerBattle} turns; start a new battle`);
  }
  for (const side of SIDES) {
    if (!available[side]) return refuse('no_models', `Model on side ${side.toUpperCase()} is no longer available`);
  }
  return {
    ...b,
    phase: 'streaming',
    turn: b.turn + 1,
    history: bothSides((s) => [...b.history[s], { role: 'user', content: prompt }]),
    outcomes: {},
    endedAt: null,
  };
}

/** One side of the latest turn ended; when it is the second, the turn ends at `now`. */
export function endSide(b: Battle, side: Side, outcome: SideOutcome, saved: boolean, now: number): Battle | Refusal {
  if (b.phase !== 'streaming' || b.outcomes[side]) {
    return refuse('internal', `side ${side} of battle ${b.id} ended twice`);
  }
  const outcomes = { ...b.outcomes, [side]: { ...outcome, saved } };
  const history = { ...b.history, [side]: [...b.history[side], { role: 'assistant', content: outcome.text || NO_ANSWER }] };
  const totals = { ...b.totals, [side]: addToTotals(b.totals[side], outcome.metrics) };
  const both = outcomes.a && outcomes.b;
  if (!both) return { ...b, outcomes, history, totals };
  return { ...b, outcomes, history, totals, phase: outcomes.a!.saved && outcomes.b!.saved ? 'ended' : 'unsaved', endedAt: now };
}

/** Why a kept vote stays out of the ratings. */
export type NotCounted = 'side_not_finished' | 'same_model';

export interface AcceptedVote {
  battle: Battle;
  /**
   * A stopped or failed side says nothing about answer quality, and one model
   * against itself says nothing about models: such a vote is kept, not rated.
   */
  countsForRatings: boolean;
  notCountedBecause: NotCounted | null;
  /** Time from both answers ending to the vote, when this process saw them end. */
  decisionMs: number | null;
}

export function acceptVote(b: Battle, now: number): AcceptedVote | Refusal {
  switch (b.phase) {
    case 'voted':
      return refuse('already_voted', 'This battle already has a vote');
    case 'streaming':
      return refuse('not_votable', 'Wait until both answers have finished');
    case 'unsaved':
      return refuse('storage', 'An answer of this battle could not be saved, so it cannot take a vote; start a new battle');
    case 'ended':
      break;
    default: {
      const never: never = b.phase;
      return refuse('internal', `unknown phase ${String(never)}`);
    }
  }
  const { a, b: sideB } = b.outcomes;
  if (!a || !sideB) return refuse('not_votable', 'This battle has no complete answer on both sides to vote on');
  const notCountedBecause: NotCounted | null =
    a.status !== 'finished' || sideB.status !== 'finished' ? 'side_not_finished' : b.models.a === b.models.b ? 'same_model' : null;
  return {
    battle: { ...b, phase: 'voted' },
    countsForRatings: notCountedBecause === null,
    notCountedBecause,
    decisionMs: b.endedAt === null ? null : now - b.endedAt,
  };
}

/**
 * Runs one side of the latest turn again (same model, same conversation):
 * only a side that failed or was stopped, and only until the vote. The other
 * side's answer stays; the turn ends again when the retried side ends.
 */
export function retrySide(b: Battle, side: Side, available: boolean): Battle | Refusal {
  const closed = whyClosed(b);
  if (closed) return closed;
  const ended = b.outcomes[side];
  if (!ended || ended.status === 'finished') {
    return refuse('bad_message', `Side ${side.toUpperCase()} finished its answer; only a failed or stopped side can be retried`);
  }
  if (!available) return refuse('no_models', `Model on side ${side.toUpperCase()} is no longer available`);
  const { [side]: _dropped, ...others } = b.outcomes;
  return {
    ...b,
    phase: 'streaming',
    outcomes: others,
    // The failed answer leaves the conversation; the retried one takes its place.
    history: { ...b.history, [side]: b.history[side].slice(0, -1) },
    endedAt: null,
  };
}

/** The vote the database already holds (a second node or tab voted first): the battle is final here too. */
export function markVoted(b: Battle): Battle {
  return { ...b, phase: 'voted' };
}

/** A blind battle whose answer named its own model or maker; the first reason sticks. */
export function flag(b: Battle, reason: string): Battle {
  return b.flagged ? b : { ...b, flagged: reason };
}
