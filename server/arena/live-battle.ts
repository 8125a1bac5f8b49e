import type { SideIdentity, Side, ServerMessage } from '../../shared/protocol.ts';
import type { BattleRecord, BattleStore } from '../../db/battle-store.ts';
import type { CatalogEntry, ModelCatalog } from '../catalog/model-catalog.ts';
import type { ChatMessage } from '../providers/types.ts';
import type { SideOutcome } from './run-side.ts';

/** A battle the arena holds in memory while a connection works with it. */
export interface LiveBattle {
  record: BattleRecord;
  /** Undefined when a stored battle names a model no longer in the catalog. */
  entries: Record<Side, CatalogEntry | undefined>;
  history: Record<Side, ChatMessage[]>;
  /** The latest turn's index. */
  turn: number;
  running: Map<Side, AbortController>;
  /** The latest turn's outcomes. */
  outcomes: Partial<Record<Side, SideOutcome>>;
  /** Monotonic time both sides of the latest turn ended; null while running or when loaded from the database. */
  bothEndedAt: number | null;
  voted: boolean;
  /** An answer of this battle could not be stored: a vote on it would judge answers the record does not have. */
  unsaved: boolean;
  turnDone: Promise<void>;
  emit: (m: ServerMessage) => void;
}

export function identityOf(modelId: string, entry: CatalogEntry | undefined): SideIdentity {
  return { modelId, label: entry?.spec.label ?? modelId, organisation: entry?.spec.organisation ?? 'unknown' };
}

/** Rebuilds a battle from the database (after a reconnect or a restart) so it can take a vote or a follow-up. */
export function loadBattle(store: BattleStore, catalog: ModelCatalog, battleId: string): LiveBattle | null {
  const d = store.getBattle(battleId);
  if (!d) return null;
  const history: Record<Side, ChatMessage[]> = { a: [], b: [] };
  const outcomes: Partial<Record<Side, SideOutcome>> = {};
  const last = d.turns.length - 1;
  for (const t of d.turns) {
    for (const side of ['a', 'b'] as const) {
      const r = d.responses.find((x) => x.turn === t.turn && x.side === side);
      history[side].push({ role: 'user', content: t.prompt });
      history[side].push({ role: 'assistant', content: r?.text || '(no answer)' });
      if (t.turn === last && r) {
        outcomes[side] = { status: r.status, text: r.text, finishReason: r.finishReason, error: r.error, metrics: r.metrics };
      }
    }
  }
  return {
    record: d.battle,
    entries: { a: catalog.get(d.battle.modelA), b: catalog.get(d.battle.modelB) },
    history,
    turn: Math.max(last, 0),
    running: new Map(),
    outcomes,
    bothEndedAt: null,
    voted: d.vote !== null,
    unsaved: false,
    turnDone: Promise.resolve(),
    emit: () => {},
  };
}
