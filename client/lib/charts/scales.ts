/** The few scale functions the hand-written SVG charts need (no d3: a handful of lines each). */

export type Scale = (v: number) => number;

export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): Scale {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** Positions by log10, for prices that span orders of magnitude. Domain values must be > 0. */
export function logScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): Scale {
  const l0 = Math.log10(d0);
  const span = Math.log10(d1) - l0 || 1;
  return (v) => r0 + ((Math.log10(v) - l0) / span) * (r1 - r0);
}

/**
 * A round step (1, 2 or 5 × 10^k) that cuts [min, max] into about `count`
 * parts: the nearest on a log scale (the cut-offs are the geometric means
 * √2, √10, √50), so it errs neither towards few ticks nor towards many.
 */
export function niceStep(min: number, max: number, count: number): number {
  const raw = Math.abs(max - min) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f >= Math.sqrt(50) ? 10 : f >= Math.sqrt(10) ? 5 : f >= Math.SQRT2 ? 2 : 1) * mag;
}

/**
 * A linear axis for values in [min, max]: the range widened to whole round
 * steps, and a tick at every step (the same step for both, so the ends are ticks).
 */
export function niceAxis(min: number, max: number, count = 5): { domain: [number, number]; ticks: number[] } {
  if (min === max) return niceAxis(min - 10, max + 10, count);
  const step = niceStep(min, max, count);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step * 1e-9; i++) ticks.push(Number((lo + i * step).toPrecision(12)));
  return { domain: [lo, hi], ticks };
}

/**
 * Ticks for a log axis: 1-2-5 multiples of powers of ten inside [min, max],
 * thinned to powers of ten (then every other) when there would be more than `max` of them.
 */
export function logTicks(min: number, max: number, most = 6): number[] {
  const out: number[] = [];
  for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** k).toPrecision(12));
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) out.push(v);
    }
  }
  if (out.length <= most) return out;
  const decades = out.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
  if (decades.length >= 2 && decades.length <= most) return decades;
  if (decades.length > most) return decades.filter((_, i) => i % Math.ceil(decades.length / most) === 0);
  // Under two decades in range: the ends of the 1-2-5 list keep the axis readable.
  return [out[0]!, out[out.length - 1]!];
}

/** A step line through points sorted by x: across, then up — the shape of a Pareto frontier. */
export function stepPath(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  return [`M${r1(first!.x)} ${r1(first!.y)}`, ...rest.map((p) => `H${r1(p.x)} V${r1(p.y)}`)].join(' ');
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** Roughly how wide a label is in px at the charts' 12 px font (no DOM measuring: layouts stay pure). */
export const textWidth = (s: string, px = 12) => Math.ceil(s.length * px * 0.58);

/** A label cut to fit `width` px, with an ellipsis. */
export function fitLabel(s: string, width: number, px = 12): string {
  const max = Math.max(3, Math.floor(width / (px * 0.58)));
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
