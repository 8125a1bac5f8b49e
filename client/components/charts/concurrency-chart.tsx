import { concurrencyLayout, type ConcurrencySeries } from '../../lib/charts/concurrency-layout.ts';

interface Props {
  series: readonly ConcurrencySeries[];
  width: number;
  /** What the y axis measures, e.g. "TTFT p50 (ms)". */
  yLabel: string;
  format: (v: number) => string;
  testId: string;
}

/** A figure against concurrency, one line per run (inline SVG; described in full for screen readers). */
export function ConcurrencyChart({ series, width, yLabel, format, testId }: Props) {
  const height = width < 480 ? 220 : 260;
  const l = concurrencyLayout(series, width, height);
  const summary = `${yLabel} against concurrency. ${l.series
    .map((s) => `${s.label}: ${s.points.map((p) => `${p.concurrency} at once, ${format(p.value)}`).join('; ')}`)
    .join('. ')}.`;
  return (
    <svg
      class="chart chart-lines"
      role="img"
      aria-label={summary}
      width={l.width}
      height={l.height}
      viewBox={`0 0 ${l.width} ${l.height}`}
      data-testid={testId}
    >
      <title>{yLabel} against concurrency</title>
      <g class="grid" aria-hidden="true">
        {l.yTicks.map((t) => (
          <g key={t.value}>
            <line x1={l.plot.left} x2={l.plot.right} y1={t.y} y2={t.y} />
            <text x={l.plot.left - 6} y={t.y} text-anchor="end" dominant-baseline="middle">
              {format(t.value)}
            </text>
          </g>
        ))}
        {l.xTicks.map((t) => (
          <text key={t.value} x={t.x} y={l.plot.bottom + 16} text-anchor="middle">
            {t.value}
          </text>
        ))}
        <text x={(l.plot.left + l.plot.right) / 2} y={l.height - 4} text-anchor="middle">
          requests at once
        </text>
      </g>
      {l.series.map((s) => (
        <g key={s.id} class={`series series-${s.colour}`} data-series={s.id}>
          <polyline fill="none" points={s.points.map((p) => `${p.x},${p.y}`).join(' ')} />
          {s.points.map((p) => (
            <circle key={p.concurrency} cx={p.x} cy={p.y} r={4} data-concurrency={p.concurrency} data-value={p.value}>
              <title>{`${s.label}: ${format(p.value)} at ${p.concurrency} at once`}</title>
            </circle>
          ))}
        </g>
      ))}
    </svg>
  );
}
