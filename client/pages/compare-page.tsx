import { useEffect } from 'preact/hooks';
import type { HeadToHeadResponse, RatingsMode } from '../../shared/api.ts';
import { ChooseLists } from '../components/compare/choose-lists.tsx';
import { CostCalculator } from '../components/compare/cost-calculator.tsx';
import { ExportBar } from '../components/compare/export-bar.tsx';
import { PairPickers } from '../components/compare/pair-pickers.tsx';
import { SourceList } from '../components/compare/source-list.tsx';
import { PairRatings } from '../components/compare/pair-ratings.tsx';
import { PairRecord } from '../components/compare/pair-record.tsx';
import { SideBySideTable } from '../components/compare/side-by-side-table.tsx';
import type { ModelOption } from '../components/model-select.tsx';
import { ModeSwitch } from '../components/mode-switch.tsx';
import { StaleNote } from '../components/stale-note.tsx';
import { fetchHeadToHead } from '../lib/api.ts';
import { capabilityRows, hostedRatioText, priceRows, qualityRows, selfHostedText, speedRows } from '../lib/compare-published-rows.ts';
import { measuredRows, monthlyRows, priceRatioText, specRows } from '../lib/compare-rows.ts';
import { SourceNotes } from '../lib/source-notes.ts';
import type { ModelsStore } from '../lib/models-store.ts';
import { compareHash, compareParamsOf, leaderboardHash, modelHash } from '../lib/router.ts';
import { useApiData } from '../lib/use-api-data.ts';

function Verdict({ h }: { h: HeadToHeadResponse }) {
  return (
    <section class="card verdict" aria-labelledby="verdict-title" data-testid="verdict" data-thin={h.thinEvidence ? 'true' : 'false'}>
      <h2 id="verdict-title">
        Verdict{' '}
        {h.thinEvidence ? (
          <span class="badge badge-provisional" title="At least one of the two is provisional: few votes so far">
            thin evidence
          </span>
        ) : null}
      </h2>
      <p>{h.verdict}</p>
    </section>
  );
}

function Prices({ h, notes }: { h: HeadToHeadResponse; notes: SourceNotes }) {
  const selfHosted = [h.a, h.b]
    .map((s) => ({ id: s.row.modelId, label: s.row.label, text: selfHostedText(s) }))
    .filter((x) => x.text !== null);
  return (
    <section class="card card-wide" aria-labelledby="price-title" data-testid="prices">
      <h2 id="price-title">Price</h2>
      <p class="price-ratio" data-testid="hosted-price-ratio">
        {hostedRatioText(h)}
      </p>
      {selfHosted.map((x) => (
        <p key={x.id} class="self-hosted" data-testid="self-hosted" data-model-id={x.id}>
          {x.label}: {x.text}
        </p>
      ))}
      <SideBySideTable
        caption="Prices: here and on hosted APIs"
        aLabel={h.a.row.label}
        bLabel={h.b.row.label}
        rows={priceRows(h, notes)}
        testId="price-table"
      />
      <p class="price-ratio" data-testid="price-ratio">
        {priceRatioText(h)}
      </p>
      <SideBySideTable
        caption="Monthly cost at the blended 3:1 price"
        aLabel={h.a.row.label}
        bLabel={h.b.row.label}
        rows={monthlyRows(h)}
        testId="monthly-cost"
      />
      <p class="hint">At the price of the endpoint Versus uses, blended 3 input tokens to 1 output token.</p>
    </section>
  );
}

