import { useEffect, useState } from 'preact/hooks';
import { z } from 'zod';
import { ModelsResponse } from '../../shared/api.ts';
import {
  CostEstimate,
  NextReview,
  PromptSetItem,
  PromptSetSummary,
  ReviewVoteResponse,
  RunProgress,
  SetResults,
  SetRunSummary,
} from '../../shared/prompt-set.ts';
import type { VoteChoice } from '../../shared/protocol.ts';
import { getJson, postJson } from '../lib/sets-api.ts';

/**
 * Prompt sets: #/sets (the sets, and import for admins), #/sets/<id> (runs
 * with their progress, starting a run, results), #/sets/review/<run id> (the
 * blind review queue, by keyboard: A or ←, B or →, T tie, X both bad).
 */

const SetsList = z.object({ sets: z.array(PromptSetSummary) });
const SetDetail = z.object({ set: PromptSetSummary, runs: z.array(SetRunSummary), items: z.array(PromptSetItem) });

const enc = encodeURIComponent;
const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(0)}%`);
const usd = (x: number | null) => (x === null ? 'unknown' : `$${x.toFixed(4)}`);
const ms = (x: number | null) => (x === null ? '–' : `${Math.round(x)} ms`);

export default function SetsPage({ hash, admin }: { hash: string; admin: boolean }) {
  const parts = hash.replace(/^#\/?/, '').split('?')[0]!.split('/').slice(1).map(decodeURIComponent);
  if (parts[0] === 'review' && parts[1]) return <ReviewQueue runId={parts[1]} />;
  if (parts[0]) return <SetView setId={parts[0]} admin={admin} />;
  return <SetIndex admin={admin} />;
}

function Problem({ error }: { error: string | null }) {
  return error ? (
    <p class="notice" role="alert">
      {error}
    </p>
  ) : null;
}

function SetIndex({ admin }: { admin: boolean }) {
  const [sets, setSets] = useState<PromptSetSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    getJson('/api/sets', SetsList).then(
      (r) => setSets(r.sets),
      (e: Error) => setError(e.message),
    );
  useEffect(() => void load(), []);
  return (
    <main class="page" id="main" tabIndex={-1}>
      <h1>Prompt sets</h1>
      <Problem error={error} />
      {sets === null ? (
        <p class="hint">Loading…</p>
      ) : sets.length === 0 ? (
        <p class="hint">No prompt sets yet.</p>
      ) : (
        <ul data-testid="set-list">
          {sets.map((s) => (
            <li key={s.id}>
              <a href={`#/sets/${enc(s.id)}`}>
                {s.name} v{s.version}
              </a>{' '}
              ({s.items} prompts)
            </li>
          ))}
        </ul>
      )}
      {admin ? <ImportForm onImported={() => void load()} /> : null}
    </main>
  );
}

