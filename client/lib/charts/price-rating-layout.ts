import { paretoFrontier } from '../../../shared/pareto-frontier.ts';
import type { RatedPoint } from './interval-layout.ts';
import { linearScale, logScale, logTicks, niceAxis, stepPath, textWidth } from './scales.ts';

export interface PricedPoint extends RatedPoint {
  /** Blended 3:1 price per million tokens; 0 for a free (self-hosted) model. */
  price: number;
}

export interface ScatterPoint extends PricedPoint {
  x: number;
  y: number;
  /** The 95% interval, vertically. */
  y0: number;
  y1: number;
  free: boolean;
  frontier: boolean;
  /** Which side of the dot the label goes, so it stays inside the plot. */
  labelSide: 'left' | 'right';
  /** Where the label's text anchor sits; null when no free spot was found (the point's tooltip and the chart's description still name it). */
  labelAt: { x: number; y: number; anchor: 'start' | 'end' } | null;
}

export interface ScatterLayout {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  /** The "free" column left of the log axis (log 0 is nowhere); null without free models. */
  freeBand: { x0: number; x1: number; x: number } | null;
  xTicks: { value: number; x: number }[];
  yTicks: { value: number; y: number }[];
  points: ScatterPoint[];
  frontierPath: string;
}

const M = { left: 46, right: 12, top: 12, bottom: 44 };
const LABEL_PX = 12;
const LABEL_H = 14;

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * Labels that avoid each other and the dots: each label tries above-right,
 * above-left, below-right, below-left, then beside its dot, and takes the
 * first spot inside the plot that no placed label or other dot occupies.
 * Better-rated models are placed first, so theirs are the labels kept.
 */
function placeLabels(points: ScatterPoint[], plot: ScatterLayout['plot']): void {
  const taken: Box[] = points.map((p) => ({ x0: p.x - 6, y0: p.y - 6, x1: p.x + 6, y1: p.y + 6 }));
  for (const p of [...points].sort((a, b) => b.rating - a.rating)) {
    const w = Math.ceil(p.label.length * LABEL_PX * 0.58);
    const own = points.indexOf(p);
    const spots: { x: number; y: number; anchor: 'start' | 'end' }[] = [
      { x: p.x + 7, y: p.y - 8, anchor: 'start' },
      { x: p.x - 7, y: p.y - 8, anchor: 'end' },
      { x: p.x + 7, y: p.y + 18, anchor: 'start' },
      { x: p.x - 7, y: p.y + 18, anchor: 'end' },
      { x: p.x + 10, y: p.y + 4, anchor: 'start' },
      { x: p.x - 10, y: p.y + 4, anchor: 'end' },
    ];
    // The side the label was always on comes first, so a lone label does not move.
    if (p.labelSide === 'left') spots.unshift(spots.splice(1, 1)[0]!);
    const boxOf = (s: (typeof spots)[number]): Box => {
      const x0 = s.anchor === 'start' ? s.x : s.x - w;
      return { x0, y0: s.y - LABEL_H + 3, x1: x0 + w, y1: s.y + 3 };
    };
    const free = spots.find((s) => {
      const b = boxOf(s);
      const inside = b.x0 >= plot.left - 40 && b.x1 <= plot.right + 10 && b.y0 >= 0 && b.y1 <= plot.bottom;
      return inside && taken.every((t, i) => i === own || !overlaps(b, t));
    });
    p.labelAt = free ?? null;
    if (free) taken.push(boxOf(free));
  }
}
const FREE_BAND = 40;
const BAND_GAP = 18;

/** Rating against blended price on a log axis, with the Pareto frontier as a step line. */
export function priceRatingLayout(points: readonly PricedPoint[], width: number, height = 300): ScatterLayout {
  const plot = { left: M.left, right: width - M.right, top: M.top, bottom: height - M.bottom };
  const hasFree = points.some((p) => p.price === 0);
  const freeBand = hasFree ? { x0: plot.left, x1: plot.left + FREE_BAND, x: plot.left + FREE_BAND / 2 } : null;
  const logLeft = (freeBand ? freeBand.x1 + BAND_GAP : plot.left) + 10;
  const logRight = plot.right - 10;

  const priced = points.filter((p) => p.price > 0).map((p) => p.price);
  const lo = priced.length ? Math.min(...priced) / 1.8 : 0.1;
  const hi = priced.length ? Math.max(...priced) * 1.8 : 10;
  const x = logScale([lo, hi], [logLeft, logRight]);

  const yAxis = points.length
    ? niceAxis(Math.min(...points.map((p) => p.ciLower)), Math.max(...points.map((p) => p.ciUpper)), height < 280 ? 3 : 4)
    : niceAxis(900, 1100, 2);
  const y = linearScale(yAxis.domain, [plot.bottom, plot.top]);

  const frontier = new Set(
    paretoFrontier(
      points,
      (p) => p.price,
      (p) => p.rating,
    ).map((p) => p.id),
  );
  const placed: ScatterPoint[] = points.map((p) => {
    const px = p.price === 0 ? freeBand!.x : x(p.price);
    return {
      ...p,
      x: px,
      y: y(p.rating),
      y0: y(p.ciLower),
      y1: y(p.ciUpper),
      free: p.price === 0,
      frontier: frontier.has(p.id),
      labelSide: px + 8 + textWidth(p.label, LABEL_PX) <= plot.right ? 'right' : 'left',
      labelAt: null,
    };
  });
  placeLabels(placed, plot);
  const frontierPoints = placed.filter((p) => p.frontier).sort((a, b) => a.price - b.price || b.rating - a.rating);

  return {
    width,
    height,
    plot,
    freeBand,
    xTicks: priced.length ? logTicks(lo, hi, width < 420 ? 3 : 6).map((value) => ({ value, x: x(value) })) : [],
    yTicks: yAxis.ticks.map((value) => ({ value, y: y(value) })),
    points: placed,
    frontierPath: stepPath(frontierPoints),
  };
}
