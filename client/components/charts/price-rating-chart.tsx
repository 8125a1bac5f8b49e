import { priceRatingLayout, type PricedPoint } from '../../lib/charts/price-rating-layout.ts';
import { formatPricePerMTok } from '../../lib/format.ts';
import { formatInterval } from '../../lib/format-board.ts';

interface Props {
  points: readonly PricedPoint[];
  width: number;
}

const priceText = (p: number) => (p === 0 ? 'free' : `${formatPricePerMTok(p)}/M`);
const tickText = (v: number) => `$${v < 1 ? v : v.toLocaleString('en-US')}`;
const describe = (p: PricedPoint & { frontier: boolean }) =>
  `${p.label}: rating ${Math.round(p.rating)} (95% interval ${formatInterval(p.ciLower, p.ciUpper)}), ${priceText(p.price)} blended${p.frontier ? ', on the frontier' : ''}`;

/**
 * Rating against blended 3:1 price (log axis; free models in their own
 * column at the left). The step line is the Pareto frontier: no model is
 * both cheaper and better rated than a model on it.
 */
export function PriceRatingChart({ points, width }: Props) {
  const height = width < 480 ? 260 : 320;
  const l = priceRatingLayout(points, width, height);
  const onFrontier = l.points.filter((p) => p.frontier).sort((a, b) => a.price - b.price);
  const summary =
    `Rating against blended price for ${l.points.length} models. ` +
    `Pareto frontier, cheapest first: ${onFrontier.map((p) => `${p.label} (${priceText(p.price)})`).join(', ')}. ` +
    l.points.map(describe).join('; ') +
    '.';
  return (
    <svg
      class="chart chart-scatter"
      role="img"
      aria-label={summary}
      width={l.width}
      height={l.height}
      viewBox={`0 0 ${l.width} ${l.height}`}
    >
      <title>Rating against blended price, with the Pareto frontier</title>
      <g class="grid" aria-hidden="true">
        {l.yTicks.map((t) => (
          <g key={t.value}>
            <line x1={l.plot.left} x2={l.plot.right} y1={t.y} y2={t.y} />
            <text x={l.plot.left - 6} y={t.y} text-anchor="end" dominant-baseline="central">
              {t.value}
            </text>
          </g>
        ))}
        {l.xTicks.map((t) => (
          <g key={t.value}>
            <line x1={t.x} x2={t.x} y1={l.plot.top} y2={l.plot.bottom} />
            <text x={t.x} y={l.plot.bottom + 15} text-anchor="middle">
              {tickText(t.value)}
            </text>
          </g>
        ))}
        {l.freeBand ? (
          <g class="free-band">
            <rect x={l.freeBand.x0} y={l.plot.top} width={l.freeBand.x1 - l.freeBand.x0} height={l.plot.bottom - l.plot.top} />
            <text x={l.freeBand.x} y={l.plot.bottom + 15} text-anchor="middle">
              free
            </text>
          </g>
        ) : null}
        <text class="axis-title" x={(l.plot.left + l.plot.right) / 2} y={l.height - 6} text-anchor="middle">
          Blended price, $ per million tokens (3:1, log scale)
        </text>
      </g>
      {l.frontierPath ? <path class="frontier" d={l.frontierPath} data-testid="frontier" /> : null}
      {l.points.map((p) => (
        <g key={p.id} class={p.frontier ? 'point point-frontier' : 'point'} data-model-id={p.id}>
          <title>{describe(p)}</title>
          <line class="whisker" x1={p.x} x2={p.x} y1={p.y0} y2={p.y1} />
          <circle cx={p.x} cy={p.y} r={p.frontier ? 6 : 4.5} />
          {/* Above the dot first: the frontier leaves each dot sideways, so a label beside it would sit on the line. */}
          {p.labelAt ? (
            <text class="label" x={p.labelAt.x} y={p.labelAt.y} text-anchor={p.labelAt.anchor}>
              {p.label}
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}
