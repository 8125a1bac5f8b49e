import { describe, expect, it } from 'vitest';
import { concurrencyLayout } from '../../client/lib/charts/concurrency-layout.ts';

describe('concurrencyLayout', () => {
  it('spaces doubling levels evenly, puts zero at the bottom, and keeps each run a line of its own', () => {
    const l = concurrencyLayout(
      [
        { id: 'a', label: 'A', points: [16, 1, 4].map((c) => ({ concurrency: c, value: 100 * c })) },
        { id: 'b', label: 'B', points: [{ concurrency: 2, value: 50 }] },
      ],
      600,
      260,
    );
    expect(l.xTicks.map((t) => t.value)).toEqual([1, 2, 4, 16]);
    const [x1, x2, x4, x16] = l.xTicks.map((t) => t.x);
    expect(x2! - x1!).toBeCloseTo(x4! - x2!, 9);
    expect(x16! - x4!).toBeCloseTo(2 * (x2! - x1!), 9);
    expect(l.yTicks[0]).toEqual({ value: 0, y: l.plot.bottom });
    expect(l.yTicks.at(-1)!.value).toBeGreaterThanOrEqual(1600);
    expect(l.series.map((s) => [s.id, s.colour, s.points.map((p) => p.concurrency)])).toEqual([
      ['a', 0, [1, 4, 16]],
      ['b', 1, [2]],
    ]);
    // Higher values sit higher on the chart.
    const a = l.series[0]!.points;
    expect(a[0]!.y).toBeGreaterThan(a[2]!.y);
  });

  it('centres a single level', () => {
    const l = concurrencyLayout([{ id: 'a', label: 'A', points: [{ concurrency: 8, value: 3 }] }], 400, 200);
    expect(l.series[0]!.points[0]!.x).toBe((l.plot.left + l.plot.right) / 2);
  });
});
