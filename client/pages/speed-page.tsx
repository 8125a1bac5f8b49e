import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { BenchmarkEstimate, BenchmarkPlan, BenchmarkRun, LevelFigures } from '../../shared/benchmark.ts';
import { ChartFigure } from '../components/charts/chart-figure.tsx';
import { ConcurrencyChart } from '../components/charts/concurrency-chart.tsx';
import type { ConcurrencySeries } from '../lib/charts/concurrency-layout.ts';
import { benchmarkExportHref, cancelBenchmark, estimateBenchmark, fetchBenchmarks, startBenchmark } from '../lib/benchmark-api.ts';
import { DASH, formatMs, formatTokensPerSecond, formatUsd } from '../lib/format.ts';
import type { ModelsStore } from '../lib/models-store.ts';
import { documentTitle } from '../lib/router.ts';
import { useApiData } from '../lib/use-api-data.ts';

interface Props {
  models: ModelsStore;
  /** Whether this person may start runs (the server checks again). */
  canRun: boolean;
}

const runLabel = (r: BenchmarkRun) => `${r.modelLabel} · ${r.providerLabel}`;

function series(runs: readonly BenchmarkRun[], value: (l: LevelFigures) => number | null | undefined): ConcurrencySeries[] {
  return runs.map((r) => ({
    id: r.id,
    label: runLabel(r),
    points: r.levels.flatMap((l) => {
      const v = value(l);
      return v === null || v === undefined ? [] : [{ concurrency: l.concurrency, value: v }];
    }),
  }));
}

const p = (q: LevelFigures['ttftMs'], which: 'p50' | 'p90' | 'p99') => (q ? q[which] : null);
const errorsText = (l: LevelFigures) =>
  Object.entries(l.errors)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

function parseLevels(s: string): number[] {
  return s
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
}

function RunForm({ models, onStarted }: { models: ModelsStore; onStarted: (run: BenchmarkRun) => void }) {
  const available = (models.data.value?.models ?? []).filter((m) => m.available);
  const model = useSignal('');
  const levels = useSignal('1, 2, 4, 8');
  const requests = useSignal(8);
  const minTokens = useSignal(200);
  const maxTokens = useSignal(400);
  const outputTokens = useSignal(128);
  const estimate = useSignal<BenchmarkEstimate | null>(null);
  const confirmed = useSignal(false);
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);

  const chosen = model.value || available[0]?.id || '';
  const plan = (): BenchmarkPlan => ({
    model: chosen,
    concurrency: parseLevels(levels.value),
    requestsPerLevel: requests.value,
    promptLengths: { minTokens: minTokens.value, maxTokens: maxTokens.value, seed: 1 },
    outputTokens: outputTokens.value,
  });
  // Any change to the plan needs a fresh estimate (and a fresh confirmation).
  const edited = () => {
    estimate.value = null;
    confirmed.value = false;
  };
  const run = async (e: Event) => {
    e.preventDefault();
    error.value = null;
    busy.value = true;
    try {
      if (!estimate.value) {
        estimate.value = (await estimateBenchmark(plan())).estimate;
        if (estimate.value.needsConfirmation) return;
      }
      const est = estimate.value;
      if (est.needsConfirmation && !confirmed.value) {
        error.value = 'Tick the box to confirm the cost first.';
        return;
      }
      const { run } = await startBenchmark({ ...plan(), ...(est.needsConfirmation && { confirmed: { costUsd: est.costUsd } }) });
      edited();
      onStarted(run);
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      busy.value = false;
    }
  };
  const num = (s: typeof requests) => (e: Event) => {
    s.value = Number((e.target as HTMLInputElement).value);
    edited();
  };
  if (available.length === 0) return <p class="hint">No model is available to benchmark.</p>;
  const est = estimate.value;
  return (
    <form class="speed-form" onSubmit={(e) => void run(e)} data-testid="speed-form">
      <label>
        Model (on its endpoint)
        <select
          value={chosen}
          onChange={(e) => {
            model.value = (e.target as HTMLSelectElement).value;
            edited();
          }}
        >
          {available.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label} · {m.providerLabel}
            </option>
          ))}
        </select>
      </label>
      <label>
        Concurrency levels
        <input
          value={levels.value}
          onInput={(e) => {
            levels.value = (e.target as HTMLInputElement).value;
            edited();
          }}
          inputMode="numeric"
        />
      </label>
      <label>
        Requests per level
        <input type="number" min={1} max={200} value={requests.value} onInput={num(requests)} />
      </label>
      <label>
        Prompt tokens, from
        <input type="number" min={1} max={8000} value={minTokens.value} onInput={num(minTokens)} />
      </label>
      <label>
        to
        <input type="number" min={1} max={8000} value={maxTokens.value} onInput={num(maxTokens)} />
      </label>
      <label>
        Output tokens
        <input type="number" min={1} max={4096} value={outputTokens.value} onInput={num(outputTokens)} />
      </label>
      {est ? (
        <p class="hint" data-testid="speed-estimate">
          At most {est.requests} requests, {est.inputTokens.toLocaleString('en-US')} prompt and {est.outputTokens.toLocaleString('en-US')}{' '}
          output tokens: {est.costUsd === null ? 'cost unknown (the catalog has no price)' : `up to ${formatUsd(est.costUsd)}`}.
        </p>
      ) : null}
      {est?.needsConfirmation ? (
        <label class="speed-confirm">
          <span>
            <input type="checkbox" checked={confirmed.value} onChange={(e) => (confirmed.value = (e.target as HTMLInputElement).checked)} />{' '}
            I accept this cost
          </span>
        </label>
      ) : null}
      <button type="submit" disabled={busy.value}>
        {est ? 'Start benchmark' : 'Estimate cost'}
      </button>
      {error.value ? (
        <p class="notice" role="alert">
          {error.value}
        </p>
      ) : null}
    </form>
  );
}

