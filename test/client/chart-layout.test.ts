import { describe, expect, it } from 'vitest';
import { heatFill } from '../../client/lib/charts/heat-color.ts';
import { heatmapLayout } from '../../client/lib/charts/heatmap-layout.ts';
import { intervalLayout } from '../../client/lib/charts/interval-layout.ts';
import { priceRatingLayout } from '../../client/lib/charts/price-rating-layout.ts';
import { fitLabel, linearScale, logScale, logTicks, niceAxis, stepPath } from '../../client/lib/charts/scales.ts';

const pt = (id: string, rating: number, half = 40, price = 1) => ({
  id,
  label: id,
  rating,
  ciLower: rating - half,
  ciUpper: rating + half,
  price,
});

describe('scales', () => {
  it('maps linearly and by log10', () => {
    const x = linearScale([0, 10], [100, 200]);
    expect(x(5)).toBe(150);
    const l = logScale([0.1, 10], [0, 200]);
    expect(l(1)).toBeCloseTo(100);
    expect(l(10)).toBeCloseTo(200);
  });

  it('widens an axis to round steps whose ends are ticks', () => {
    expect(niceAxis(755, 1264, 3)).toEqual({ domain: [600, 1400], ticks: [600, 800, 1000, 1200, 1400] });
    expect(niceAxis(980, 1020, 5)).toEqual({ domain: [980, 1020], ticks: [980, 990, 1000, 1010, 1020] });
    // 980 points in 4 parts: 200-point steps (7 ticks), not 500 (3 ticks).
    expect(niceAxis(510, 1490, 4).ticks).toEqual([400, 600, 800, 1000, 1200, 1400, 1600]);
    // One value still gets an axis around it.
    expect(niceAxis(1000, 1000, 4).domain[0]).toBeLessThan(1000);
  });

  it('puts 1-2-5 ticks on a log axis, thinned to decades when crowded', () => {
    expect(logTicks(0.4, 11)).toEqual([0.5, 1, 2, 5, 10]);
    expect(logTicks(0.05, 200)).toEqual([0.1, 1, 10, 100]);
  });

  it('draws a frontier as a staircase: across, then up', () => {
    expect(
      stepPath([
        { x: 0, y: 100 },
        { x: 50, y: 60 },
        { x: 80.04, y: 20 },
      ]),
    ).toBe('M0 100 H50 V60 H80 V20');
    expect(stepPath([])).toBe('');
  });

  it('cuts long labels with an ellipsis', () => {
    expect(fitLabel('short', 200)).toBe('short');
    expect(fitLabel('a-very-long-model-name-indeed', 70)).toMatch(/^.{9}…$/);
  });
});

describe('interval chart layout', () => {
  it('one row per model, highest rating first, intervals inside the plot', () => {
    const l = intervalLayout([pt('low', 900), pt('high', 1100), pt('mid', 1000)], 600);
    expect(l.items.map((i) => i.id)).toEqual(['high', 'mid', 'low']);
    expect(l.items[0]!.y).toBeLessThan(l.items[1]!.y);
    for (const i of l.items) {
      expect(i.x0).toBeLessThan(i.x);
      expect(i.x).toBeLessThan(i.x1);
      expect(i.x0).toBeGreaterThanOrEqual(l.plot.left);
      expect(i.x1).toBeLessThanOrEqual(l.plot.right);
    }
    expect(l.ticks.length).toBeGreaterThanOrEqual(3);
    expect(l.height).toBeGreaterThan(3 * 28);
  });

  it('keeps labels to about a third of a narrow chart', () => {
    const l = intervalLayout([pt('an-extremely-long-model-label-from-an-import', 1000)], 300);
    expect(l.labelWidth).toBeLessThanOrEqual(108);
  });
});

