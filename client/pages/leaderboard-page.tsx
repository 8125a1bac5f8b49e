import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { LeaderboardResponse } from '../../shared/api.ts';
import { fetchLeaderboard, type LeaderboardMode } from '../lib/api.ts';
import { formatCount, formatMs, formatPercent, formatTokensPerSecond, formatUsd } from '../lib/format.ts';

const MODES: readonly [LeaderboardMode, string][] = [
  ['blind', 'Blind votes'],
  ['named', 'Named votes'],
  ['all', 'All votes'],
];

/** Votes and win rate per model (full ratings come later), with this arena's measured medians. */
export function LeaderboardPage() {
  const mode = useSignal<LeaderboardMode>('blind');
  const data = useSignal<LeaderboardResponse | null>(null);
  const error = useSignal<string | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    error.value = null;
    fetchLeaderboard(mode.value, ac.signal).then(
      (d) => (data.value = d),
      (e: Error) => {
        if (!ac.signal.aborted) error.value = e.message;
      },
    );
    return () => ac.abort();
  }, [mode.value]);

  const rows = data.value
    ? [...data.value.rows].sort(
        (a, b) =>
          (a.rankUB ?? Infinity) - (b.rankUB ?? Infinity) ||
          (b.rating ?? -Infinity) - (a.rating ?? -Infinity) ||
          (b.winRate ?? -1) - (a.winRate ?? -1) ||
          b.votes - a.votes,
      )
    : [];

  return (
    <main class="page" id="main" tabIndex={-1}>
      <h1>Leaderboard</h1>
      <fieldset class="mode-switch">
        <legend class="visually-hidden">Which votes</legend>
        {MODES.map(([value, label]) => (
          <label key={value} class={mode.value === value ? 'seg seg-on' : 'seg'}>
            <input type="radio" name="lb-mode" value={value} checked={mode.value === value} onChange={() => (mode.value = value)} />
            {label}
          </label>
        ))}
      </fieldset>
      {error.value ? <p class="notice" role="alert">Could not load the leaderboard: {error.value}</p> : null}
      {data.value ? (
        <p class="hint" role="status">
          {formatCount(data.value.totalVotes)} votes{data.value.stale ? ' (newer votes are being counted)' : ''}. Rating:
          Bradley–Terry with its 95% interval; rank = 1 + models surely better. Win rate = wins ÷ decisive votes. Speed and cost
          are this arena&apos;s medians over finished answers.
        </p>
      ) : (
        !error.value && <p class="hint">Loading…</p>
      )}
      {data.value && rows.length === 0 ? <p>No votes yet: battle in the arena and vote.</p> : null}
      {rows.length > 0 ? (
        <div class="table-wrap">
          <table class="leaderboard">
            <thead>
              <tr>
                <th scope="col" title="1 + the number of models whose interval lies entirely above this one">Rank</th>
                <th scope="col">Model</th>
                <th scope="col" class="num">Rating</th>
                <th scope="col" class="num">Votes</th>
                <th scope="col" class="num">Wins</th>
                <th scope="col" class="num">Losses</th>
                <th scope="col" class="num">Ties</th>
                <th scope="col" class="num">Win rate</th>
                <th scope="col" class="num">First token</th>
                <th scope="col" class="num">Speed</th>
                <th scope="col" class="num">Cost / answer</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.modelId} data-model-id={r.modelId}>
                  <td>{r.rankUB ?? '—'}</td>
                  <th scope="row">
                    {r.label} <span class="org">{r.organisation}</span>
                  </th>
                  <td class="num">
                    {r.rating === null ? '—' : Math.round(r.rating)}
                    {r.rating !== null && r.ciLower !== null && r.ciUpper !== null ? (
                      <span class="ci">
                        {' '}
                        {Math.round(r.ciLower)}–{Math.round(r.ciUpper)}
                      </span>
                    ) : null}
                  </td>
                  <td class="num">{formatCount(r.votes)}</td>
                  <td class="num">{formatCount(r.wins)}</td>
                  <td class="num">{formatCount(r.losses)}</td>
                  <td class="num">{formatCount(r.ties)}</td>
                  <td class="num">{formatPercent(r.winRate)}</td>
                  <td class="num">{formatMs(r.ttftMs.median)}</td>
                  <td class="num">{formatTokensPerSecond(r.outputTokensPerSecond.median)}</td>
                  <td class="num">{formatUsd(r.costUsd.median)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </main>
  );
}
