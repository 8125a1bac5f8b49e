import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ModelListing } from '../../shared/catalog.ts';
import { blendedPricePerMTok } from '../../shared/catalog.ts';
import { DASH, formatCount, formatPricePerMTok } from '../lib/format.ts';
import type { ModelsStore } from '../lib/models-store.ts';
import { modelMatchesQuery } from '../lib/model-matches-query.ts';
import { modelHash } from '../lib/router.ts';
import { SetupPanel } from '../components/setup-panel.tsx';

const isUrl = (s: string) => /^https?:\/\//i.test(s);

function Source({ source }: { source: string }) {
  return isUrl(source) ? (
    <a href={source} target="_blank" rel="noopener noreferrer">
      {new URL(source).hostname}
    </a>
  ) : (
    <>{source}</>
  );
}

function ModelCard({ m }: { m: ModelListing }) {
  const blended = blendedPricePerMTok(m.pricing);
  const details = Object.entries(m.details);
  return (
    <article class={m.available ? 'model-card' : 'model-card model-off'} data-model-id={m.id}>
      <header>
        <h2>
          <a href={modelHash(m.id)}>{m.label}</a> <span class="org">{m.organisation}</span>
        </h2>
        <span class={m.available ? 'badge badge-ok' : 'badge badge-off'}>{m.available ? 'Available' : 'Unavailable'}</span>
      </header>
      {!m.available && m.unavailableReason ? <p class="why">{m.unavailableReason}</p> : null}
      <dl class="specs">
        <div>
          <dt>Id</dt>
          <dd>
            <code>{m.id}</code>
          </dd>
        </div>
        <div>
          <dt>Provider</dt>
          <dd data-testid="provider">
            {m.providerLabel} · <code>{m.upstreamModel}</code>
          </dd>
        </div>
        <div>
          <dt>Price in / out</dt>
          <dd>
            {formatPricePerMTok(m.pricing.inputPerMTok)} / {formatPricePerMTok(m.pricing.outputPerMTok)} per M tokens
            {m.pricing.cachedInputPerMTok !== null ? ` · cached ${formatPricePerMTok(m.pricing.cachedInputPerMTok)}` : ''}
          </dd>
        </div>
        <div>
          <dt>Blended (3:1)</dt>
          <dd>{blended === null ? DASH : `${formatPricePerMTok(blended)} per M`}</dd>
        </div>
        <div>
          <dt>Context</dt>
          <dd>{m.contextWindow === null ? DASH : `${formatCount(m.contextWindow)} tokens`}</dd>
        </div>
        <div>
          <dt>Max output</dt>
          <dd>{m.maxOutputTokens === null ? DASH : `${formatCount(m.maxOutputTokens)} tokens`}</dd>
        </div>
        <div>
          <dt>Released</dt>
          <dd>{m.releaseDate ?? DASH}</dd>
        </div>
        <div>
          <dt>Knowledge cutoff</dt>
          <dd>{m.knowledgeCutoff ?? DASH}</dd>
        </div>
        <div>
          <dt>License</dt>
          <dd>
            {m.license ?? DASH}
            {m.openWeights ? ' · open weights' : ''}
          </dd>
        </div>
        {details.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
        <div>
          <dt>Source</dt>
          <dd>
            <Source source={m.source} />
          </dd>
        </div>
      </dl>
    </article>
  );
}

/** Every model in the catalog, available or not (and why not). */
export default function ModelsPage({ models }: { models: ModelsStore }) {
  useEffect(() => {
    void models.refresh();
  }, []);
  const query = useSignal('');
  const provider = useSignal('');
  const organisation = useSignal('');
  const data = models.data.value;
  const all = data ? [...data.models].sort((a, b) => Number(b.available) - Number(a.available) || a.label.localeCompare(b.label)) : [];
  const availableCount = all.filter((m) => m.available).length;
  const providers = [...new Set(all.map((m) => m.providerLabel))].sort();
  const organisations = [...new Set(all.map((m) => m.organisation))].sort();
  const list = all.filter(
    (m) =>
      modelMatchesQuery(m, query.value) &&
      (provider.value === '' || m.providerLabel === provider.value) &&
      (organisation.value === '' || m.organisation === organisation.value),
  );
  return (
    <main class="page" id="main" tabIndex={-1}>
      <h1>Models</h1>
      {models.error.value ? (
        <p class="notice" role="alert">
          Could not load the catalog: {models.error.value}
        </p>
      ) : null}
      {!data && !models.error.value ? (
        <p class="hint" role="status">
          Loading…
        </p>
      ) : null}
      {data ? (
        <p class="hint">
          {all.length} models in the catalog, {availableCount} available now. Prices are US dollars per million tokens.
        </p>
      ) : null}
      {data?.setupGuide ? <SetupPanel guide={data.setupGuide} /> : null}
      {all.length > 1 ? (
        <form class="model-filters" role="search" aria-label="Filter models" onSubmit={(e) => e.preventDefault()}>
          <label>
            Search
            <input
              type="search"
              value={query.value}
              placeholder="Name, organisation or provider"
              onInput={(e) => (query.value = e.currentTarget.value)}
            />
          </label>
          <label>
            Provider
            <select value={provider.value} onChange={(e) => (provider.value = e.currentTarget.value)}>
              <option value="">All providers</option>
              {providers.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <label>
            Organisation
            <select value={organisation.value} onChange={(e) => (organisation.value = e.currentTarget.value)}>
              <option value="">All organisations</option>
              {organisations.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </label>
          {list.length < all.length ? (
            <span class="hint" role="status">
              {list.length} of {all.length} shown
            </span>
          ) : null}
        </form>
      ) : null}
      <div class="model-grid">
        {list.map((m) => (
          <ModelCard key={m.id} m={m} />
        ))}
      </div>
    </main>
  );
}