describe('price–rating layout', () => {
  const points = [pt('free', 950, 30, 0), pt('cheap', 1000, 30, 0.75), pt('good', 1100, 30, 1.25), pt('dear', 900, 30, 6)];

  it('puts free models in their own column left of the log axis', () => {
    const l = priceRatingLayout(points, 640);
    const free = l.points.find((p) => p.id === 'free')!;
    expect(l.freeBand).not.toBeNull();
    expect(free.x).toBe(l.freeBand!.x);
    for (const p of l.points.filter((q) => !q.free)) expect(p.x).toBeGreaterThan(l.freeBand!.x1);
    expect(l.points.find((p) => p.id === 'cheap')!.x).toBeLessThan(l.points.find((p) => p.id === 'dear')!.x);
    expect(l.xTicks.every((t) => t.x > l.freeBand!.x1)).toBe(true);
  });

  it('marks the Pareto frontier and draws it as a step line through those points in price order', () => {
    const l = priceRatingLayout(points, 640);
    expect(l.points.filter((p) => p.frontier).map((p) => p.id)).toEqual(['free', 'cheap', 'good']);
    const at = (id: string) => l.points.find((p) => p.id === id)!;
    const r = (v: number) => Math.round(v * 10) / 10;
    expect(l.frontierPath).toBe(
      `M${r(at('free').x)} ${r(at('free').y)} H${r(at('cheap').x)} V${r(at('cheap').y)} H${r(at('good').x)} V${r(at('good').y)}`,
    );
    // Higher rating is higher up.
    expect(at('good').y).toBeLessThan(at('dear').y);
  });

  it('has no free column without free models, and puts labels inside the plot', () => {
    const named = points.filter((p) => p.price > 0).map((p) => (p.id === 'dear' ? { ...p, label: 'The most expensive model' } : p));
    const l = priceRatingLayout(named, 320);
    expect(l.freeBand).toBeNull();
    expect(l.points.find((p) => p.id === 'dear')!.labelSide).toBe('left');
    expect(l.points.find((p) => p.id === 'cheap')!.labelSide).toBe('right');
  });

  it('places labels so that none overlaps another label or a dot, dropping one only when no spot is free', () => {
    // Four models at almost the same price and rating: the naive labels would all sit on each other.
    const crowd = ['alpha-model', 'beta-model', 'gamma-model', 'delta-model'].map((id, i) => pt(id, 1000 + i * 3, 30, 1 + i * 0.02));
    const l = priceRatingLayout(crowd, 600, 320);
    const boxes = l.points
      .filter((p) => p.labelAt)
      .map((p) => {
        const w = Math.ceil(p.label.length * 12 * 0.58);
        const x0 = p.labelAt!.anchor === 'start' ? p.labelAt!.x : p.labelAt!.x - w;
        return { x0, x1: x0 + w, y0: p.labelAt!.y - 11, y1: p.labelAt!.y + 3 };
      });
    expect(boxes.length).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1).toBe(false);
      }
  });
});

describe('heatmap layout', () => {
  const pairwise = {
    models: ['a', 'b', 'c'],
    winFraction: [
      [null, 0.75, null],
      [0.25, null, 0.5],
      [null, 0.5, null],
    ],
    battles: [
      [0, 8, 2],
      [8, 0, 4],
      [2, 4, 0],
    ],
    predictedWin: [
      [null, 0.7, 0.8],
      [0.3, null, 0.6],
      [0.2, 0.4, null],
    ],
  };
  const labels = new Map([
    ['a', 'Alpha'],
    ['b', 'Beta'],
    ['c', 'Gamma'],
  ]);

  it('lays out the chosen models in matrix order, keeping each cell its value and vote count', () => {
    const l = heatmapLayout(pairwise, new Set(['c', 'a']), labels, 500);
    expect(l.models.map((m) => m.id)).toEqual(['a', 'c']);
    expect(l.cells).toHaveLength(4);
    const ac = l.cells.find((c) => c.row === 'a' && c.col === 'c')!;
    expect(ac).toMatchObject({ fraction: null, battles: 2 });
    expect(l.cells.find((c) => c.row === 'a' && c.col === 'a')!.fraction).toBeNull();
  });

  it('sizes cells between 30 and 56 px (room for the number) and grows past a narrow width rather than squeezing', () => {
    const wide = heatmapLayout(pairwise, new Set(['a', 'b', 'c']), labels, 1200);
    expect(wide.cell).toBe(56);
    const many = { ...pairwise, models: Array.from({ length: 30 }, (_, i) => `m${i}`) };
    const narrow = heatmapLayout(many, new Set(many.models), new Map(), 300);
    expect(narrow.cell).toBe(30);
    expect(narrow.width).toBeGreaterThan(300);
    const ab = wide.cells.find((c) => c.row === 'a' && c.col === 'b')!;
    expect(ab.x).toBe(wide.left + wide.cell);
    expect(ab.y).toBe(wide.top);
  });

  it('colours by distance from an even split', () => {
    expect(heatFill(0.5)).toBe('color-mix(in srgb, var(--heat-win) 0%, var(--heat-mid))');
    expect(heatFill(1)).toBe('color-mix(in srgb, var(--heat-win) 100%, var(--heat-mid))');
    expect(heatFill(0.25)).toBe('color-mix(in srgb, var(--heat-lose) 50%, var(--heat-mid))');
  });
});
