import { linearScale, niceAxis, textWidth } from './scales.ts';

export interface RatedPoint {
  id: string;
  label: string;
  rating: number;
  ciLower: number;
  ciUpper: number;
  /** Drawn fainter: a provisional model's wide interval should not read like an established one's. */
  provisional?: boolean;
}

export interface IntervalItem extends RatedPoint {
  /** Row centre. */
  y: number;
  /** Rating, lower and upper bound in px. */
  x: number;
  x0: number;
  x1: number;
}

export interface IntervalLayout {
  width: number;
  height: number;
  labelWidth: number;
  plot: { left: number; right: number; top: number; bottom: number };
  ticks: { value: number; x: number }[];
  items: IntervalItem[];
}

const ROW = 28;
const AXIS = 26;
const VALUE = 44;

/**
 * One row per model, highest rating first: the label on the left, the 95%
 * interval as a bar with the rating marked, the rating at the right edge.
 */
export function intervalLayout(points: readonly RatedPoint[], width: number): IntervalLayout {
  const sorted = [...points].sort((a, b) => b.rating - a.rating || a.label.localeCompare(b.label));
  const labelWidth = Math.min(Math.max(48, ...sorted.map((p) => textWidth(p.label) + 12)), Math.round(width * 0.36), 220);
  const plot = { left: labelWidth, right: width - VALUE, top: 6, bottom: 6 + sorted.length * ROW };
  const lo = Math.min(...sorted.map((p) => p.ciLower));
  const hi = Math.max(...sorted.map((p) => p.ciUpper));
  const axis = sorted.length ? niceAxis(lo, hi, width < 420 ? 3 : 5) : niceAxis(900, 1100, 2);
  const x = linearScale(axis.domain, [plot.left + 6, plot.right - 6]);
  return {
    width,
    height: plot.bottom + AXIS,
    labelWidth,
    plot,
    ticks: axis.ticks.map((value) => ({ value, x: x(value) })),
    items: sorted.map((p, i) => ({ ...p, y: plot.top + i * ROW + ROW / 2, x: x(p.rating), x0: x(p.ciLower), x1: x(p.ciUpper) })),
  };
}
