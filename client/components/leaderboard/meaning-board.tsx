import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { RatingsMode } from '../../../shared/api.ts';
import { MEANING_QUERY_MAX_CHARS, type MeaningBoardResponse } from '../../../shared/meaning-api.ts';
import { formatInterval, formatRatingInterval } from '../../lib/format-board.ts';
import { formatCount } from '../../lib/format.ts';
import { fetchMeaningBoard } from '../../lib/meaning-api.ts';

/** Effective votes as people read them: whole votes, "< 1" for less. */
function effective(n: number): string {
  return n > 0 && n < 1 ? '< 1' : formatCount(Math.round(n));
}

function Result({ b }: { b: MeaningBoardResponse }) {
  if (b.rows.length === 0) {
    return (
      <p class="empty" data-testid="meaning-empty">
        No counted {b.mode === 'all' ? '' : `${b.mode} `}vote has an embedded prompt yet
        {b.embedding.backfilling ? ' (stored battles are being embedded; try again shortly)' : ''}.
      </p>
    );
  }
  return (
    <>
      <p class="hint" data-testid="meaning-summary">
        ≈ {effective(b.effectiveVotes)} effective votes of {formatCount(b.votesConsidered)} for “{b.query}”. Each vote counts by how close
        its prompt is to the topic (softmax over cosine similarity, temperature {b.temperature}); the effective count is what the weighted
        votes are worth as equal ones, and the intervals are as wide as that. Latest {formatCount(b.voteLimit)} embedded votes at most
        {b.truncated ? ' (older ones left out)' : ''}; embeddings by {b.embeddingModel.label}.
        {b.embedding.backfilling ? ' Stored battles are still being embedded: this board does not see them all yet.' : ''}
      </p>
      <table class="lb-table meaning-table" data-testid="meaning-table">
        <caption class="visually-hidden">Ratings for prompts like “{b.query}”</caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Model</th>
            <th scope="col">Rating (95% interval)</th>
            <th scope="col">Effective votes</th>
          </tr>
        </thead>
        <tbody>
          {b.rows.map((r) => (
            <tr key={r.modelId} class={r.provisional ? 'provisional' : undefined}>
              <td>{r.rankUB ?? '—'}</td>
              <th scope="row">{r.label}</th>
              <td title={formatInterval(r.ciLower, r.ciUpper)}>
                {formatRatingInterval(r.rating, r.ciLower, r.ciUpper)}
                {r.provisional ? ' (provisional)' : ''}
              </td>
              <td>{effective(r.effectiveVotes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/**
 * "Board by meaning": type a topic, get the ratings for prompts like it
 * (GET /api/leaderboard/meaning). Loaded when its section is first opened.
 */
export default function MeaningBoard({ mode }: { mode: RatingsMode }) {
  const text = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const result = useSignal<MeaningBoardResponse | null>(null);
  const running = useRef<AbortController | null>(null);
  useEffect(() => () => running.current?.abort(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    const q = text.value.trim();
    if (!q) return;
    running.current?.abort();
    const ctrl = new AbortController();
    running.current = ctrl;
    busy.value = true;
    error.value = null;
    try {
      result.value = await fetchMeaningBoard(mode, q, ctrl.signal);
    } catch (err) {
      if (!ctrl.signal.aborted) error.value = (err as Error).message;
    } finally {
      if (running.current === ctrl) busy.value = false;
    }
  };

  return (
    <div class="meaning-board">
      <form class="meaning-form" onSubmit={(e) => void submit(e)}>
        <label for="meaning-q">Topic</label>
        <input
          id="meaning-q"
          type="search"
          maxLength={MEANING_QUERY_MAX_CHARS}
          placeholder="SQL migrations, customer emails in German…"
          value={text.value}
          onInput={(e) => (text.value = e.currentTarget.value)}
        />
        <button type="submit" class="btn" disabled={busy.value || text.value.trim() === ''}>
          {busy.value ? 'Rating…' : 'Rate'}
        </button>
      </form>
      {error.value ? (
        <p class="notice" role="alert" data-testid="meaning-error">
          {error.value}
        </p>
      ) : null}
      {result.value ? <Result b={result.value} /> : null}
    </div>
  );
}
