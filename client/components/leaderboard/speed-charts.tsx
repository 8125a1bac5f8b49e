import type { SpeedChartsResponse } from '../../../shared/category-api.ts';
import { fetchSpeedCharts } from '../../lib/category-api.ts';
import { linearScale, logScale, logTicks, niceAxis, fitLabel } from '../../lib/charts/scales.ts';
import { formatCount, formatUsd } from '../../lib/format.ts';
import { useApiData } from '../../lib/use-api-data.ts';
import { ChartFigure } from '../charts/chart-figure.tsx';

const HEIGHT = 260;
const M = { top: 12, right: 16, bottom: 40, left: 52 };
/** A colour per series, cycled (the page's chart palette). */
const COLOURS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#db2777', '#0891b2', '#ca8a04', '#4b5563'];
const colour = (i: number) => COLOURS[i % COLOURS.length]!;

type Models = SpeedChartsResponse['models'];

/** Medians of TTFT (x) against output speed (y), with p10–p90 whiskers both ways: up and to the left is better. */
function SpeedScatter({ models, width }: { models: Models; width: number }) {
  const pts = models.filter((m) => m.ttftMs && m.tokensPerSecond);
  if (pts.length === 0) return <p class="empty">No answer with both figures yet.</p>;
  const x = niceAxis(0, Math.max(...pts.map((m) => m.ttftMs!.p90)));
  const y = niceAxis(0, Math.max(...pts.map((m) => m.tokensPerSecond!.p90)));
  const sx = linearScale(x.domain, [M.left, width - M.right]);
  const sy = linearScale(y.domain, [HEIGHT - M.bottom, M.top]);
  return (
    <svg width={width} height={HEIGHT} role="img" aria-label="Time to first token against output speed, per model">
      <Axes
        xTicks={x.ticks.map((t) => [sx(t), `${formatCount(t)} ms`])}
        yTicks={y.ticks.map((t) => [sy(t), formatCount(t)])}
        width={width}
      />
      <text x={(M.left + width - M.right) / 2} y={HEIGHT - 6} class="axis-title" text-anchor="middle">
        time to first token (ms)
      </text>
      <text x={12} y={M.top + 4} class="axis-title">
        tokens/s
      </text>
      {pts.map((m, i) => {
        const cx = sx(m.ttftMs!.median);
        const cy = sy(m.tokensPerSecond!.median);
        return (
          <g key={m.modelId} data-model={m.modelId} stroke={colour(i)} fill={colour(i)}>
            <title>
              {`${m.label}: TTFT median ${Math.round(m.ttftMs!.median)} ms (p10 ${Math.round(m.ttftMs!.p10)}, p90 ${Math.round(m.ttftMs!.p90)}); ` +
                `speed median ${Math.round(m.tokensPerSecond!.median)} tokens/s (p10 ${Math.round(m.tokensPerSecond!.p10)}, p90 ${Math.round(m.tokensPerSecond!.p90)}); ${m.tokensPerSecond!.samples} answers`}
            </title>
            <line x1={sx(m.ttftMs!.p10)} x2={sx(m.ttftMs!.p90)} y1={cy} y2={cy} stroke-width={1.5} />
            <line x1={cx} x2={cx} y1={sy(m.tokensPerSecond!.p10)} y2={sy(m.tokensPerSecond!.p90)} stroke-width={1.5} />
            <circle cx={cx} cy={cy} r={4.5} />
            <text x={cx + 7} y={cy - 6} stroke="none" class="point-label">
              {fitLabel(m.label, 140)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Median output speed per model and endpoint, per time bucket. */
function SpeedOverTime({ data, width }: { data: SpeedChartsResponse; width: number }) {
  const series = data.speedOverTime;
  if (series.length === 0) return <p class="empty">No timed answer yet.</p>;
  const times = series.flatMap((s) => s.points.map((p) => p.at));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times) + data.bucketMs;
  const y = niceAxis(0, Math.max(...series.flatMap((s) => s.points.map((p) => p.median))));
  const sx = linearScale([t0, t1], [M.left, width - M.right]);
  const sy = linearScale(y.domain, [HEIGHT - M.bottom, M.top]);
  const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric' });
  const xTicks: [number, string][] = [0, 0.5, 1].map((f) => [sx(t0 + f * (t1 - t0)), dayFormat.format(t0 + f * (t1 - t0))]);
  return (
    <svg width={width} height={HEIGHT} role="img" aria-label="Output speed over time, per model and endpoint">
      <Axes xTicks={xTicks} yTicks={y.ticks.map((t) => [sy(t), formatCount(t)])} width={width} />
      <text x={12} y={M.top + 4} class="axis-title">
        tokens/s
      </text>
      {series.map((s, i) => {
        const path = s.points
          .map((p, k) => `${k ? 'L' : 'M'}${sx(p.at + data.bucketMs / 2).toFixed(1)} ${sy(p.median).toFixed(1)}`)
          .join(' ');
        return (
          <g key={`${s.modelId} ${s.endpoint ?? ''}`} data-model={s.modelId} stroke={colour(i)} fill={colour(i)}>
            <title>{`${s.modelId}${s.endpoint ? ` on ${s.endpoint}` : ''}`}</title>
            <path d={path} fill="none" stroke-width={2} />
            {s.points.map((p) => (
              <circle key={p.at} cx={sx(p.at + data.bucketMs / 2)} cy={sy(p.median)} r={3} />
            ))}
          </g>
        );
      })}
      <g class="legend">
        {series.map((s, i) => (
          <text key={`${s.modelId} ${s.endpoint ?? ''}`} x={width - M.right} y={M.top + 12 + 14 * i} text-anchor="end" fill={colour(i)}>
            {fitLabel(`${s.modelId}${s.endpoint ? ` · ${s.endpoint}` : ''}`, 220)}
          </text>
        ))}
      </g>
    </svg>
  );
}

/** How many answers cost how much: bars on a log scale of USD per answer. */
function CostHistogram({ bins, width }: { bins: SpeedChartsResponse['costHistogram']; width: number }) {
  if (bins.length === 0) return <p class="empty">No answer with a known cost above zero yet.</p>;
  const lo = bins[0]!.from;
  const hi = bins[bins.length - 1]!.to;
  const sx = logScale([lo, hi], [M.left, width - M.right]);
  const y = niceAxis(0, Math.max(...bins.map((b) => b.answers)));
  const sy = linearScale(y.domain, [HEIGHT - M.bottom, M.top]);
  return (
    <svg width={width} height={HEIGHT} role="img" aria-label="Distribution of cost per answer">
      <Axes
        xTicks={logTicks(lo, hi, 5).map((t) => [sx(t), formatUsd(t)])}
        yTicks={y.ticks.map((t) => [sy(t), formatCount(t)])}
        width={width}
      />
      <text x={(M.left + width - M.right) / 2} y={HEIGHT - 6} class="axis-title" text-anchor="middle">
        cost per answer (USD, log scale)
      </text>
      {bins.map((b) => (
        <rect
          key={b.from}
          class="cost-bar"
          x={sx(b.from) + 0.5}
          width={Math.max(1, sx(b.to) - sx(b.from) - 1)}
          y={sy(b.answers)}
          height={sy(0) - sy(b.answers)}
        >
          <title>{`${formatUsd(b.from)} – ${formatUsd(b.to)}: ${formatCount(b.answers)} answers`}</title>
        </rect>
      ))}
    </svg>
  );
}

function Axes({ xTicks, yTicks, width }: { xTicks: [number, string][]; yTicks: [number, string][]; width: number }) {
  const bottom = HEIGHT - M.bottom;
  return (
    <g class="axes">
      <line x1={M.left} x2={width - M.right} y1={bottom} y2={bottom} class="axis-line" />
      <line x1={M.left} x2={M.left} y1={M.top} y2={bottom} class="axis-line" />
      {xTicks.map(([x, label]) => (
        <text key={`x${x}`} x={x} y={bottom + 16} text-anchor="middle" class="tick">
          {label}
        </text>
      ))}
      {yTicks.map(([y, label]) => (
        <g key={`y${y}`}>
          <line x1={M.left} x2={width - M.right} y1={y} y2={y} class="grid-line" />
          <text x={M.left - 6} y={y + 4} text-anchor="end" class="tick">
            {label}
          </text>
        </g>
      ))}
    </g>
  );
}

/** The speed and cost charts (loaded on demand: the arena's first load does not carry them). */
export default function SpeedCharts() {
  const { data, error } = useApiData('speed-charts', (signal) => fetchSpeedCharts(signal));
  if (error.value) {
    return (
      <p class="notice" role="alert">
        Could not load the speed charts: {error.value}
      </p>
    );
  }
  const d = data.value;
  if (!d) {
    return (
      <p class="hint" role="status">
        Loading the speed charts…
      </p>
    );
  }
  const sample = `From the latest ${formatCount(d.answers)} finished answers (at most ${formatCount(d.limit)}).`;
  return (
    <div class="chart-grid" data-testid="speed-charts">
      <ChartFigure
        title="Time to first token against output speed"
        testId="chart-speed"
        note={`Dots are medians, whiskers the 10th to 90th percentiles; up and to the left is faster. ${sample}`}
      >
        {(w) => <SpeedScatter models={d.models} width={w} />}
      </ChartFigure>
      <ChartFigure
        title="Output speed over time"
        testId="chart-speed-time"
        note={`Median tokens per second per model and endpoint, in buckets of ${Math.round(d.bucketMs / 3_600_000)} h. ${sample}`}
      >
        {(w) => <SpeedOverTime data={d} width={w} />}
      </ChartFigure>
      <ChartFigure
        title="Cost per answer"
        testId="chart-cost"
        note={`How many answers cost how much, all models together (free answers left out). ${sample}`}
      >
        {(w) => <CostHistogram bins={d.costHistogram} width={w} />}
      </ChartFigure>
    </div>
  );
}
