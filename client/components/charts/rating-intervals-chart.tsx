import { intervalLayout, type RatedPoint } from '../../lib/charts/interval-layout.ts';
import { fitLabel } from '../../lib/charts/scales.ts';
import { formatInterval } from '../../lib/format-board.ts';

interface Props {
  points: readonly RatedPoint[];
  width: number;
  title: string;
  /** A CSS colour per model (the compare page paints A and B); default: the accent colour. */
  colorOf?: (id: string) => string | undefined;
}

const describe = (p: RatedPoint) =>
  `${p.label} ${Math.round(p.rating)} (95% interval ${formatInterval(p.ciLower, p.ciUpper)}${p.provisional ? ', provisional' : ''})`;

/** Each model's rating with its 95% interval as a bar, highest first. */
export function RatingIntervalsChart({ points, width, title, colorOf }: Props) {
  const l = intervalLayout(points, width);
  const summary = `${title}, highest first: ${l.items.map(describe).join('; ')}.`;
  return (
    <svg
      class="chart chart-intervals"
      role="img"
      aria-label={summary}
      width={l.width}
      height={l.height}
      viewBox={`0 0 ${l.width} ${l.height}`}
    >
      <title>{title}</title>
      <g class="grid" aria-hidden="true">
        {l.ticks.map((t) => (
          <g key={t.value}>
            <line x1={t.x} x2={t.x} y1={l.plot.top} y2={l.plot.bottom} />
            <text x={t.x} y={l.plot.bottom + 16} text-anchor="middle">
              {t.value}
            </text>
          </g>
        ))}
      </g>
      {l.items.map((it) => {
        const color = colorOf?.(it.id);
        return (
          <g
            key={it.id}
            class={it.provisional ? 'interval interval-provisional' : 'interval'}
            data-model-id={it.id}
            style={color ? `--mark:${color}` : undefined}
          >
            <title>{describe(it)}</title>
            <text class="label" x={l.labelWidth - 8} y={it.y} text-anchor="end" dominant-baseline="central">
              {fitLabel(it.label, l.labelWidth - 12)}
            </text>
            <rect class="bar" x={it.x0} y={it.y - 4} width={Math.max(2, it.x1 - it.x0)} height={8} rx={4} />
            <circle class="mark" cx={it.x} cy={it.y} r={5} />
            <text class="value" x={l.plot.right + 8} y={it.y} dominant-baseline="central">
              {Math.round(it.rating)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
