import type { Pairwise } from '../../../shared/api.ts';
import { heatFill } from '../../lib/charts/heat-color.ts';
import { heatmapLayout, MIN_CELL, type HeatCell } from '../../lib/charts/heatmap-layout.ts';
import { fitLabel } from '../../lib/charts/scales.ts';

interface Props {
  pairwise: Pairwise;
  ids: ReadonlySet<string>;
  labels: ReadonlyMap<string, string>;
  width: number;
}

const pct = (f: number) => `${Math.round(f * 100)}%`;

function cellTitle(c: HeatCell, labels: ReadonlyMap<string, string>): string {
  const row = labels.get(c.row) ?? c.row;
  const col = labels.get(c.col) ?? c.col;
  const votes = `${c.battles} vote${c.battles === 1 ? '' : 's'} between them`;
  if (c.fraction === null) return `${row} vs ${col}: no decisive vote yet (${votes})`;
  return `${row} beat ${col} in ${pct(c.fraction)} of their decisive votes (${votes})`;
}

/** Row model's share of decisive wins against each column model; blank where they never had one. */
export function WinHeatmap({ pairwise, ids, labels, width }: Props) {
  const l = heatmapLayout(pairwise, ids, labels, width);
  const filled = l.cells.filter((c) => c.fraction !== null);
  const summary =
    `Win fractions between ${l.models.length} models, row against column. ` +
    (filled.length ? filled.map((c) => cellTitle(c, labels)).join('; ') : 'No decisive votes yet') +
    '.';
  const showText = l.cell >= MIN_CELL;
  return (
    <svg
      class="chart chart-heatmap"
      role="img"
      aria-label={summary}
      width={l.width}
      height={l.height}
      viewBox={`0 0 ${l.width} ${l.height}`}
    >
      <title>Win fraction, row model against column model</title>
      <g class="axis-labels" aria-hidden="true">
        {l.models.map((m) => (
          <g key={m.id}>
            <text class="label" x={l.left - 8} y={l.top + m.index * l.cell + l.cell / 2} text-anchor="end" dominant-baseline="central">
              {fitLabel(m.label, l.left - 12)}
            </text>
            <text class="label" transform={`translate(${l.left + m.index * l.cell + l.cell / 2} ${l.top - 6}) rotate(-45)`} font-size="11">
              {m.short}
            </text>
          </g>
        ))}
      </g>
      {l.cells.map((c) => (
        <g key={`${c.row}|${c.col}`} class={c.fraction === null ? 'cell cell-empty' : 'cell'} data-row={c.row} data-col={c.col}>
          <title>{cellTitle(c, labels)}</title>
          <rect
            x={c.x + 1}
            y={c.y + 1}
            width={l.cell - 2}
            height={l.cell - 2}
            rx={3}
            style={c.fraction === null ? undefined : { fill: heatFill(c.fraction) }}
          />
          {showText && c.fraction !== null ? (
            <text x={c.x + l.cell / 2} y={c.y + l.cell / 2} text-anchor="middle" dominant-baseline="central">
              {Math.round(c.fraction * 100)}
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}
