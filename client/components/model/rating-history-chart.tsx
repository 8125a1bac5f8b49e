import type { RatingPoint } from '../../../shared/model-page-api.ts';

const W = 560;
const H = 160;
const PAD = 28;

/** The rating at each cut with its 95% interval as a band; points without a finite rating are left out (the table lists them). */
export function RatingHistoryChart({ points, label }: { points: readonly RatingPoint[]; label: string }) {
  const finite = points.filter((p) => p.rating !== null);
  if (finite.length < 2) return null;
  const lo = Math.min(...finite.map((p) => p.ciLower ?? p.rating!));
  const hi = Math.max(...finite.map((p) => p.ciUpper ?? p.rating!));
  const [t0, t1] = [finite[0]!.at, finite[finite.length - 1]!.at];
  const x = (t: number) => PAD + ((t - t0) / (t1 - t0 || 1)) * (W - 2 * PAD);
  const y = (v: number) => H - PAD - ((v - lo) / (hi - lo || 1)) * (H - 2 * PAD);
  const line = finite.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.at).toFixed(1)} ${y(p.rating!).toFixed(1)}`).join(' ');
  const band =
    finite.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.at).toFixed(1)} ${y(p.ciUpper ?? p.rating!).toFixed(1)}`).join(' ') +
    [...finite]
      .reverse()
      .map((p) => ` L${x(p.at).toFixed(1)} ${y(p.ciLower ?? p.rating!).toFixed(1)}`)
      .join('') +
    ' Z';
  const desc = finite.map((p) => `${new Date(p.at).toISOString().slice(0, 10)}: ${Math.round(p.rating!)}`).join(', ');
  return (
    <svg
      class="chart history-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Rating of ${label} over time: ${desc}`}
      data-testid="history-chart"
    >
      <title>Rating over time with 95% intervals</title>
      <path d={band} class="history-band" />
      <path d={line} class="history-line" fill="none" />
      {finite.map((p) => (
        <circle key={p.at} cx={x(p.at)} cy={y(p.rating!)} r="3" class="history-point">
          <title>{`${new Date(p.at).toISOString().slice(0, 10)}: ${Math.round(p.rating!)} after ${p.votes} votes`}</title>
        </circle>
      ))}
      <text x={PAD} y={PAD - 10} class="axis-label">
        {Math.round(hi)}
      </text>
      <text x={PAD} y={H - 8} class="axis-label">
        {Math.round(lo)}
      </text>
    </svg>
  );
}
