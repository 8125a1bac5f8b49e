import { linearScale, niceAxis } from './scales.ts';

/** One line of a chart against concurrency: a run, its value at each level it has one for. */
export interface ConcurrencySeries {
  id: string;
  label: string;
  points: readonly { concurrency: number; value: number }[];
}

export interface ConcurrencyLayout {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  /** Each concurrency level gets an even step: 1, 2, 4, 8, 16 read as a doubling each. */
  xTicks: { value: number; x: number }[];
  yTicks: { value: number; y: number }[];
  series: { id: string; label: string; colour: number; points: { concurrency: number; value: number; x: number; y: number }[] }[];
}

const MARGIN = { left: 56, right: 16, top: 12, bottom: 40 };

/**
 * Where everything of a figure-against-concurrency chart goes. The x axis
 * is by log2 of the concurrency (the levels are usually doublings), the y
 * axis linear from zero, so a flat line means the figure does not degrade.
 */
export function concurrencyLayout(series: readonly ConcurrencySeries[], width: number, height: number): ConcurrencyLayout {
  const plot = {
    left: MARGIN.left,
    right: Math.max(MARGIN.left + 40, width - MARGIN.right),
    top: MARGIN.top,
    bottom: height - MARGIN.bottom,
  };
  const levels = [...new Set(series.flatMap((s) => s.points.map((p) => p.concurrency)))].sort((a, b) => a - b);
  const logs = levels.map((c) => Math.log2(c));
  const lo = logs[0] ?? 0;
  const hi = logs.at(-1) ?? 1;
  // A single level sits in the middle.
  const x = lo === hi ? () => (plot.left + plot.right) / 2 : linearScale([lo, hi], [plot.left + 12, plot.right - 12]);
  const values = series.flatMap((s) => s.points.map((p) => p.value));
  const axis = niceAxis(0, Math.max(...values, 0) || 1);
  const y = linearScale(axis.domain, [plot.bottom, plot.top]);
  return {
    width,
    height,
    plot,
    xTicks: levels.map((c) => ({ value: c, x: x(Math.log2(c)) })),
    yTicks: axis.ticks.map((v) => ({ value: v, y: y(v) })),
    series: series.map((s, i) => ({
      id: s.id,
      label: s.label,
      colour: i % 6,
      points: [...s.points]
        .sort((a, b) => a.concurrency - b.concurrency)
        .map((p) => ({ ...p, x: x(Math.log2(p.concurrency)), y: y(p.value) })),
    })),
  };
}
