import type { BenchmarkRun, Percentiles } from '../../shared/benchmark.ts';

const FIGURES = ['ttftMs', 'interTokenMs', 'latencyMs', 'outputTokensPerSecond'] as const;

const HEADER = [
  'run_id',
  'model',
  'upstream_model',
  'endpoint',
  'provider',
  'created_at',
  'status',
  'concurrency',
  'requests',
  'succeeded',
  'duration_ms',
  ...FIGURES.flatMap((f) => ['p50', 'p90', 'p99'].map((q) => `${snake(f)}_${q}`)),
  'total_output_tokens_per_second',
  'requests_per_second',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'errors',
];

function snake(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A field as RFC 4180 wants it; text that a spreadsheet would run as a formula is prefixed with a quote mark. */
function field(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '';
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const quantiles = (p: Percentiles | null) => (p === null ? [null, null, null] : [p.p50, p.p90, p.p99]);

/** Runs as CSV: one row per concurrency level, the run's identity repeated on each, errors as `kind=count;…`. */
export function benchmarkCsv(runs: readonly BenchmarkRun[]): string {
  const lines = [HEADER.join(',')];
  for (const run of runs) {
    for (const l of run.levels) {
      const errors = Object.entries(l.errors)
        .map(([k, n]) => `${k}=${n}`)
        .join(';');
      const row = [
        run.id,
        run.model,
        run.upstreamModel,
        run.endpointId,
        run.providerLabel,
        new Date(run.createdAt).toISOString(),
        run.status,
        l.concurrency,
        l.requests,
        l.succeeded,
        l.durationMs,
        ...FIGURES.flatMap((f) => quantiles(l[f])),
        l.totalOutputTokensPerSecond,
        l.requestsPerSecond,
        l.inputTokens,
        l.outputTokens,
        l.costUsd,
        errors,
      ];
      lines.push(row.map(field).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
