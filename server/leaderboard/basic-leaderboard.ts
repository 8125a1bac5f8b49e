import type { LeaderboardResponse, LeaderboardRow } from '../../shared/api.ts';
import type { RatedVote, ResponseRecord } from '../../db/battle-store.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';
import { measuredStat } from './measured-stat.ts';

export interface BasicLeaderboardOptions {
  /** Blind votes only (the default): in named mode the voter knew the models. */
  mode: 'blind' | 'named' | 'all';
  includeIncomplete: boolean;
  /** Blind battles whose answers named their own model are left out unless asked for. */
  includeFlagged?: boolean;
}

/** Votes, wins and win rate per model, with this arena's measured speed and cost. */
export function basicLeaderboard(
  votes: readonly RatedVote[],
  responses: readonly ResponseRecord[],
  catalog: ModelCatalog,
  opts: BasicLeaderboardOptions = { mode: 'blind', includeIncomplete: false },
): LeaderboardResponse {
  const tally = new Map<string, { votes: number; wins: number; losses: number; ties: number }>();
  const at = (id: string) => {
    let t = tally.get(id);
    if (!t) tally.set(id, (t = { votes: 0, wins: 0, losses: 0, ties: 0 }));
    return t;
  };
  let total = 0;
  for (const v of votes) {
    if (opts.mode !== 'all' && v.mode !== opts.mode) continue;
    if (!opts.includeIncomplete && !v.countsForRatings) continue;
    if (v.modelA === v.modelB) continue;
    if (v.mode === 'blind' && v.flagged && !opts.includeFlagged) continue;
    total++;
    const a = at(v.modelA);
    const b = at(v.modelB);
    a.votes++;
    b.votes++;
    if (v.choice === 'a') (a.wins++, b.losses++);
    else if (v.choice === 'b') (b.wins++, a.losses++);
    else (a.ties++, b.ties++);
  }
  const byModel = new Map<string, ResponseRecord[]>();
  for (const r of responses) {
    const list = byModel.get(r.modelId);
    if (list) list.push(r);
    else byModel.set(r.modelId, [r]);
  }
  const ids = new Set([...tally.keys(), ...byModel.keys()]);
  const rows: LeaderboardRow[] = [...ids].map((id) => {
    const t = tally.get(id) ?? { votes: 0, wins: 0, losses: 0, ties: 0 };
    const rs = byModel.get(id) ?? [];
    const spec = catalog.get(id)?.spec;
    const decisive = t.wins + t.losses;
    return {
      modelId: id,
      label: spec?.label ?? id,
      organisation: spec?.organisation ?? 'unknown',
      ...t,
      winRate: decisive === 0 ? null : t.wins / decisive,
      ttftMs: measuredStat(rs.map((r) => r.metrics.ttftMs)),
      outputTokensPerSecond: measuredStat(rs.map((r) => r.metrics.outputTokensPerSecond)),
      costUsd: measuredStat(rs.map((r) => r.metrics.costUsd)),
    };
  });
  rows.sort((x, y) => (y.winRate ?? -1) - (x.winRate ?? -1) || y.votes - x.votes || x.label.localeCompare(y.label));
  return { rows, totalVotes: total };
}
