import type { ComponentChildren } from 'preact';
import type { LeaderboardRow, RatingsMode } from '../../../shared/api.ts';
import { DASH, formatCount, formatMs, formatPercent, formatTokensPerSecond, formatUsd } from '../../lib/format.ts';
import { formatCompactTokens, formatInterval, formatPriceCell, formatRatingInterval } from '../../lib/format-board.ts';
import type { SortKey, SortState } from '../../lib/leaderboard-rows.ts';
import { compareHash } from '../../lib/router.ts';
import { MeasuredValue } from '../measured-value.tsx';
import { Toggletip } from '../toggletip.tsx';
import { SortHeader } from './sort-header.tsx';

interface Column {
  key: SortKey;
  label: string;
  title?: string;
  numeric?: boolean;
  cell: (r: LeaderboardRow) => ComponentChildren;
}

/** The columns a phone keeps: who, how good, how fast, how dear. */
export const PHONE_COLUMNS: ReadonlySet<string> = new Set(['rank', 'model', 'rating', 'tps', 'cost']);
/** Shown at first on a wide screen; the rest (organisation, input and output price) are one tick away. */
export const DEFAULT_COLUMNS: ReadonlySet<SortKey> = new Set<SortKey>([
  'rating',
  'votes',
  'winRate',
  'license',
  'context',
  'blended',
  'ttft',
  'tps',
  'cost',
]);
/** Always shown: the board means nothing without them. */
export const FIXED_COLUMNS: ReadonlySet<SortKey> = new Set<SortKey>(['rating', 'tps', 'cost']);
const TIP_HINT = 'lb-tip-hint';

const price = (p: number | null) => <span title={p === null ? 'not public' : undefined}>{formatPriceCell(p)}</span>;

const METHOD: Record<NonNullable<LeaderboardRow['ciMethod']>, string> = {
  bootstrap: 'bootstrap',
  profile: 'profile likelihood',
  anchor: 'the anchor itself',
};

/** The explanation is a title for the mouse and a toggletip for keyboard and touch. */
const explained = (tip: string, body: ComponentChildren) => (
  <span title={tip}>
    <Toggletip tip={tip} describedBy={TIP_HINT}>
      {body}
    </Toggletip>
  </span>
);

function Rating({ r }: { r: LeaderboardRow }) {
  if (r.votes === 0) return <span title="No counted votes in this mode">{DASH}</span>;
  if (r.ciLower === null && r.ciUpper === null)
    return <span title="Not yet linked to the ranked models by any chain of votes">{DASH}</span>;
  const how = r.ciMethod ? ` (${METHOD[r.ciMethod]})` : '';
  if (r.rating === null) {
    // One-sided record: the open end is the honest part, so it is what the cell shows.
    return explained(
      `95% interval ${formatInterval(r.ciLower, r.ciUpper)}${how}: ${r.ciUpper === null ? 'it never lost' : 'it never won'}`,
      <strong>{formatRatingInterval(null, r.ciLower, r.ciUpper)}</strong>,
    );
  }
  const rating = Math.round(r.rating);
  if (r.ciMethod === 'anchor') {
    return explained(
      'The anchor: the other ratings are measured from it',
      <>
        <strong>{rating}</strong>
        <span class="ci"> reference</span>
      </>,
    );
  }
  return explained(
    `95% interval ${formatInterval(r.ciLower, r.ciUpper)}${how}`,
    <>
      <strong>{rating}</strong>
      {r.ciLower !== null && r.ciUpper !== null ? (
        <span class="ci">
          {' '}
          +{Math.round(r.ciUpper - r.rating)}/−{Math.round(r.rating - r.ciLower)}
        </span>
      ) : null}
    </>,
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
  {
    key: 'rank',
    label: 'Rank',
    title: 'Rank (UB) among established models: 1 + the number whose 95% interval lies entirely above this one',
    cell: (r) =>
      r.rankUB === null
        ? r.provisional
          ? explained('Provisional: no rank yet', DASH)
          : DASH
        : explained(`${r.rankUB - 1} model${r.rankUB === 2 ? '' : 's'} rated clearly above this one (intervals not overlapping)`, r.rankUB),
  },
  {
    key: 'rating',
    label: 'Rating',
    title: 'Bradley–Terry rating, + / − to the ends of its 95% interval',
    numeric: true,
    cell: (r) => <Rating r={r} />,
  },
  {
    key: 'votes',
    label: 'Votes',
    numeric: true,
    cell: (r) => explained(`${r.wins} won, ${r.losses} lost, ${r.ties} tied or both bad`, formatCount(r.votes)),
  },
  {
    key: 'winRate',
    label: 'Win rate',
    title: 'Wins ÷ decisive votes (ties left out)',
    numeric: true,
    cell: (r) => formatPercent(r.winRate),
  },
  { key: 'organisation', label: 'Organisation', cell: (r) => r.organisation },
  // (Shown under the model's name unless this column is on.)
  { key: 'license', label: 'License', cell: (r) => <License r={r} /> },
  { key: 'context', label: 'Context', title: 'Context window, tokens', numeric: true, cell: (r) => formatCompactTokens(r.contextWindow) },
  { key: 'input', label: 'Input $/M', title: 'US dollars per million input tokens', numeric: true, cell: (r) => price(r.inputPerMTok) },
  { key: 'output', label: 'Output $/M', title: 'US dollars per million output tokens', numeric: true, cell: (r) => price(r.outputPerMTok) },
  {
    key: 'blended',
    label: 'Blended $/M',
    title: '3 parts input to 1 part output, per million tokens',
    numeric: true,
    cell: (r) => price(r.blendedPerMTok),
  },
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
    title: 'Median cost of one answer in this arena (p90, sample count)',
    numeric: true,
    cell: (r) => <MeasuredValue stat={r.costUsd} format={formatUsd} />,
  },
];

