import type { Pairwise } from '../../../shared/api.ts';
import { fitLabel, textWidth } from './scales.ts';

export interface HeatCell {
  row: string;
  col: string;
  x: number;
  y: number;
  /** Share of the decisive votes between the two that the row's model won; null: none yet (or the diagonal). */
  fraction: number | null;
  /** All votes between the two, ties included. */
  battles: number;
}

export interface HeatmapLayout {
  width: number;
  height: number;
  cell: number;
  /** Where the grid starts: row labels to its left, column labels above. */
  left: number;
  top: number;
  models: { id: string; label: string; short: string; index: number }[];
  cells: HeatCell[];
}

const COL_LABEL_MAX = 110;
/** The smallest cell that still holds its number. */
export const MIN_CELL = 30;

/**
 * The win-fraction matrix for the models in `ids` (in the matrix's own
 * order, which is by rating), sized to `width`: cells between 30 and 56 px
 * (30 keeps a two-digit percentage readable on a phone; past that the chart
 * scrolls sideways), column labels slanted at 45° above.
 */
export function heatmapLayout(
  pairwise: Pairwise,
  ids: ReadonlySet<string>,
  labels: ReadonlyMap<string, string>,
  width: number,
): HeatmapLayout {
  const index = pairwise.models.map((id, i) => ({ id, i })).filter(({ id }) => ids.has(id));
  const n = index.length;
  const labelOf = (id: string) => labels.get(id) ?? id;
  const left = Math.min(
    Math.max(48, ...index.map(({ id }) => textWidth(labelOf(id)) + 10)),
    Math.round(width * (width < 480 ? 0.3 : 0.34)),
    200,
  );
  const cell = n ? Math.max(MIN_CELL, Math.min(56, Math.floor((width - left - 40) / n))) : 0;
  // A 45° label rises by its length / √2.
  const colLabel = Math.min(COL_LABEL_MAX, Math.max(0, ...index.map(({ id }) => textWidth(labelOf(id), 11))));
  const top = Math.ceil(colLabel / Math.SQRT2) + 14;
  const cells: HeatCell[] = [];
  index.forEach(({ id: row, i }, r) =>
    index.forEach(({ id: col, i: j }, c) =>
      cells.push({
        row,
        col,
        x: left + c * cell,
        y: top + r * cell,
        fraction: pairwise.winFraction[i]?.[j] ?? null,
        battles: pairwise.battles[i]?.[j] ?? 0,
      }),
    ),
  );
  return {
    width: Math.max(width, left + n * cell + Math.ceil(colLabel / Math.SQRT2) + 8),
    height: top + n * cell + 4,
    cell,
    left,
    top,
    models: index.map(({ id }, k) => ({ id, label: labelOf(id), short: fitLabel(labelOf(id), COL_LABEL_MAX, 11), index: k })),
    cells,
  };
}