function Body({ h }: { h: HeadToHeadResponse }) {
  const names = { aLabel: h.a.row.label, bLabel: h.b.row.label };
  // One numbering of sources across every table of the page.
  const notes = new SourceNotes();
  const quality = qualityRows(h, notes);
  const speed = speedRows(h, notes);
  const capabilities = capabilityRows(h, notes);
  return (
    <>
      <Verdict h={h} />
      <ChooseLists h={h} />
      <div class="compare-grid">
        <PairRecord h={h} />
        <PairRatings h={h} />
        <section class="card card-wide" aria-labelledby="quality-title" data-testid="quality">
          <h2 id="quality-title">Rating here and published benchmarks</h2>
          <SideBySideTable
            caption="This arena's rating beside published benchmark scores"
            {...names}
            rows={quality}
            testId="quality-table"
          />
          <p class="hint">
            The rating is measured here from votes; benchmark scores are published by their sources, with the setting they were taken in.
          </p>
        </section>
        <Prices h={h} notes={notes} />
        <CostCalculator h={h} />
        <section class="card card-wide" aria-labelledby="speed-title" data-testid="speed">
          <h2 id="speed-title">Speed: published and measured here</h2>
          <SideBySideTable caption="Published speed beside this arena's measurements" {...names} rows={speed} testId="speed-table" />
        </section>
        <section class="card" aria-labelledby="measured-title" data-testid="measured">
          <h2 id="measured-title">Measured in this arena</h2>
          <SideBySideTable
            caption="Median speed and cost over finished answers"
            {...names}
            rows={measuredRows(h)}
            testId="measured-table"
          />
          <p class="hint">Medians over this arena&apos;s finished answers, with the 90th percentile and the number of answers.</p>
        </section>
        <section class="card" aria-labelledby="cap-title" data-testid="capabilities">
          <h2 id="cap-title">Capabilities and availability</h2>
          <SideBySideTable
            caption="Capabilities the makers document, and how this Versus reaches each model"
            {...names}
            rows={capabilities}
            testId="capability-table"
          />
        </section>
        <section class="card card-wide" aria-labelledby="spec-title" data-testid="specs">
          <h2 id="spec-title">Specs</h2>
          <SideBySideTable caption="Catalog facts side by side" {...names} rows={specRows(h)} testId="spec-table" />
        </section>
        <SourceList notes={notes} />
      </div>
    </>
  );
}

/** "A vs B" from this arena's own votes and measurements. */
export default function ComparePage({ hash, models }: { hash: string; models: ModelsStore }) {
  const { a, b, mode } = compareParamsOf(hash);
  useEffect(() => {
    if (!models.data.value) void models.refresh();
  }, []);
  const catalog = models.data.value?.models ?? [];
  // A bare #/compare opens the first two models of the catalog.
  useEffect(() => {
    if ((a && b) || catalog.length < 2) return;
    const first = a ?? catalog[0]!.id;
    location.replace(compareHash(first, b ?? catalog.find((m) => m.id !== first)!.id, mode));
  }, [a, b, catalog.length]);

  const ready = a !== null && b !== null && a !== b;
  const { data, error } = useApiData(
    ready ? `${mode}|${a}|${b}` : '',
    (signal) => (ready ? fetchHeadToHead(a, b, mode, signal) : Promise.reject(new Error('Pick two different models.'))),
    (d) => d.stale,
  );
  const h = data.value;
  // Catalog models, plus the two on screen if they came from imported votes only.
  const options: ModelOption[] = catalog.map((m) => ({ id: m.id, label: m.label, organisation: m.organisation }));
  for (const s of h ? [h.a.row, h.b.row] : []) {
    if (!options.some((o) => o.id === s.modelId)) options.push({ id: s.modelId, label: s.label, organisation: s.organisation });
  }
  const go = (na: string, nb: string, m: RatingsMode = mode) => (location.hash = compareHash(na, nb, m));
  const current = h && h.a.row.modelId === a && h.b.row.modelId === b ? h : null;

  return (
    <main class="page compare" id="main" tabIndex={-1}>
      <p class="crumb">
        <a href={leaderboardHash(mode)}>← Leaderboard</a>
      </p>
      <div class="page-head">
        <h1>
          {current ? (
            <>
              <span class="name-a">{current.a.row.label}</span> <span class="vs">vs</span> <span class="name-b">{current.b.row.label}</span>
            </>
          ) : (
            'Head-to-head'
          )}
        </h1>
        {current ? <StaleNote stale={current.stale} computedAt={current.computedAt} /> : null}
      </div>
      {current ? (
        <div class="compare-links">
          <p class="hint">
            Model pages: <a href={modelHash(current.a.row.modelId, mode)}>{current.a.row.label}</a> ·{' '}
            <a href={modelHash(current.b.row.modelId, mode)}>{current.b.row.label}</a>
          </p>
          <ExportBar h={current} />
        </div>
      ) : null}
      <div class="compare-controls">
        <PairPickers a={a ?? ''} b={b ?? ''} options={options} onChange={(na, nb) => go(na, nb)} />
        <ModeSwitch name="vs-mode" value={mode} onChange={(m) => a && b && go(a, b, m)} />
      </div>
      {a && b && a === b ? <p class="notice notice-info">Pick two different models.</p> : null}
      {ready && error.value ? (
        <p class="notice" role="alert">
          Could not load this comparison: {error.value}
        </p>
      ) : null}
      {ready && !current && !error.value ? (
        <p class="hint" role="status">
          Loading…
        </p>
      ) : null}
      {current ? <Body h={current} /> : null}
    </main>
  );
}