function ImportForm({ onImported }: { onImported: () => void }) {
  const [name, setName] = useState('');
  const [format, setFormat] = useState<'jsonl' | 'csv'>('jsonl');
  const [content, setContent] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setContent(await file.text());
    if (file.name.toLowerCase().endsWith('.csv')) setFormat('csv');
    if (!name) setName(file.name.replace(/\.(jsonl|csv)$/i, ''));
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const s = await postJson('/api/sets', { name, format, content }, PromptSetSummary);
      setStatus(`Imported "${s.name}" version ${s.version}: ${s.items} prompts.`);
      setContent('');
      onImported();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="import-title">
      <h2 id="import-title">Import a set</h2>
      <p class="hint">
        JSONL (one object per line: prompt, system, tags, notes) or CSV with those columns. A name used before makes its next version.
      </p>
      <label>
        Name <input id="set-name" value={name} onInput={(e) => setName(e.currentTarget.value)} required />
      </label>
      <label>
        Format{' '}
        <select id="set-format" value={format} onChange={(e) => setFormat(e.currentTarget.value as 'jsonl' | 'csv')}>
          <option value="jsonl">JSONL</option>
          <option value="csv">CSV</option>
        </select>
      </label>
      <label>
        File <input id="set-file" type="file" accept=".jsonl,.csv,.txt" onChange={(e) => void onFile(e.currentTarget.files?.[0])} />
      </label>
      <label>
        Or paste it
        <textarea id="set-content" rows={6} value={content} onInput={(e) => setContent(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={!name || !content}>
        Import
      </button>
      <Problem error={error} />
      {status ? <p role="status">{status}</p> : null}
    </form>
  );
}

function SetView({ setId, admin }: { setId: string; admin: boolean }) {
  const [detail, setDetail] = useState<z.infer<typeof SetDetail> | null>(null);
  const [results, setResults] = useState<SetResults | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    Promise.all([getJson(`/api/sets/${enc(setId)}`, SetDetail), getJson(`/api/sets/${enc(setId)}/results`, SetResults)]).then(
      ([d, r]) => (setDetail(d), setResults(r)),
      (e: Error) => setError(e.message),
    );
  useEffect(() => void load(), [setId]);
  if (!detail)
    return (
      <main class="page" id="main" tabIndex={-1}>
        {error ? <Problem error={error} /> : <p class="hint">Loading…</p>}
      </main>
    );
  return (
    <main class="page" id="main" tabIndex={-1}>
      <p>
        <a href="#/sets">All sets</a>
      </p>
      <h1>
        {detail.set.name} v{detail.set.version}
      </h1>
      <p>{detail.set.items} prompts.</p>
      <h2>Runs</h2>
      {detail.runs.length === 0 ? <p class="hint">Not run yet.</p> : null}
      {detail.runs.map((r) => (
        <RunRow key={r.id} run={r} onDone={() => void load()} />
      ))}
      {admin ? <RunForm setId={setId} onStarted={() => void load()} /> : null}
      {results ? <Results results={results} setId={setId} admin={admin} /> : null}
    </main>
  );
}

function RunRow({ run, onDone }: { run: SetRunSummary; onDone: () => void }) {
  const [p, setP] = useState<RunProgress | null>(null);
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () =>
      getJson(`/api/sets/runs/${enc(run.id)}`, RunProgress).then(
        (next) => {
          if (stop) return;
          setP(next);
          if (next.run.status === 'running') timer = setTimeout(() => void poll(), 1000);
          else if (run.status === 'running') onDone();
        },
        () => {
          if (!stop) timer = setTimeout(() => void poll(), 3000);
        },
      );
    void poll();
    return () => ((stop = true), clearTimeout(timer));
  }, [run.id]);
  const share = p && p.total > 0 ? p.done / p.total : 0;
  return (
    <section class="set-run" data-testid="run" aria-label={`Run ${run.models.join(' vs ')}`}>
      <h3>{run.models.join(' vs ')}</h3>
      <progress max={p?.total ?? 1} value={p?.done ?? 0} aria-label="Answers stored" />
      <p role="status" data-testid="run-status">
        {p ? `${p.run.status}: ${p.done}/${p.total} answers (${pct(share)})${p.failed ? `, ${p.failed} failed` : ''}` : 'Loading…'}
        {p?.waitingUntil ? ' — waiting out a rate limit' : ''}
      </p>
      <a href={`#/sets/review/${enc(run.id)}`}>Review this run blind</a>
    </section>
  );
}

