import type { LeaderboardRow, Pairwise } from '../../../shared/api.ts';
import type { RatedPoint } from '../../lib/charts/interval-layout.ts';
import type { PricedPoint } from '../../lib/charts/price-rating-layout.ts';
import { ChartFigure } from '../charts/chart-figure.tsx';
import { PriceRatingChart } from '../charts/price-rating-chart.tsx';
import { RatingIntervalsChart } from '../charts/rating-intervals-chart.tsx';
import { WinHeatmap } from '../charts/win-heatmap.tsx';

/** Models with a finite rating; an open interval (never lost, never won) has no point or bar to draw. */
const rated = (rows: readonly LeaderboardRow[]): RatedPoint[] =>
  rows
    .filter((r) => r.rating !== null)
    .map((r) => ({
      id: r.modelId,
      label: r.label,
      rating: r.rating!,
      ciLower: r.ciLower ?? r.rating!,
      ciUpper: r.ciUpper ?? r.rating!,
      provisional: r.provisional,
    }));

/** The three charts of the board, drawn from the rows the filters leave. */
export function LeaderboardCharts({ rows, pairwise }: { rows: readonly LeaderboardRow[]; pairwise: Pairwise }) {
  const points = rated(rows);
  const open = rows.filter((r) => r.rating === null && r.votes > 0).length;
  const openNote =
    open > 0
      ? ` ${open} model${open > 1 ? 's' : ''} without a finite rating (never lost, never won, or not yet linked) ${open > 1 ? 'are' : 'is'} in the table only.`
      : '';
  if (points.length === 0) {
    return <p class="empty">Charts appear once a model shown here has a finite rating.{openNote}</p>;
  }
  const blended = new Map(rows.map((r) => [r.modelId, r.blendedPerMTok]));
  const priced: PricedPoint[] = points.filter((p) => blended.get(p.id) != null).map((p) => ({ ...p, price: blended.get(p.id)! }));
  const unpriced = points.length - priced.length;
  const ids = new Set(points.map((p) => p.id));
  const labels = new Map(rows.map((r) => [r.modelId, r.label]));
  return (
    <div class="chart-grid">
      <ChartFigure
        title="Ratings with 95% intervals"
        testId="chart-intervals"
        note={`Bars are 95% intervals (bootstrap for established models; profile likelihood, fainter, for provisional ones); overlapping bars are not yet told apart.${openNote}`}
      >
        {(w) => <RatingIntervalsChart points={points} width={w} title="Ratings with 95% intervals" />}
      </ChartFigure>
      <ChartFigure
        title="Rating against price"
        testId="chart-price"
        note={
          <>
            Blended 3:1 price, log scale; free self-hosted models at the left. The line is the Pareto frontier: nothing is both cheaper and
            better rated than a model on it.
            {unpriced > 0
              ? ` ${unpriced} rated model${unpriced > 1 ? 's' : ''} without a public price ${unpriced > 1 ? 'are' : 'is'} not shown.`
              : ''}
          </>
        }
      >
        {(w) =>
          priced.length ? <PriceRatingChart points={priced} width={w} /> : <p class="empty">No rated model here has a known price.</p>
        }
      </ChartFigure>
      <ChartFigure
        title="Win fraction, head-to-head"
        testId="chart-heatmap"
        note="How often the row model won its decisive votes against the column model (ties left out): blue, mostly won; orange, mostly lost; blank, no decisive vote yet. Hover a cell for the number of votes."
      >
        {(w) =>
          points.length >= 2 ? (
            // Focusable: on a narrow screen it scrolls sideways, and a keyboard must reach that.
            <div class="heatmap-scroll" tabIndex={0} role="group" aria-label="Win fraction heatmap (scrolls sideways)">
              <WinHeatmap pairwise={pairwise} ids={ids} labels={labels} width={w} />
            </div>
          ) : (
            <p class="empty">Needs two rated models.</p>
          )
        }
      </ChartFigure>
    </div>
  );
}
