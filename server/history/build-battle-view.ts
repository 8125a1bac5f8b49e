import type { AnswerView, BattleSummary, BattleView, VoteView } from '../../shared/battle-view.ts';
import { toPublicError } from '../../shared/provider-error.ts';
import { SIDES, type Side, type SideIdentity, type SideTotals } from '../../shared/protocol.ts';
import type { BattleRecord, BattleSummaryRecord, BattleWithDetails, ResponseRecord, VoteRecord } from '../../db/battle-store.ts';
import type { SideMetrics } from '../../shared/metrics.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';
import { blindView } from '../arena/blind-view.ts';
import { identityOf } from '../arena/identity-of.ts';
import { addToTotals, NO_TOTALS } from '../arena/side-totals.ts';
import { estimateTokens } from '../arena/token-estimator.ts';

/** A blind battle stays blind until its vote, on the history page and behind a share link as in the arena. */
const stillBlind = (b: BattleRecord, vote: VoteRecord | null) => b.mode === 'blind' && vote === null;

function sidesOf(b: BattleRecord, blind: boolean, catalog: ModelCatalog): Record<Side, SideIdentity | null> {
  const id = (m: string) => (blind ? null : identityOf(m, catalog.get(m)));
  return { a: id(b.modelA), b: id(b.modelB) };
}

function voteOf(v: VoteRecord | null): VoteView | null {
  return v ? { choice: v.choice, countsForRatings: v.countsForRatings, at: v.createdAt } : null;
}

function totalsOf(answers: readonly { side: Side; metrics: SideMetrics }[]): Record<Side, SideTotals> {
  const totals = { a: NO_TOTALS, b: NO_TOTALS };
  for (const r of answers) totals[r.side] = addToTotals(totals[r.side], r.metrics);
  return totals;
}

async function answerOf(r: ResponseRecord, blind: boolean): Promise<AnswerView> {
  const outcome = { status: r.status, text: r.text, finishReason: r.finishReason, error: r.error, metrics: r.metrics };
  if (blind) return { text: r.text, status: r.status, ...blindView(outcome, await estimateTokens(r.text).catch(() => null)) };
  return {
    text: r.text,
    status: r.status,
    finishReason: r.finishReason,
    error: r.error ? toPublicError(r.error) : null,
    metrics: r.metrics,
  };
}

/** One stored battle for its owner (`shared` says whether a link is live) or, read-only, for a link's holder. */
export async function buildBattleView(
  d: BattleWithDetails,
  replaced: readonly ResponseRecord[],
  catalog: ModelCatalog,
  viewer: { readOnly: false; shared: boolean } | { readOnly: true },
): Promise<BattleView> {
  const blind = stillBlind(d.battle, d.vote);
  const answer = (turn: number, side: Side) => d.responses.find((r) => r.turn === turn && r.side === side);
  const turns = await Promise.all(
    d.turns.map(async (t) => {
      const [a, b] = await Promise.all(SIDES.map((s) => answer(t.turn, s)).map((r) => (r ? answerOf(r, blind) : Promise.resolve(null))));
      return { turn: t.turn, prompt: t.prompt, answers: { a: a ?? null, b: b ?? null } };
    }),
  );
  return {
    id: d.battle.id,
    mode: d.battle.mode,
    createdAt: d.battle.createdAt,
    sides: sidesOf(d.battle, blind, catalog),
    settings: d.battle.settings ?? null,
    turns,
    totals: blind ? null : totalsOf([...d.responses, ...replaced]),
    vote: voteOf(d.vote),
    readOnly: viewer.readOnly,
    ...(viewer.readOnly ? {} : { shared: viewer.shared }),
  };
}

/** One line of the history list. */
export function buildBattleSummary(
  s: BattleSummaryRecord,
  answers: readonly { side: Side; metrics: SideMetrics }[],
  catalog: ModelCatalog,
): BattleSummary {
  const blind = stillBlind(s.battle, s.vote);
  return {
    id: s.battle.id,
    mode: s.battle.mode,
    createdAt: s.battle.createdAt,
    sides: sidesOf(s.battle, blind, catalog),
    firstPrompt: s.firstPrompt.length > 200 ? `${s.firstPrompt.slice(0, 199)}…` : s.firstPrompt,
    turns: s.turns,
    totals: blind ? null : totalsOf(answers),
    vote: voteOf(s.vote),
    shared: s.shared,
  };
}