interface Props {
  rows: readonly LeaderboardRow[];
  /** The optional columns ticked in the chooser. */
  columns: ReadonlySet<SortKey>;
  /** The board's threshold, for the provisional badge and divider. */
  provisionalVotes: number;
  sort: SortState;
  onSort: (key: SortKey) => void;
  mode: RatingsMode;
  /** Whom each model's link compares it with. */
  compareWith: (modelId: string) => LeaderboardRow | null;
}

function ProvisionalBadge({ provisionalVotes }: { provisionalVotes: number }) {
  return (
    <span
      class="badge badge-provisional"
      title={`Fewer than ${provisionalVotes} counted votes, or no chain of votes to the ranked models: the rating is provisional and takes no rank`}
    >
      provisional
    </span>
  );
}

/**
 * Every column of the board; each header sorts. Established models come
 * first; provisional ones follow under a divider, without a rank. The model
 * column stays in view while the table scrolls sideways.
 */
export function LeaderboardTable({ rows, columns, provisionalVotes, sort, onSort, mode, compareWith }: Props) {
  const [rank, ...all] = COLUMNS;
  const rest = all.filter((c) => columns.has(c.key) || FIXED_COLUMNS.has(c.key));
  const phoneClass = (key: string) => (PHONE_COLUMNS.has(key) ? undefined : 'col-wide');
  const firstProvisional = rows.findIndex((r) => r.provisional);
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Leaderboard table" data-testid="lb-table-wrap">
      <span id={TIP_HINT} hidden>
        Press to explain this value
      </span>
      <table class="leaderboard">
        <thead>
          <tr>
            <SortHeader sortKey={rank!.key} label={rank!.label} title={rank!.title} sort={sort} onSort={onSort} />
            <SortHeader sortKey="model" label="Model" sort={sort} onSort={onSort} />
            {rest.map((c) => (
              <SortHeader
                key={c.key}
                sortKey={c.key}
                label={c.label}
                title={c.title}
                numeric={c.numeric}
                sort={sort}
                onSort={onSort}
                class={phoneClass(c.key)}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.flatMap((r, i) => {
            const other = compareWith(r.modelId);
            const divider =
              i === firstProvisional ? (
                <tr key="provisional-divider" class="lb-divider">
                  <th scope="rowgroup" colSpan={rest.length + 2}>
                    <span>
                      Provisional: fewer than {provisionalVotes} counted votes, or not yet linked to the ranked models. No rank until then.
                    </span>
                  </th>
                </tr>
              ) : null;
            const row = (
              <tr key={r.modelId} data-model-id={r.modelId} data-provisional={r.provisional ? 'true' : undefined}>
                <td data-col="rank">{rank!.cell(r)}</td>
                <th scope="row" class="model-col" data-col="model">
                  {other ? (
                    <a href={compareHash(r.modelId, other.modelId, mode)} title={`${r.label} vs ${other.label}, head-to-head`}>
                      {r.label}
                    </a>
                  ) : (
                    r.label
                  )}
                  {r.provisional && r.votes > 0 ? <ProvisionalBadge provisionalVotes={provisionalVotes} /> : null}
                  {!columns.has('organisation') ? <span class="sub org-sub">{r.organisation}</span> : null}
                  {!r.available && r.provider !== null ? <span class="sub">not available now</span> : null}
                </th>
                {rest.map((c) => (
                  <td key={c.key} class={[c.numeric ? 'num' : '', phoneClass(c.key) ?? ''].join(' ').trim() || undefined} data-col={c.key}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            );
            return divider ? [divider, row] : [row];
          })}
        </tbody>
      </table>
    </div>
  );
}
