import type { RatingsMode } from '../../shared/api.ts';
import type { ModelPageResponse } from '../../shared/model-page-api.ts';
import { SourceList } from '../components/compare/source-list.tsx';
import { ModeSwitch } from '../components/mode-switch.tsx';
import { FactTable } from '../components/model/fact-table.tsx';
import { RatingHistoryChart } from '../components/model/rating-history-chart.tsx';
import { StaleNote } from '../components/stale-note.tsx';
import { fetchModelPage } from '../lib/model-page-api.ts';
import { historyCells, measuredFactRows, opponentCells, publishedFactRows, specFactRows } from '../lib/model-page-rows.ts';
import { compareHash, leaderboardHash, modelHash, modelParamsOf } from '../lib/router.ts';
import { SourceNotes } from '../lib/source-notes.ts';
import { useApiData } from '../lib/use-api-data.ts';

function Opponents({ p, mode }: { p: ModelPageResponse; mode: RatingsMode }) {
  const me = p.model.row.modelId;
  return (
    <section class="card card-wide" aria-labelledby="opp-title" data-testid="opponents">
      <h2 id="opp-title">Record against every opponent</h2>
      {p.opponents.length === 0 ? (
        <p class="empty">No counted votes against any opponent in this board yet.</p>
      ) : (
        <table class="vs-table" data-testid="opponent-table">
          <caption class="visually-hidden">Wins and losses against each opponent, with the chance the ratings predict</caption>
          <thead>
            <tr>
              <th scope="col">Opponent</th>
              <th scope="col">Wins–losses</th>
              <th scope="col">Votes</th>
              <th scope="col">Predicted win chance</th>
            </tr>
          </thead>
          <tbody>
            {p.opponents.map((o) => {
              const c = opponentCells(o);
              return (
                <tr key={o.modelId} data-opponent={o.modelId}>
                  <th scope="row">
                    <a href={compareHash(me, o.modelId, mode)}>{o.label}</a>
                  </th>
                  <td data-col="record">{c.record}</td>
                  <td data-col="votes">{c.votes}</td>
                  <td data-col="predicted">{c.predicted}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function History({ p }: { p: ModelPageResponse }) {
  return (
    <section class="card card-wide" aria-labelledby="history-title" data-testid="history">
      <h2 id="history-title">Rating over time</h2>
      {p.history.length === 0 ? (
        <p class="empty">No counted votes yet.</p>
      ) : (
        <>
          <RatingHistoryChart points={p.history} label={p.model.row.label} />
          <table class="vs-table" data-testid="history-table">
            <caption class="visually-hidden">The rating after each period, from the votes up to then</caption>
            <thead>
              <tr>
                <th scope="col">Votes up to</th>
                <th scope="col">Rating</th>
                <th scope="col">95% interval</th>
                <th scope="col">Its votes</th>
              </tr>
            </thead>
            <tbody>
              {p.history.map((pt) => {
                const c = historyCells(pt);
                return (
                  <tr key={pt.at}>
                    <th scope="row">{c.date}</th>
                    <td>{c.rating}</td>
                    <td>{c.interval}</td>
                    <td>{c.votes}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p class="hint">
            The board refitted from the votes up to each point, {p.historyStepDays} days apart, with profile-likelihood intervals (the board
            above may use the bootstrap); each rating is relative to the anchor of its moment.
            {p.historyVotes.complete
              ? ''
              : ` Refitted from the latest ${p.historyVotes.read.toLocaleString('en')} votes only: earlier ones are left out to keep this page quick, so early points stand on fewer votes than the board had then.`}
          </p>
        </>
      )}
    </section>
  );
}

function Body({ p, mode }: { p: ModelPageResponse; mode: RatingsMode }) {
  const notes = new SourceNotes();
  const specs = specFactRows(p.model, p.specSource, notes);
  const published = publishedFactRows(p.model, notes);
  return (
    <div class="compare-grid">
      <section class="card" aria-labelledby="m-measured" data-testid="model-measured">
        <h2 id="m-measured">Measured in this arena</h2>
        <FactTable caption="This arena's own figures" rows={measuredFactRows(p.model)} testId="model-measured-table" />
      </section>
      <section class="card" aria-labelledby="m-published" data-testid="model-published">
        <h2 id="m-published">Published figures</h2>
        {published.length === 0 ? (
          <p class="empty">The catalog holds no published benchmark, speed or hosted price for this model.</p>
        ) : (
          <FactTable caption="Figures published elsewhere, with their sources" rows={published} testId="model-published-table" />
        )}
      </section>
      <Opponents p={p} mode={mode} />
      <History p={p} />
      <section class="card card-wide" aria-labelledby="m-specs" data-testid="model-specs">
        <h2 id="m-specs">Specs</h2>
        <FactTable caption="Catalog facts" rows={specs} testId="model-spec-table" />
      </section>
      <SourceList notes={notes} />
    </div>
  );
}

/** One model: specs, published and measured figures, its record against every opponent, and its rating over time. */
export default function ModelPage({ hash }: { hash: string }) {
  const { id, mode } = modelParamsOf(hash);
  const { data, error } = useApiData(
    id ? `${mode}|${id}` : '',
    (signal) => (id ? fetchModelPage(id, mode, signal) : Promise.reject(new Error('No model given.'))),
    (d) => d.stale,
  );
  const p = data.value && data.value.model.row.modelId === id ? data.value : null;
  return (
    <main class="page compare model-page" id="main" tabIndex={-1}>
      <p class="crumb">
        <a href={leaderboardHash(mode)}>← Leaderboard</a>
      </p>
      <div class="page-head">
        <h1>{p ? p.model.row.label : 'Model'}</h1>
        {p ? <StaleNote stale={p.stale} computedAt={p.computedAt} /> : null}
      </div>
      {p ? <p class="hint">{p.model.row.organisation}</p> : null}
      <div class="compare-controls">
        {id ? <ModeSwitch name="model-mode" value={mode} onChange={(m) => (location.hash = modelHash(id, m))} /> : null}
      </div>
      {error.value ? (
        <p class="notice" role="alert">
          Could not load this model: {error.value}
        </p>
      ) : null}
      {!p && !error.value ? (
        <p class="hint" role="status">
          Loading…
        </p>
      ) : null}
      {p ? <Body p={p} mode={mode} /> : null}
    </main>
  );
}
