import { useEffect } from 'preact/hooks';
import type { ModelListing } from '../../shared/catalog.ts';
import { blendedPricePerMTok } from '../../shared/catalog.ts';
import { DASH, formatCount, formatPricePerMTok } from '../lib/format.ts';
import type { ModelsStore } from '../lib/models-store.ts';
import { modelHash } from '../lib/router.ts';

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
          <dd>
            {m.provider} · <code>{m.upstreamModel}</code>
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
export function ModelsPage({ models }: { models: ModelsStore }) {
  useEffect(() => {
    void models.refresh();
  }, []);
  const data = models.data.value;
  const list = data ? [...data.models].sort((a, b) => Number(b.available) - Number(a.available) || a.label.localeCompare(b.label)) : [];
  const availableCount = list.filter((m) => m.available).length;
  return (
    <main class="page" id="main" tabIndex={-1}>
      <h1>Models</h1>
      {models.error.value ? <p class="notice" role="alert">Could not load the catalog: {models.error.value}</p> : null}
      {!data && !models.error.value ? <p class="hint" role="status">Loading…</p> : null}
      {data ? (
        <p class="hint">
          {list.length} models in the catalog, {availableCount} available now. Prices are US dollars per million tokens.
        </p>
      ) : null}
      {data?.setupHelp ? <pre class="setup-help">{data.setupHelp}</pre> : null}
      <div class="model-grid">
        {list.map((m) => (
          <ModelCard key={m.id} m={m} />
        ))}
      </div>
    </main>
  );
}