function FiguresTable({ runs }: { runs: readonly BenchmarkRun[] }) {
  return (
    <div class="table-scroll">
      <table class="speed-table" data-testid="speed-table">
        <caption>Figures per level: p50 / p90 / p99 over the answers that finished</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">At once</th>
            <th scope="col">Answers</th>
            <th scope="col">TTFT</th>
            <th scope="col">Inter-token</th>
            <th scope="col">End to end</th>
            <th scope="col">Output speed</th>
            <th scope="col">Total throughput</th>
            <th scope="col">Errors</th>
          </tr>
        </thead>
        <tbody>
          {runs.flatMap((r) =>
            r.levels.map((l) => (
              <tr key={`${r.id}-${l.concurrency}`}>
                <th scope="row">{runLabel(r)}</th>
                <td>{l.concurrency}</td>
                <td>
                  {l.succeeded} / {l.requests}
                </td>
                <td>{(['p50', 'p90', 'p99'] as const).map((q) => formatMs(p(l.ttftMs, q))).join(' / ')}</td>
                <td>{(['p50', 'p90', 'p99'] as const).map((q) => formatMs(p(l.interTokenMs, q))).join(' / ')}</td>
                <td>{(['p50', 'p90', 'p99'] as const).map((q) => formatMs(p(l.latencyMs, q))).join(' / ')}</td>
                <td>{(['p50', 'p90', 'p99'] as const).map((q) => formatTokensPerSecond(p(l.outputTokensPerSecond, q))).join(' / ')}</td>
                <td>{formatTokensPerSecond(l.totalOutputTokensPerSecond)}</td>
                <td>{errorsText(l)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Speed benchmarks: start one (editors and admins), follow it, and chart
 * the chosen runs against concurrency, several endpoints of one model side by side.
 */
export default function SpeedPage({ models, canRun }: Props) {
  useEffect(() => {
    document.title = documentTitle('Speed');
    // Opened directly, the page has no catalog yet (the arena page loads it).
    if (!models.data.value) void models.refresh();
  }, []);
  const reloads = useSignal(0);
  const list = useApiData(`benchmarks-${reloads.value}`, fetchBenchmarks, (d) => d.runs.some((r) => r.status === 'running'));
  const picked = useSignal<string[] | null>(null);
  const runs = list.data.value?.runs ?? [];
  // Until someone picks, the newest run and the other runs of its upstream model (the same model on other endpoints).
  const selectedIds =
    picked.value ??
    (runs[0]
      ? runs
          .filter((r) => r.upstreamModel === runs[0]!.upstreamModel)
          .slice(0, 6)
          .map((r) => r.id)
      : []);
  const selected = runs.filter((r) => selectedIds.includes(r.id));
  const toggle = (id: string) => {
    picked.value = selectedIds.includes(id) ? selectedIds.filter((x) => x !== id) : [...selectedIds, id];
  };

  return (
    <main class="page" id="main" tabIndex={-1}>
      <h1>Speed</h1>
      <p class="hint">
        Time to first token, inter-token latency, end-to-end latency and output speed under load: a fixed prompt-length distribution, one
        concurrency level after another. Figures are defined as the arena's (README, Measurements).
      </p>
      {canRun ? (
        <section>
          <h2>Run a benchmark</h2>
          <RunForm models={models} onStarted={() => (reloads.value += 1)} />
        </section>
      ) : null}
      <section>
        <h2>Runs</h2>
        {list.error.value ? (
          <p class="notice" role="alert">
            {list.error.value}
          </p>
        ) : runs.length === 0 ? (
          <p class="hint">{list.loading.value ? 'Loading…' : 'No benchmark has run yet.'}</p>
        ) : (
          <ul class="speed-runs" data-testid="speed-runs">
            {runs.map((r) => (
              <li key={r.id} data-run-id={r.id}>
                <label>
                  <input type="checkbox" checked={selectedIds.includes(r.id)} onChange={() => toggle(r.id)} />{' '}
                  <span class={`speed-swatch speed-swatch-${selected.indexOf(r) % 6}`} hidden={!selectedIds.includes(r.id)} />
                  {runLabel(r)} ({r.upstreamModel}) · {new Date(r.createdAt).toLocaleString()} · <strong>{r.status}</strong>
                  {r.note ? ` (${r.note})` : ''} · levels {r.plan.concurrency.join(', ')} × {r.plan.requestsPerLevel}
                </label>
                {r.status === 'running' && canRun ? (
                  <button type="button" onClick={() => void cancelBenchmark(r.id).then(() => (reloads.value += 1))}>
                    Cancel
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {selected.length > 0 ? (
        <section>
          <h2>Against concurrency</h2>
          <p>
            Export the chosen runs: <a href={benchmarkExportHref(selectedIds, 'json')}>JSON</a> ·{' '}
            <a href={benchmarkExportHref(selectedIds, 'csv')}>CSV</a>
          </p>
          <div class="speed-charts">
            <ChartFigure title="Time to first token (p50)" testId="speed-ttft">
              {(w) => (
                <ConcurrencyChart
                  series={series(selected, (l) => l.ttftMs?.p50)}
                  width={w}
                  yLabel="TTFT p50"
                  format={formatMs}
                  testId="speed-ttft-chart"
                />
              )}
            </ChartFigure>
            <ChartFigure title="Output speed per answer (p50)" testId="speed-tps">
              {(w) => (
                <ConcurrencyChart
                  series={series(selected, (l) => l.outputTokensPerSecond?.p50)}
                  width={w}
                  yLabel="Output tokens/s p50"
                  format={(v) => (v === 0 ? '0' : formatTokensPerSecond(v))}
                  testId="speed-tps-chart"
                />
              )}
            </ChartFigure>
            <ChartFigure title="Total throughput" testId="speed-total">
              {(w) => (
                <ConcurrencyChart
                  series={series(selected, (l) => l.totalOutputTokensPerSecond)}
                  width={w}
                  yLabel="Total output tokens/s"
                  format={(v) => (v === 0 ? '0' : formatTokensPerSecond(v))}
                  testId="speed-total-chart"
                />
              )}
            </ChartFigure>
          </div>
          <FiguresTable runs={selected} />
          <p class="hint">Cost of the chosen runs: {selected.map((r) => `${runLabel(r)} ${formatUsd(sumCost(r))}`).join('; ') || DASH}</p>
        </section>
      ) : null}
    </main>
  );
}

function sumCost(r: BenchmarkRun): number | null {
  if (r.levels.some((l) => l.costUsd === null)) return null;
  return r.levels.reduce((s, l) => s + l.costUsd!, 0);
}
