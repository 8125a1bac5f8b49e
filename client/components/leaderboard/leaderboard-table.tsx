import type { ComponentChildren } from 'preact';
import type { LeaderboardRow, RatingsMode } from '../../../shared/api.ts';
import { DASH, formatCount, formatMs, formatPercent, formatTokensPerSecond, formatUsd } from '../../lib/format.ts';
import { formatCompactTokens, formatInterval, formatPriceCell } from '../../lib/format-board.ts';
import type { SortKey, SortState } from '../../lib/leaderboard-rows.ts';
import { compareHash } from '../../lib/router.ts';
import { MeasuredValue } from '../measured-value.tsx';
import { SortHeader } from './sort-header.tsx';

interface Column {
  key: SortKey;
  label: string;
  title?: string;
  numeric?: boolean;
  cell: (r: LeaderboardRow) => ComponentChildren;
}

const price = (p: number | null) => <span title={p === null ? 'not public' : undefined}>{formatPriceCell(p)}</span>;

function Rating({ r }: { r: LeaderboardRow }) {
  if (r.rating === null) return <span title="No counted votes in this mode">{DASH}</span>;
  const rating = Math.round(r.rating);
  return (
    <span title={`95% interval ${formatInterval(r.ciLower, r.ciUpper)}`}>
      <strong>{rating}</strong>
      {r.ciLower !== null && r.ciUpper !== null ? (
        <span class="ci">
          {' '}+{Math.round(r.ciUpper - r.rating)}/−{Math.round(r.rating - r.ciLower)}
        </span>
      ) : null}
    </span>
  );
}

function License({ r }: { r: LeaderboardRow }) {
  return (
    <>
      {r.license ?? DASH}
      {r.openWeights ? (
        <span class="badge badge-open" title="Open weights: the weights are published">
          open
        </span>
      ) : null}
    </>
  );
}

const COLUMNS: Column[] = [
  { key: 'rank', label: 'Rank', title: 'Rank (UB): 1 + the number of models whose 95% interval lies entirely above this one', cell: (r) => r.rankUB ?? DASH },
  { key: 'rating', label: 'Rating', title: 'Bradley–Terry rating, + / − to the ends of its 95% interval', numeric: true, cell: (r) => <Rating r={r} /> },
  {
    key: 'votes',
    label: 'Votes',
    numeric: true,
    cell: (r) => <span title={`${r.wins} won, ${r.losses} lost, ${r.ties} tied or both bad`}>{formatCount(r.votes)}</span>,
  },
  { key: 'winRate', label: 'Win rate', title: 'Wins ÷ decisive votes (ties left out)', numeric: true, cell: (r) => formatPercent(r.winRate) },
  { key: 'organisation', label: 'Organisation', cell: (r) => r.organisation },
  { key: 'license', label: 'License', cell: (r) => <License r={r} /> },
  { key: 'context', label: 'Context', title: 'Context window, tokens', numeric: true, cell: (r) => formatCompactTokens(r.contextWindow) },
  { key: 'input', label: 'Input $/M', title: 'US dollars per million input tokens', numeric: true, cell: (r) => price(r.inputPerMTok) },
  { key: 'output', label: 'Output $/M', title: 'US dollars per million output tokens', numeric: true, cell: (r) => price(r.outputPerMTok) },
  { key: 'blended', label: 'Blended $/M', title: '3 parts input to 1 part output, per million tokens', numeric: true, cell: (r) => price(r.blendedPerMTok) },
  {
    key: 'ttft',
    label: 'First token',
    title: "Median time to first token in this arena's answers (p90, sample count)",
    numeric: true,
    cell: (r) => <MeasuredValue stat={r.ttftMs} format={formatMs} />,
  },
  {
    key: 'tps',
    label: 'Speed',
    title: "Median output tokens per second in this arena's answers (p90, sample count)",
    numeric: true,
    cell: (r) => <MeasuredValue stat={r.outputTokensPerSecond} format={formatTokensPerSecond} />,
  },
  {
    key: 'cost',
    label: 'Cost / answer',
    title: "Median cost of one answer in this arena (p90, sample count)",
    numeric: true,
    cell: (r) => <MeasuredValue stat={r.costUsd} format={formatUsd} />,
  },
];

interface Props {
  rows: readonly LeaderboardRow[];
  sort: SortState;
  onSort: (key: SortKey) => void;
  mode: RatingsMode;
  /** Whom each model's link compares it with. */
  compareWith: (modelId: string) => LeaderboardRow | null;
}

/** Every column of the board; each header sorts. The model column stays in view while the table scrolls sideways. */
export function LeaderboardTable({ rows, sort, onSort, mode, compareWith }: Props) {
  const [rank, ...rest] = COLUMNS;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Leaderboard table (scrolls sideways)">
      <table class="leaderboard">
        <thead>
          <tr>
            <SortHeader sortKey={rank!.key} label={rank!.label} title={rank!.title} sort={sort} onSort={onSort} />
            <SortHeader sortKey="model" label="Model" sort={sort} onSort={onSort} />
            {rest.map((c) => (
              <SortHeader key={c.key} sortKey={c.key} label={c.label} title={c.title} numeric={c.numeric} sort={sort} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const other = compareWith(r.modelId);
            return (
              <tr key={r.modelId} data-model-id={r.modelId}>
                <td data-col="rank">{rank!.cell(r)}</td>
                <th scope="row" class="model-col" data-col="model">
                  {other ? (
                    <a href={compareHash(r.modelId, other.modelId, mode)} title={`${r.label} vs ${other.label}, head-to-head`}>
                      {r.label}
                    </a>
                  ) : (
                    r.label
                  )}
                  {!r.available && r.provider !== null ? <span class="sub">not available now</span> : null}
                </th>
                {rest.map((c) => (
                  <td key={c.key} class={c.numeric ? 'num' : undefined} data-col={c.key}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
