import type { HeadToHeadResponse } from '../../../shared/api.ts';
import type { RatedPoint } from '../../lib/charts/interval-layout.ts';
import { formatCount } from '../../lib/format.ts';
import { formatInterval, formatRatingInterval } from '../../lib/format-board.ts';
import { ChartFigure } from '../charts/chart-figure.tsx';
import { RatingIntervalsChart } from '../charts/rating-intervals-chart.tsx';

/** Both ratings with their 95% intervals, in words and as two bars on one axis. */
export function PairRatings({ h }: { h: HeadToHeadResponse }) {
  const sides = [
    { side: 'a' as const, row: h.a.row },
    { side: 'b' as const, row: h.b.row },
  ];
  const points: RatedPoint[] = sides
    .filter(({ row }) => row.rating !== null)
    .map(({ row }) => ({
      id: row.modelId,
      label: row.label,
      rating: row.rating!,
      ciLower: row.ciLower ?? row.rating!,
      ciUpper: row.ciUpper ?? row.rating!,
      provisional: row.provisional,
    }));
  const color = (id: string) => (id === h.a.row.modelId ? 'var(--a)' : 'var(--b)');
  return (
    <section class="card" aria-labelledby="ratings-title" data-testid="pair-ratings">
      <h2 id="ratings-title">Ratings</h2>
      <ul class="pair-ratings">
        {sides.map(({ side, row }) => (
          <li key={side} data-side={side}>
            <span class={`side-badge side-badge-${side}`}>{side.toUpperCase()}</span>
            <span class="model-name">{row.label}</span>{' '}
            {row.votes === 0 ? (
              <span class="muted">no votes yet</span>
            ) : (
              <>
                <strong class="rating" title={`95% interval ${formatInterval(row.ciLower, row.ciUpper)}`}>
                  {formatRatingInterval(row.rating, row.ciLower, row.ciUpper)}
                </strong>{' '}
                {row.provisional ? <span class="badge badge-provisional">provisional</span> : null}
                <span class="muted">
                  ({row.provisional ? 'no rank yet' : `rank ${row.rankUB ?? '—'}`}, {formatCount(row.votes)} vote
                  {row.votes === 1 ? '' : 's'})
                </span>
              </>
            )}
          </li>
        ))}
      </ul>
      {points.length > 0 ? (
        <ChartFigure testId="chart-pair">
          {(w) => <RatingIntervalsChart points={points} width={w} title="Both ratings with 95% intervals" colorOf={color} />}
        </ChartFigure>
      ) : null}
    </section>
  );
}