function RunForm({ setId, onStarted }: { setId: string; onStarted: () => void }) {
  const [models, setModels] = useState<string[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [concurrency, setConcurrency] = useState(4);
  const [estimate, setEstimate] = useState<CostEstimate | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(
    () =>
      void getJson('/api/models', ModelsResponse).then(
        (r) => setModels(r.models.filter((m) => m.available).map((m) => m.id)),
        (e: Error) => setError(e.message),
      ),
    [],
  );
  const body = { models: chosen, concurrency };
  const act = async (what: 'estimate' | 'runs') => {
    setError(null);
    try {
      if (what === 'estimate') setEstimate(await postJson(`/api/sets/${enc(setId)}/estimate`, body, CostEstimate));
      else {
        await postJson(`/api/sets/${enc(setId)}/runs`, body, RunProgress);
        setEstimate(null);
        onStarted();
      }
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form onSubmit={(e) => (e.preventDefault(), void act('runs'))} aria-labelledby="run-title">
      <h2 id="run-title">Run against models</h2>
      <fieldset>
        <legend>Models (every pair of those chosen)</legend>
        {models.map((m) => (
          <label key={m}>
            <input
              type="checkbox"
              checked={chosen.includes(m)}
              onChange={(e) => setChosen(e.currentTarget.checked ? [...chosen, m] : chosen.filter((c) => c !== m))}
            />{' '}
            {m}
          </label>
        ))}
      </fieldset>
      <label>
        Requests at once per endpoint{' '}
        <input type="number" min={1} max={16} value={concurrency} onInput={(e) => setConcurrency(Number(e.currentTarget.value))} />
      </label>
      <button type="button" disabled={chosen.length < 2} onClick={() => void act('estimate')}>
        Estimate cost
      </button>
      {estimate ? (
        <p data-testid="estimate">
          At most {usd(estimate.totalUsd)} for {estimate.prompts} prompts (every answer at {estimate.assumedOutputTokens} tokens).
        </p>
      ) : null}
      <button type="submit" disabled={chosen.length < 2}>
        Start run
      </button>
      <Problem error={error} />
    </form>
  );
}

function Results({ results, setId, admin }: { results: SetResults; setId: string; admin: boolean }) {
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">Results</h2>
      {results.pairs.length === 0 ? <p class="hint">No votes yet.</p> : null}
      {results.pairs.length > 0 ? (
        <table data-testid="pair-results">
          <caption>Win rate of the first model (ties count half), 95% interval</caption>
          <thead>
            <tr>
              <th scope="col">Pair</th>
              <th scope="col">Votes</th>
              <th scope="col">Wins / losses / ties</th>
              <th scope="col">Win rate</th>
              <th scope="col">95% interval</th>
            </tr>
          </thead>
          <tbody>
            {results.pairs.map((p) => (
              <tr key={`${p.modelA} ${p.modelB}`}>
                <th scope="row">
                  {p.modelA} vs {p.modelB}
                </th>
                <td>{p.votes}</td>
                <td>
                  {p.winsA} / {p.winsB} / {p.ties}
                </td>
                <td>{pct(p.winRateA)}</td>
                <td>
                  {pct(p.ciLower)} – {pct(p.ciUpper)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {results.models.length > 0 ? (
        <table data-testid="model-workload">
          <caption>Each model on this workload</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Answers</th>
              <th scope="col">Failed</th>
              <th scope="col">Cost</th>
              <th scope="col">Median TTFT</th>
              <th scope="col">Median latency</th>
              <th scope="col">Median tok/s</th>
            </tr>
          </thead>
          <tbody>
            {results.models.map((m) => (
              <tr key={m.model}>
                <th scope="row">{m.model}</th>
                <td>{m.answers}</td>
                <td>{m.failed}</td>
                <td>{usd(m.totalCostUsd)}</td>
                <td>{ms(m.medianTtftMs)}</td>
                <td>{ms(m.medianLatencyMs)}</td>
                <td>{m.medianTokensPerSecond === null ? '–' : m.medianTokensPerSecond.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {admin ? (
        <p>
          <a href={`/api/sets/${enc(setId)}/export.jsonl`} download>
            Export votes (JSONL)
          </a>
        </p>
      ) : null}
    </section>
  );
}

const KEYS: Record<string, VoteChoice> = { a: 'a', arrowleft: 'a', b: 'b', arrowright: 'b', t: 'tie', x: 'both_bad' };

function ReviewQueue({ runId }: { runId: string }) {
  const [next, setNext] = useState<NextReview | null>(null);
  const [last, setLast] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = () => getJson(`/api/sets/runs/${enc(runId)}/review`, NextReview).then(setNext, (e: Error) => setError(e.message));
  useEffect(() => void load(), [runId]);
  const vote = async (choice: VoteChoice) => {
    const item = next?.item;
    if (!item || busy) return;
    setBusy(true);
    try {
      const r = await postJson(`/api/sets/review/${enc(item.battleId)}/vote`, { choice }, ReviewVoteResponse);
      setLast(`Recorded. A was ${r.models.a}, B was ${r.models.b}.`);
      await load();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || target?.closest('input, textarea, select')) return;
      const choice = KEYS[e.key.toLowerCase()];
      if (!choice) return;
      e.preventDefault();
      void vote(choice);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  const item = next?.item;
  return (
    <main class="page" id="main" tabIndex={-1}>
      <h1>Blind review</h1>
      <Problem error={error} />
      {next ? (
        <p role="status" data-testid="review-position">
          {next.voted} of {next.total} pairs reviewed
        </p>
      ) : null}
      {last ? <p data-testid="review-last">{last}</p> : null}
      {next && !item ? <p data-testid="review-done">Nothing left to review here. Thank you.</p> : null}
      {item ? (
        <article data-testid="review-item" aria-label="Pair to review">
          {item.system ? <p class="hint">System prompt: {item.system}</p> : null}
          <h2>Prompt</h2>
          <p class="review-prompt">{item.prompt}</p>
          <div class="review-answers">
            {(['a', 'b'] as const).map((side) => (
              <section key={side} data-side={side} aria-label={`Answer ${side.toUpperCase()}`}>
                <h3>Answer {side.toUpperCase()}</h3>
                {/* Model output is untrusted: shown as text, never as HTML. */}
                <pre class="review-answer">{item.answers[side]}</pre>
              </section>
            ))}
          </div>
          <p class="hint">Keys: A or ← for A, B or → for B, T tie, X both bad.</p>
          <div role="group" aria-label="Your vote">
            <button type="button" disabled={busy} onClick={() => void vote('a')}>
              A is better
            </button>
            <button type="button" disabled={busy} onClick={() => void vote('b')}>
              B is better
            </button>
            <button type="button" disabled={busy} onClick={() => void vote('tie')}>
              Tie
            </button>
            <button type="button" disabled={busy} onClick={() => void vote('both_bad')}>
              Both bad
            </button>
          </div>
        </article>
      ) : null}
    </main>
  );
}
